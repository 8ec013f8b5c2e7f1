import Shared

/// One item of the agent's `sources:` list: a named source of a given type with its own settings.
///
/// Each type reads its own settings in its own file (``FileSourceSettings/init(reader:name:)``,
/// ``FolderSourceSettings/init(reader:name:)``, ``DatabaseSourceSettings/init(reader:name:environment:)``); adding
/// a type is one case here and one line in ``SourceSettings/read(_:)``.
public enum SourceSettings: Sendable {
    /// Tail files.
    case file(FileSourceSettings)
    /// Watch a drop folder.
    case folder(FolderSourceSettings)
    /// Poll a database table or query.
    case database(DatabaseSourceSettings)

    /// The types a source can have.
    public enum SourceType: String, Sendable, CaseIterable {
        /// Tail files (``FileSourceSettings``).
        case file
        /// Watch a drop folder (``FolderSourceSettings``).
        case folder
        /// Poll a database table or query (``DatabaseSourceSettings``).
        case database
    }

    /// The source's configured name.
    public var name: String {
        switch self {
        case .file(let settings): settings.name
        case .folder(let settings): settings.name
        case .database(let settings): settings.name
        }
    }

    /// The source's type.
    public var type: SourceType {
        switch self {
        case .file: .file
        case .folder: .folder
        case .database: .database
        }
    }

    /// Reads the `sources` list: every item needs a unique `name` and a `type`; problems are recorded per key path.
    public static func list(reader: ConfigReader) -> [SourceSettings] {
        var names: [String: String] = [:]
        var result: [SourceSettings] = []
        for item in reader.list("sources") {
            let name = item.requiredString("name", hint: "name the source, e.g. wms-shipments") ?? "unnamed"
            if !item.contains("name") {
                // Reported above; the rest of the item is still read so every problem shows at once.
            } else if let problem = nameProblem(name) {
                item.problem("name", problem)
            } else if let first = names[name] {
                item.problem("name", "\"\(name)\" is already the name of \(first); source names must be unique")
            } else {
                names[name] = item.keyPath
            }
            if let settings = read(item, name: name) { result.append(settings) }
        }
        return result
    }

    /// The settings of one item, by its `type`.
    static func read(_ item: ConfigReader, name: String) -> SourceSettings? {
        guard item.contains("type") else {
            item.problem("type", "missing; one of \(SourceType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
            return nil
        }
        let text = item.string("type", default: "")
        guard let type = SourceType(rawValue: text) else {
            let allowed = SourceType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let hint = ConfigReader.suggestion(for: text, among: SourceType.allCases.map(\.rawValue))
                .map { " (did you mean '\($0)'?)" } ?? ""
            item.problem("type", "expected one of \(allowed), found \"\(text)\"\(hint)")
            return nil
        }
        switch type {
        case .file: return .file(FileSourceSettings(reader: item, name: name))
        case .folder: return .folder(FolderSourceSettings(reader: item, name: name))
        case .database: return .database(DatabaseSourceSettings(reader: item, name: name))
        }
    }

    /// Why `name` cannot name a source (it keys the cursor and appears in event sources), or `nil`.
    static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
        return allowed && name.count <= 64
            ? nil : "\"\(name.prefix(80))\" must be 1 to 64 letters, digits, '-', '_' or '.'"
    }

    /// The events' `source` attribute for this source of the agent `identity`: `/tenant/site/agent/type/name`.
    public func sourceURI(tenant: String, site: String, agent: String) -> String {
        "/\(tenant)/\(site)/\(agent)/\(type.rawValue)/\(name)"
    }
}
