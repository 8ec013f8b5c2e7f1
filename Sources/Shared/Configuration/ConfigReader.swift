/// Reads typed values out of one mapping of a configuration, recording every problem with its key path
/// instead of stopping at the first.
///
/// Readers are cheap values; ``section(_:)`` and ``list(_:)`` return readers for nested parts that report
/// into the same list of problems.
public struct ConfigReader {
    let node: ConfigNode?
    /// The dotted key path of this reader's mapping (empty at the top).
    public let keyPath: String
    let sink: ConfigProblemSink

    init(node: ConfigNode?, keyPath: String, sink: ConfigProblemSink) {
        self.node = node
        self.keyPath = keyPath
        self.sink = sink
    }

    /// Whether this part of the configuration is present at all.
    public var isPresent: Bool {
        if case .null = node { return false }
        return node != nil
    }

    /// Whether `key` is present (and not null) in this mapping.
    public func contains(_ key: String) -> Bool {
        if case .null? = node?[key] { return false }
        return node?[key] != nil
    }

    /// The full key path of `key` in this mapping.
    public func path(of key: String) -> String {
        keyPath.isEmpty ? key : "\(keyPath).\(key)"
    }

    /// Records a problem with `key` (for checks across several values).
    public func problem(_ key: String?, _ message: String) {
        let path = key.map(path(of:)) ?? keyPath
        sink.problems.append(ConfigProblem(keyPath: path, origin: key.flatMap { node?[$0]?.origin } ?? node?.origin, message: message))
    }

    /// The scalar text at `key`, or `nil` when absent; records a problem when it is not a scalar.
    public func string(_ key: String) -> String? {
        guard let child = value(key) else { return nil }
        guard case .scalar(let text, _) = child else {
            problem(key, "expected a text value, found \(child.kindDescription)")
            return nil
        }
        return text
    }

    /// The scalar text at `key`, or `defaultValue` when absent.
    public func string(_ key: String, default defaultValue: String) -> String {
        string(key) ?? defaultValue
    }

    /// The scalar text at `key`, recording "missing" when absent or empty.
    public func requiredString(_ key: String, hint: String) -> String? {
        guard let text = string(key) else {
            if value(key) == nil { problem(key, "missing; \(hint)") }
            return nil
        }
        guard !text.isEmpty else {
            problem(key, "empty; \(hint)")
            return nil
        }
        return text
    }

