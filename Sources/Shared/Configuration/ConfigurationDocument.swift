import Foundation
import Yams

/// A configuration read from a YAML file (or embedded defaults) with environment overrides applied.
///
/// Environment variables named `CROSSDOCK_<SECTION>__<KEY>` override the file: `__` separates levels and
/// the rest is lower-cased, so `CROSSDOCK_BROKER__TLS__CA_FILE=/etc/ca.pem` sets `broker.tls.ca_file`. Every
/// setting lives in a section, so a variable without `__` (`CROSSDOCK_HOME`) is not an override and is ignored.
public struct ConfigurationDocument: Sendable {
    /// The prefix of environment variables that override configuration keys.
    public static let environmentPrefix = "CROSSDOCK_"

    /// The file read, or `nil` for embedded defaults.
    public let path: String?
    /// The tree, overrides applied.
    public let root: ConfigNode

    /// Creates a document from a tree.
    public init(root: ConfigNode, path: String?) {
        self.root = root
        self.path = path
    }

    /// Reads and parses the YAML file at `path`, then applies overrides from `environment`.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> ConfigurationDocument {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(
                problems: [ConfigProblem(keyPath: "", origin: nil,
                    message: "cannot read the file (\(error.localizedDescription)); check the path and permissions")],
                path: path)
        }
        return try parse(yaml: text, path: path).overridden(by: environment)
    }

    /// Parses YAML text; `path` names it in messages (`nil` for embedded defaults).
    public static func parse(yaml: String, path: String?) throws(ConfigurationError) -> ConfigurationDocument {
        let node: Node?
        do {
            // The basic resolver: `convert` reads scalars as text and recognises null itself, so Yams's default
            // resolver (seven NSRegularExpressions, compiled by ICU on first use) would only cost memory.
            node = try Yams.compose(yaml: yaml, .basic)
        } catch {
            throw ConfigurationError(
                problems: [ConfigProblem(keyPath: "", origin: nil, message: "not valid YAML: \(error)")], path: path)
        }
        var problems: [ConfigProblem] = []
        let root = node.map { convert($0, path: path, keyPath: "", problems: &problems) } ?? .mapping([], .embedded)
        guard problems.isEmpty else { throw ConfigurationError(problems: problems, path: path) }
        return ConfigurationDocument(root: root, path: path)
    }

    /// Returns this document with every `CROSSDOCK_…` variable of `environment` applied.
    public func overridden(by environment: [String: String]) -> ConfigurationDocument {
        var root = root
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            guard let keyPath = Self.keyPath(forEnvironmentVariable: name) else { continue }
            root = root.setting(.scalar(value, .environment(variable: name)), at: keyPath[...])
        }
        return ConfigurationDocument(root: root, path: path)
    }

    /// The key path an environment variable overrides, or `nil` if it is not an override.
    public static func keyPath(forEnvironmentVariable name: String) -> [String]? {
        guard name.hasPrefix(environmentPrefix), name.count > environmentPrefix.count else { return nil }
        let parts = name.dropFirst(environmentPrefix.count).components(separatedBy: "__").map { $0.lowercased() }
        return parts.count < 2 || parts.contains(where: \.isEmpty) ? nil : parts
    }

    /// Decodes the document with `build`, then reports every problem at once, unknown keys included.
    ///
    /// - Parameter build: reads values through a ``ConfigReader``; it records problems instead of throwing,
    ///   so one run finds all of them.
    public func decode<T>(_ build: (ConfigReader) -> T) throws(ConfigurationError) -> T {
        let sink = ConfigProblemSink()
        let reader = ConfigReader(node: root, keyPath: "", sink: sink)
        let value = build(reader)
        reportUnknownKeys(in: root, keyPath: "", sink: sink)
        guard sink.problems.isEmpty else { throw ConfigurationError(problems: sink.problems, path: path) }
        return value
    }

    private func reportUnknownKeys(in node: ConfigNode, keyPath: String, sink: ConfigProblemSink) {
        switch node {
        case .mapping(let entries, _):
            let known = entries.map(\.key)
            for entry in entries {
                let childPath = keyPath.isEmpty ? entry.key : "\(keyPath).\(entry.key)"
                if sink.readKeyPaths.contains(childPath) {
                    reportUnknownKeys(in: entry.value, keyPath: childPath, sink: sink)
                } else if !sink.readKeyPaths.contains(where: { $0.hasPrefix(childPath + ".") || $0.hasPrefix(childPath + "[") }) {
                    let siblings = sink.readKeyPaths.compactMap { read -> String? in
                        guard keyPath.isEmpty || read.hasPrefix(keyPath + ".") else { return nil }
                        let rest = keyPath.isEmpty ? read : String(read.dropFirst(keyPath.count + 1))
                        return rest.split(whereSeparator: { $0 == "." || $0 == "[" }).first.map(String.init)
                    }
                    let hint = ConfigReader.closest(to: entry.key, among: Set(siblings).subtracting(known))
                        .map { " (did you mean '\($0)'?)" } ?? ""
                    sink.problems.append(ConfigProblem(
                        keyPath: childPath, origin: entry.value.origin,
                        message: "unknown key\(hint); remove it or fix its spelling"))
                } else {
                    reportUnknownKeys(in: entry.value, keyPath: childPath, sink: sink)
                }
            }
        case .sequence(let items, _):
            for (index, item) in items.enumerated() {
                let childPath = "\(keyPath)[\(index)]"
                if sink.readKeyPaths.contains(childPath) {
                    reportUnknownKeys(in: item, keyPath: childPath, sink: sink)
                }
            }
        case .scalar, .null:
            break
        }
    }

    private static func convert(_ node: Node, path: String?, keyPath: String, problems: inout [ConfigProblem]) -> ConfigNode {
        let origin: ConfigOrigin = path.map { .file(path: $0, line: (node.mark?.line ?? 0)) } ?? .embedded
        switch node {
        case .scalar(let scalar):
            if node.null != nil, scalar.style == .plain { return .null(origin) }
            return .scalar(scalar.string, origin)
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    problems.append(ConfigProblem(keyPath: keyPath, origin: origin, message: "keys must be plain text"))
                    continue
                }
                let name = keyScalar.string
                let childPath = keyPath.isEmpty ? name : "\(keyPath).\(name)"
                if entries.contains(where: { $0.key == name }) {
                    problems.append(ConfigProblem(keyPath: childPath, origin: origin, message: "key appears twice; keep one"))
                }
                entries.append(ConfigEntry(key: name, value: convert(value, path: path, keyPath: childPath, problems: &problems)))
            }
            return .mapping(entries, origin)
        case .sequence(let sequence):
            return .sequence(sequence.enumerated().map { index, item in
                convert(item, path: path, keyPath: "\(keyPath)[\(index)]", problems: &problems)
            }, origin)
        case .alias:
            problems.append(ConfigProblem(keyPath: keyPath, origin: origin, message: "YAML aliases are not supported; write the value out"))
            return .null(origin)
        }
    }
}
