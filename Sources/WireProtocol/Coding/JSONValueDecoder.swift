/// Decodes `Decodable` values from ``JSONValue``s and reports every problem, each with its JSON path.
///
/// Where Foundation's decoders stop at the first error, this decoder records the problem
/// (`$.data.lines[2].quantity.value: expected a decimal number, found string "ten"`, or
/// `$.data.orderNumber: missing required member "orderNumber"`), substitutes a stand-in value and carries on,
/// so one pass lists everything wrong with a payload. Members the type does not know are ignored.
public struct JSONValueDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes a value.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - value: The JSON to read.
    ///   - path: Where `value` sits in its document, used as the prefix of problem paths.
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/invalidMessage`` listing every problem.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: JSONPath = .root)
        throws(WireProtocolError) -> T
    {
        var problems: [ValidationProblem] = []
        let result = decode(type, from: value, at: path, problems: &problems)
        guard let result, problems.isEmpty else { throw WireProtocolError(code: .invalidMessage, problems: problems) }
        return result
    }

    /// Every problem decoding `value` as `type` would report; empty when it decodes cleanly.
    public func problems<T: Decodable>(decoding type: T.Type, from value: JSONValue, at path: JSONPath = .root)
        -> [ValidationProblem]
    {
        var problems: [ValidationProblem] = []
        _ = decode(type, from: value, at: path, problems: &problems)
        return problems
    }

    /// Decodes a value, appending problems to `problems`; `nil` when decoding had to stop early.
    ///
    /// A type that reads valid JSON directly (``JSONDirectDecodable``) is tried that way first; when that fails,
    /// decoding goes through `Decodable`, which reports every problem.
    func decode<T: Decodable>(
        _ type: T.Type, from value: JSONValue, at path: JSONPath, problems: inout [ValidationProblem]
    ) -> T? {
        if let direct = T.self as? any JSONDirectDecodable.Type, let decoded = direct.init(directJSON: value) {
            return decoded as? T
        }
        return decodeThroughCodable(type, from: value, at: path, problems: &problems)
    }

    /// Decodes a value through its `Decodable` conformance, appending problems to `problems`.
    ///
    /// The first pass tracks no paths and formats no messages; only when it finds a problem does a second pass
    /// run that records every problem with its path. Valid input, the common case, pays for one cheap pass.
    func decodeThroughCodable<T: Decodable>(
        _ type: T.Type, from value: JSONValue, at path: JSONPath, problems: inout [ValidationProblem]
    ) -> T? {
        let fast = DecodingReader(context: DecodingContext(base: path, tracksPaths: false))
        if let result = try? fast.decode(type, from: value, path: []), !fast.context.failed { return result }
        let reader = DecodingReader(context: DecodingContext(base: path, tracksPaths: true))
        defer { problems.append(contentsOf: reader.context.problems) }
        do {
            return try reader.decode(type, from: value, path: [])
        } catch let error as DecodingError {
            reader.context.record(error)
        } catch is RecordedProblems {
            // Already in the context.
        } catch {
            reader.context.problems.append(ValidationProblem(path: path, message: "\(error)"))
        }
        return nil
    }
}

/// The problems found so far in one decoding pass.
final class DecodingContext {
    let base: JSONPath
    /// Whether paths are tracked and problems recorded; when not, a problem only sets ``failed``.
    let tracksPaths: Bool
    var problems: [ValidationProblem] = []
    var failed = false
    /// Per keyed container, the member position after the last one found: synthesised decoders read members in
    /// declaration order, which is usually the order they were written in, so the next lookup starts there.
    var lookupHints: [Int] = []

    init(base: JSONPath, tracksPaths: Bool) {
        self.base = base
        self.tracksPaths = tracksPaths
    }

    func record(_ path: [JSONPath.Component], _ message: @autoclosure () -> String) {
        failed = true
        guard tracksPaths else { return }
        problems.append(ValidationProblem(path: base.appending(contentsOf: path), message: message()))
    }

    func record(_ found: [ValidationProblem]) {
        failed = true
        if tracksPaths { problems += found }
    }

