/// One thing wrong with a configuration: which key, where it came from, and what to do.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The dotted key path, e.g. `broker.tls.ca_file` or `sources[2].path`.
    public var keyPath: String
    /// Where the offending value came from, if it exists.
    public var origin: ConfigOrigin?
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates a problem.
    public init(keyPath: String, origin: ConfigOrigin?, message: String) {
        self.keyPath = keyPath
        self.origin = origin
        self.message = message
    }

    public var description: String {
        let place = origin.map { " (\($0))" } ?? ""
        return "\(keyPath.isEmpty ? "(top level)" : keyPath)\(place): \(message)"
    }
}

/// A configuration that cannot be used, with every problem found (not just the first).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in the order found.
    public var problems: [ConfigProblem]
    /// The file that was read, if any.
    public var path: String?

    /// Creates an error from its problems.
    public init(problems: [ConfigProblem], path: String?) {
        self.problems = problems
        self.path = path
    }

    public var description: String {
        let head = "\(path ?? "configuration"): \(problems.count) problem\(problems.count == 1 ? "" : "s")"
        return ([head] + problems.map { "  \($0)" }).joined(separator: "\n")
    }
}

/// Collects problems and the keys that were read while a configuration is decoded.
final class ConfigProblemSink {
    var problems: [ConfigProblem] = []
    var readKeyPaths: Set<String> = []
}
