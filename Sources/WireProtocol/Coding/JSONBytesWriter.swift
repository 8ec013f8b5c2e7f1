/// Writes a value's JSON straight into compact bytes, member by member, without building a ``JSONValue`` tree.
///
/// The output is byte for byte what ``JSONValue/encoded(pretty:)`` writes for the value's
/// ``JSONDirectEncodable/directJSON``: the same member order, `nil` optionals left out, numbers in their text, strings
/// escaped by ``JSONSerializer``. The `add` overloads mirror ``JSONMembers``.
struct JSONBytesWriter: ~Copyable {
    /// The buffer: `count` bytes written of `capacity`.
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Whether the next member or element is the first of its object or array (no comma before it).
    private var first = true

    /// A writer whose buffer starts with room for `capacity` bytes.
    init(capacity: Int = 2048) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `extra` more bytes.
    @inline(__always) private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always) private mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: from, count: bytes.count)
        count += bytes.count
    }

    /// Appends `text` as it is (number text), its bytes copied in place as ``appendString(_:)`` copies them: a mutable
    /// copy of the string for `withUTF8` and a call to `memcpy` cost more than the few digits.
    private mutating func appendRaw(_ text: String) {
        let written = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard let from = utf8.baseAddress else { return true }
            let n = utf8.count
            reserve(n)
            ByteCopy.copy(base + count, from, n)
            count += n
            return true
        }
        if written != true {
            var text = text
            text.withUTF8 { append($0) }
        }
    }

    /// Appends `text` as a JSON string, escaped as ``JSONSerializer`` escapes it.
    ///
    /// In line at each `add`: a call per string cost about 2% of the EDI benchmark's instructions.
    @inline(__always)
    private mutating func appendString(_ text: String) {
        let written = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard let from = utf8.baseAddress else {
                reserve(2)
                base[count] = UInt8(ascii: "\"")
                base[count + 1] = UInt8(ascii: "\"")
                count += 2
                return true
            }
            let n = utf8.count
            guard !Self.needsEscaping(from, n) else { return false }
            reserve(n + 2)
            base[count] = UInt8(ascii: "\"")
            ByteCopy.copy(base + count + 1, from, n)
            base[count + 1 + n] = UInt8(ascii: "\"")
            count += n + 2
            return true
        }
        if written != true { appendEscaping(text) }
    }

    /// Appends `text` as a JSON string through the serialiser: the rare string with a character that needs escaping
    /// (or without contiguous UTF-8), kept out of line so that ``appendString(_:)`` stays small where it is inlined.
    @inline(never)
    private mutating func appendEscaping(_ text: String) {
        var serializer = JSONSerializer(pretty: false, capacity: text.utf8.count + 16)
        serializer.writeString(text)
        serializer.bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Whether any of the `n` bytes at `from` is a control character, a quote or a backslash, eight bytes at a time
    /// (the last, or only, word read so that it overlaps bytes already checked or is filled with harmless bytes).
    @inline(__always)
    private static func needsEscaping(_ from: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let raw = UnsafeRawPointer(from)
        guard n >= 8 else {
            // Under eight bytes: one word of two overlapping halves, the rest filled with "A"s.
            let word: UInt64
            if n >= 4 {
                word =
                    UInt64(raw.loadUnaligned(as: UInt32.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
            } else if n >= 2 {
                word =
                    UInt64(raw.loadUnaligned(as: UInt16.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)) << 16 | harmless << 32
            } else if n == 1 {
                word = UInt64(from[0]) | harmless << 8
            } else {
                return false
            }
            return wordNeedsEscaping(word)
        }
        var k = 0
        while k + 8 <= n {
            if wordNeedsEscaping(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) { return true }
            k += 8
        }
        return k < n && wordNeedsEscaping(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    }

    /// Bytes that need no escaping ("A"), to fill the unused bytes of a short string's word.
    private static let harmless: UInt64 = 0x4141_4141_4141_4141

    /// Whether any byte of `word` is below 0x20, a quote or a backslash (the usual SWAR tests; a false alarm would
    /// only take the slow path).
    @inline(__always)
    private static func wordNeedsEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zero = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs
        return below | zero != 0
    }

    /// Writes a whole ``JSONValue`` (for types without members of their own here).
    mutating func write(_ value: JSONValue) {
        value.encoded().withUnsafeBufferPointer { append($0) }
        first = false
    }

    /// Opens an object; its members follow.
    mutating func beginObject() {
        append(byte: UInt8(ascii: "{"))
        first = true
    }

    /// Closes the open object.
    mutating func endObject() {
        append(byte: UInt8(ascii: "}"))
        first = false
    }

    /// Writes the separator and the key of the next member; `key` needs no escaping.
    ///
    /// In line, as every `add` below: each member list's `add("key", …)` then writes its literal key with a constant
    /// length, in a few stores, instead of a call that measures and copies it (callgrind: about 2.5% of the EDI
    /// benchmark's instructions).
    @inline(__always)
    mutating func key(_ key: StaticString) {
        let n = key.utf8CodeUnitCount
        reserve(n + 4)
        if !first {
            base[count] = UInt8(ascii: ",")
            count += 1
        }
        first = false
        base[count] = UInt8(ascii: "\"")
        ByteCopy.copy(base + count + 1, key.utf8Start, n)
        base[count + 1 + n] = UInt8(ascii: "\"")
        base[count + 2 + n] = UInt8(ascii: ":")
        count += n + 3
    }

    /// Writes the separator and the key of the next member, a key known only at run time (escaped as needed).
    mutating func key(named key: String) {
        if !first { append(byte: UInt8(ascii: ",")) }
        first = false
        appendString(key)
        append(byte: UInt8(ascii: ":"))
    }

    /// Writes `json`, one value already written as compact JSON, as it is.
    mutating func writeEncoded(_ json: UnsafeBufferPointer<UInt8>) {
        append(json)
        first = false
    }

    /// Writes an array of values, each written by `element`.
    ///
    /// Elements are read in place through the array's buffer: iterating the array hands out a copy of each element
    /// (retains and releases of its members) once `element` is inlined.
    mutating func array<T>(_ values: [T], _ element: (inout JSONBytesWriter, T) -> Void) {
        append(byte: UInt8(ascii: "["))
        values.withUnsafeBufferPointer { elements in
            for index in elements.indices {
                if index > 0 { append(byte: UInt8(ascii: ",")) }
                element(&self, elements[index])
            }
        }
        append(byte: UInt8(ascii: "]"))
        first = false
    }

    @inline(__always)
    mutating func add(_ key: StaticString, _ value: String) {
        self.key(key)
        appendString(value)
    }

    @inline(__always)
    mutating func add(_ key: StaticString, _ value: String?) { if let value { add(key, value) } }

    @inline(__always)
    mutating func add(_ key: StaticString, _ value: DecimalNumber) {
        self.key(key)
        appendRaw(value.text)
    }

    @inline(__always)
    mutating func add(_ key: StaticString, _ value: DecimalNumber?) { if let value { add(key, value) } }
    @inline(__always)
    mutating func add(_ key: StaticString, _ value: Int?) { if let value { add(key, DecimalNumber(value)) } }
    @inline(__always)
    mutating func add(_ key: StaticString, _ value: LocalDate) {
        self.key(key)
        // The date's text, written in place: digits and dashes, nothing to escape.
        reserve(LocalDate.textLength + 2)
        base[count] = UInt8(ascii: "\"")
        value.writeText(to: base + count + 1)
        base[count + 1 + LocalDate.textLength] = UInt8(ascii: "\"")
        count += LocalDate.textLength + 2
    }

    @inline(__always)
    mutating func add(_ key: StaticString, _ value: LocalDate?) { if let value { add(key, value) } }
    @inline(__always)
    mutating func add(_ key: StaticString, _ value: ZonedDateTime) { add(key, value.text) }
    @inline(__always)
    mutating func add(_ key: StaticString, _ value: ZonedDateTime?) { if let value { add(key, value.text) } }
    @inline(__always)
    mutating func add(_ key: StaticString, _ value: SSCC?) { if let value { add(key, value.rawValue) } }
    @inline(__always)
    mutating func add(_ key: StaticString, _ value: CurrencyCode?) { if let value { add(key, value.rawValue) } }
    @inline(__always)
    mutating func add<Code: OpenCode>(_ key: StaticString, code value: Code) { add(key, value.rawValue) }

    @inline(__always)
    mutating func add(_ key: StaticString, _ values: [String]) {
        self.key(key)
        array(values) { writer, value in writer.appendString(value) }
    }

    @inline(__always)
    mutating func add(_ key: StaticString, _ values: [String]?) { if let values { add(key, values) } }

    @inline(__always)
    mutating func add<T: JSONDirectEncodable>(_ key: StaticString, _ value: T) {
        self.key(key)
        value.writeJSON(to: &self)
    }

    @inline(__always)
    mutating func add<T: JSONDirectEncodable>(_ key: StaticString, _ value: T?) { if let value { add(key, value) } }

    @inline(__always)
    mutating func add<T: JSONDirectEncodable>(_ key: StaticString, _ values: [T]) {
        self.key(key)
        array(values) { writer, value in value.writeJSON(to: &writer) }
    }

    @inline(__always)
    mutating func add<T: JSONDirectEncodable>(_ key: StaticString, _ values: [T]?) {
        if let values { add(key, values) }
    }
}