    func record(_ error: DecodingError) {
        failed = true
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            context = c
        @unknown default:
            record([], "\(error)")
            return
        }
        let path = context.codingPath.map { key -> JSONPath.Component in
            if let index = key.intValue { return .index(index) }
            return .key(key.stringValue)
        }
        record(path, context.debugDescription)
    }
}

/// Thrown by a type that has recorded its problems in the ``DecodingContext`` and cannot build a value.
struct RecordedProblems: Error {}

/// A coding key made from a path step, for `codingPath`.
struct PathKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ component: JSONPath.Component) {
        switch component {
        case .key(let key):
            stringValue = key
            intValue = nil
        case .index(let index):
            stringValue = String(index)
            intValue = index
        }
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Reads scalars and dispatches nested values, recording problems instead of throwing.
///
/// A `nil` value means "stand-in mode": the value was missing or of the wrong kind, that problem is recorded,
/// and the type is built from stand-ins without recording anything more beneath it.
struct DecodingReader {
    let context: DecodingContext

    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue?, path: [JSONPath.Component]) throws -> T {
        // Scalars and leaf types are read directly, found by type identity (no dynamic casts, no decoder).
        let id = ObjectIdentifier(T.self)
        if id == ObjectIdentifier(String.self) { return reinterpret(string(value, path)) }
        if id == ObjectIdentifier(DecimalNumber.self) { return reinterpret(readLeaf(DecimalNumber.self, value, path)) }
        if id == ObjectIdentifier(ZonedDateTime.self) { return reinterpret(readLeaf(ZonedDateTime.self, value, path)) }
        if id == ObjectIdentifier(LocalDate.self) { return reinterpret(readLeaf(LocalDate.self, value, path)) }
        if id == ObjectIdentifier(Int.self) { return reinterpret(integer(value, path) as Int) }
        if id == ObjectIdentifier(Bool.self) { return reinterpret(bool(value, path)) }
        if let leaf = leafType(of: T.self) {
            return readLeaf(leaf, value, path) as! T
        }
        return try T(from: ValueDecoder(value: value, reader: self, path: path))
    }

    /// `value` as `T`, which the caller has established is its type.
    @inline(__always)
    private func reinterpret<U, T>(_ value: U) -> T {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: T.self, capacity: 1) { $0.pointee } }
    }

    private func readLeaf<L: JSONLeafCodable>(_ type: L.Type, _ value: JSONValue?, _ path: [JSONPath.Component]) -> L {
        guard let value else { return L.placeholder }
        switch L.decodeLeaf(value) {
        case .success(let leaf): return leaf
        case .failure(let problem):
            context.record(path, problem.message)
            return L.placeholder
        }
    }

    /// `path` extended by `component`, when paths are tracked.
    @inline(__always)
    func child(_ path: [JSONPath.Component], _ component: JSONPath.Component) -> [JSONPath.Component] {
        context.tracksPaths ? path + [component] : path
    }

    func mismatch(_ expected: String, _ value: JSONValue, _ path: [JSONPath.Component]) {
        context.record(path, "expected \(expected), found \(value.kindDescription)")
    }

    func string(_ value: JSONValue?, _ path: [JSONPath.Component]) -> String {
        guard let value else { return "" }
        if case .string(let text) = value { return text }
        mismatch("a string", value, path)
        return ""
    }

    func bool(_ value: JSONValue?, _ path: [JSONPath.Component]) -> Bool {
        guard let value else { return false }
        if case .bool(let flag) = value { return flag }
        mismatch("a boolean", value, path)
        return false
    }

    func double(_ value: JSONValue?, _ path: [JSONPath.Component]) -> Double {
        guard let value else { return 0 }
        if case .number(let number) = value { return number.doubleValue }
        mismatch("a number", value, path)
        return 0
    }

    func integer<I: FixedWidthInteger>(_ value: JSONValue?, _ path: [JSONPath.Component]) -> I {
        guard let value else { return 0 }
        guard case .number(let number) = value, number.isInteger else {
            mismatch(I.isSigned ? "an integer" : "a non-negative integer", value, path)
            return 0
        }
        guard let result = I(number.text) else {
            context.record(path, "integer \(number.text.prefix(40)) is out of range \(I.min)...\(I.max)")
            return 0
        }
        return result
    }
}
