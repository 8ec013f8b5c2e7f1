/// Where a configuration value came from, for error messages.
public enum ConfigOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A line of a YAML file.
    case file(path: String, line: Int)
    /// An environment variable that overrides the file.
    case environment(variable: String)
    /// The program's embedded defaults.
    case embedded

    public var description: String {
        switch self {
        case .file(let path, let line): "\(path):\(line)"
        case .environment(let variable): "environment variable \(variable)"
        case .embedded: "embedded defaults"
        }
    }
}

/// A parsed configuration tree: scalars keep their text and origin, mappings keep their key order.
public indirect enum ConfigNode: Sendable, Hashable {
    /// A scalar value as written (numbers, booleans and strings are all text until read).
    case scalar(String, ConfigOrigin)
    /// A mapping, in the order the keys were written.
    case mapping([ConfigEntry], ConfigOrigin)
    /// A sequence.
    case sequence([ConfigNode], ConfigOrigin)
    /// An explicit null (`~`, `null` or an empty value).
    case null(ConfigOrigin)

    /// Where this node came from.
    public var origin: ConfigOrigin {
        switch self {
        case .scalar(_, let origin), .mapping(_, let origin), .sequence(_, let origin), .null(let origin): origin
        }
    }

    /// The child at `key`, when this node is a mapping that has it.
    public subscript(key: String) -> ConfigNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// A short name of this node's kind, for messages ("a mapping", "a list", …).
    var kindDescription: String {
        switch self {
        case .scalar(let text, _): "\"\(text.prefix(60))\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .null: "nothing (null)"
        }
    }

    /// Returns this tree with `value` placed at `path`, creating mappings on the way.
    func setting(_ value: ConfigNode, at path: ArraySlice<String>) -> ConfigNode {
        guard let key = path.first else { return value }
        var entries: [ConfigEntry] = []
        var origin = value.origin
        if case .mapping(let existing, let existingOrigin) = self {
            entries = existing
            origin = existingOrigin
        }
        if let index = entries.lastIndex(where: { $0.key == key }) {
            entries[index].value = entries[index].value.setting(value, at: path.dropFirst())
        } else {
            entries.append(ConfigEntry(key: key, value: ConfigNode.null(value.origin).setting(value, at: path.dropFirst())))
        }
        return .mapping(entries, origin)
    }
}

/// One key and its value in a configuration mapping.
public struct ConfigEntry: Sendable, Hashable {
    /// The key as written.
    public var key: String
    /// The value.
    public var value: ConfigNode
}
