/// A value kept behind one shared reference: copying the wrapper copies a reference, and the first change made
/// through a shared copy copies the value (copy on write). Equality and hashing are the value's.
///
/// For values that are copied far more often than changed, such as the interchange and group headers every set
/// carries. Fields are read and written through key paths (`wrapper.field`), which the optimiser resolves to direct
/// accesses.
@dynamicMemberLookup
struct CopyOnWrite<Value: Hashable & Sendable>: Hashable, Sendable {
    /// `@unchecked Sendable`: the value is only changed while one wrapper alone holds the box, so a box shared
    /// between threads is never written. For the same reason no two accesses to `value` can overlap, and the
    /// run-time exclusivity check (a `swift_beginAccess` per field read) is left out.
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var value: Value

        init(_ value: Value) {
            self.value = value
        }
    }

    private var box: Box

    /// Wraps `value`.
    init(_ value: Value) {
        box = Box(value)
    }

    /// A field of the value; setting it copies the value first if another wrapper shares it.
    subscript<Field>(dynamicMember field: WritableKeyPath<Value, Field>) -> Field {
        get { box.value[keyPath: field] }
        set {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            box.value[keyPath: field] = newValue
        }
    }

    static func == (a: CopyOnWrite, b: CopyOnWrite) -> Bool {
        a.box === b.box || a.box.value == b.box.value
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(box.value)
    }
}
