/// The members or elements of the JSON containers being read, innermost last, moved out without copying.
///
/// When an object or array closes, its entries leave the top of the stack as an array of exactly their count.
/// A Swift array would copy them out of a slice and then destroy the originals, a retain and a release for each
/// key and value; here they are moved.
struct JSONParseStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// How many entries the stack holds.
    private(set) var count = 0

    init(capacity: Int = 32) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Puts `element` on top.
    mutating func append(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The entry at `position` (0 is the bottom), read in place.
    subscript(position: Int) -> Element {
        _read {
            precondition(position >= 0 && position < count, "position \(position) outside the stack of \(count)")
            yield base[position]
        }
    }

    /// Moves the entries from `first` to the top into an array, leaving the `first` entries below.
    mutating func popArray(from first: Int) -> [Element] {
        precondition(first >= 0 && first <= count, "first \(first) outside the stack of \(count)")
        let moved = count - first
        guard moved > 0 else { return [] }
        let source = base + first
        let result = [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: source, count: moved)
            initialized = moved
        }
        count = first
        return result
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}