    /// The integer at `key` within `range`, or `defaultValue` when absent or wrong.
    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) -> Int {
        guard let text = string(key) else { return defaultValue }
        guard let number = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(number) else {
            problem(key, "expected a whole number between \(range.lowerBound) and \(range.upperBound), found \"\(text)\"")
            return defaultValue
        }
        return number
    }

    /// The boolean at `key` (`true`/`false`, `yes`/`no`, `on`/`off`), or `defaultValue` when absent or wrong.
    public func bool(_ key: String, default defaultValue: Bool) -> Bool {
        guard let text = string(key) else { return defaultValue }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default:
            problem(key, "expected true or false, found \"\(text)\"")
            return defaultValue
        }
    }

    /// The duration at `key` (`250ms`, `5s`, `2m`, `1h30m`), or `defaultValue` when absent or wrong.
    public func duration(_ key: String, default defaultValue: Duration, in range: ClosedRange<Duration>? = nil) -> Duration {
        guard let text = string(key) else { return defaultValue }
        guard let duration = DurationText.parse(text) else {
            problem(key, "expected a duration such as 500ms, 30s, 5m or 1h, found \"\(text)\"")
            return defaultValue
        }
        if let range, !range.contains(duration) {
            problem(key, "must be between \(DurationText.format(range.lowerBound)) and \(DurationText.format(range.upperBound)), found \(text)")
            return defaultValue
        }
        return duration
    }

    /// The byte count at `key` (`4096`, `64KiB`, `512MiB`, `2GB`), or `defaultValue` when absent or wrong.
    public func byteCount(_ key: String, default defaultValue: Int64, in range: ClosedRange<Int64> = 0...Int64.max) -> Int64 {
        guard let text = string(key) else { return defaultValue }
        guard let bytes = ByteCountText.parse(text), range.contains(bytes) else {
            let bounds = range == 0...Int64.max
                ? "" : " between \(ByteCountText.format(range.lowerBound)) and \(ByteCountText.format(range.upperBound))"
            problem(key, "expected a size such as 4096, 64KiB, 512MiB or 2GiB\(bounds), found \"\(text)\"")
            return defaultValue
        }
        return bytes
    }

    /// One of `T`'s raw values at `key`, or `defaultValue` when absent or wrong.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: T) -> T where T.RawValue == String {
        guard let text = string(key) else { return defaultValue }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let hint = Self.closest(to: text, among: Set(T.allCases.map(\.rawValue))).map { " (did you mean '\($0)'?)" } ?? ""
            problem(key, "expected one of \(allowed), found \"\(text)\"\(hint)")
            return defaultValue
        }
        return value
    }

    /// A list of scalar texts at `key` (a single scalar counts as a list of one).
    public func stringList(_ key: String) -> [String] {
        guard let child = value(key) else { return [] }
        switch child {
        case .scalar(let text, _): return [text]
        case .sequence(let items, _):
            return items.enumerated().compactMap { index, item in
                sink.readKeyPaths.insert("\(path(of: key))[\(index)]")
                guard case .scalar(let text, _) = item else {
                    sink.problems.append(ConfigProblem(keyPath: "\(path(of: key))[\(index)]", origin: item.origin,
                                                       message: "expected a text value, found \(item.kindDescription)"))
                    return nil
                }
                return text
            }
        default:
            problem(key, "expected a list, found \(child.kindDescription)")
            return []
        }
    }

    /// The nested mapping at `key`; an absent section reads as empty, so its defaults apply.
    public func section(_ key: String) -> ConfigReader {
        let child = value(key)
        if let child {
            switch child {
            case .mapping, .null: break
            default: problem(key, "expected a mapping of keys, found \(child.kindDescription)")
            }
        }
        return ConfigReader(node: child, keyPath: path(of: key), sink: sink)
    }

    /// The mappings listed at `key`, each as a reader (`key[0]`, `key[1]`, …).
    public func list(_ key: String) -> [ConfigReader] {
        guard let child = value(key) else { return [] }
        guard case .sequence(let items, _) = child else {
            if case .null = child { return [] }
            problem(key, "expected a list, found \(child.kindDescription)")
            return []
        }
        return items.enumerated().map { index, item in
            let itemPath = "\(path(of: key))[\(index)]"
            sink.readKeyPaths.insert(itemPath)
            if case .mapping = item {} else {
                sink.problems.append(ConfigProblem(keyPath: itemPath, origin: item.origin,
                                                   message: "expected a mapping of keys, found \(item.kindDescription)"))
            }
            return ConfigReader(node: item, keyPath: itemPath, sink: sink)
        }
    }

    /// A secret at `key`, given as `{env: NAME}` or `{file: PATH}`; a literal value is refused.
    public func secret(_ key: String, environment: [String: String]) -> Secret? {
        guard let child = value(key) else { return nil }
        if case .scalar = child {
            problem(key, "secrets are not written into the file; use {env: VARIABLE} or {file: /path/to/secret}")
            return nil
        }
        let section = section(key)
        if let variable = section.string("env") {
            guard let value = environment[variable], !value.isEmpty else {
                section.problem("env", "environment variable \(variable) is not set")
                return nil
            }
            return Secret(value, origin: "environment variable \(variable)")
        }
        if let file = section.string("file") {
            guard let value = Secret.read(file: file) else {
                section.problem("file", "cannot read the secret file \(file); check the path and permissions")
                return nil
            }
            return Secret(value, origin: "file \(file)")
        }
        problem(key, "give the secret as {env: VARIABLE} or {file: /path/to/secret}")
        return nil
    }

    private func value(_ key: String) -> ConfigNode? {
        sink.readKeyPaths.insert(path(of: key))
        guard let child = node?[key] else { return nil }
        if case .null = child { return nil }
        return child
    }

    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    static func closest(to word: String, among candidates: Set<String>) -> String? {
        let scored = candidates.map { ($0, EditDistance.between(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(1, word.count / 3) ? best.0 : nil
    }
}
