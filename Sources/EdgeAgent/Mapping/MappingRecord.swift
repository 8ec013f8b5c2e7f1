import WireProtocol

/// One record a source read, before mapping: a CSV row with its header, or a JSON object.
public struct MappingRecord: Sendable {
    enum Storage: Sendable {
        case columns(CSVHeader, [String])
        case object(JSONObject)
    }

    let storage: Storage

    /// A CSV row; `fields` are in the header's column order.
    public static func csv(header: CSVHeader, fields: [String]) -> MappingRecord {
        MappingRecord(storage: .columns(header, fields))
    }

    /// A JSON object (a JSON-lines record or a JSON file).
    public static func json(_ object: JSONObject) -> MappingRecord {
        MappingRecord(storage: .object(object))
    }

    /// The value of a field: a CSV column by name, or a JSON member by name or dotted path (`order.number`,
    /// `lines.0.sku`); `nil` when absent, `null` or an empty CSV cell.
    public func value(_ field: String) -> JSONValue? {
        switch storage {
        case .columns(let header, let fields):
            guard let index = header.index[field], index < fields.count, !fields[index].isEmpty else { return nil }
            return .string(fields[index])
        case .object(let object):
            if let direct = object[field] { return direct.isNull ? nil : direct }
            guard field.contains(".") else { return nil }
            var node: JSONValue = .object(object)
            for part in field.split(separator: ".") {
                if let member = node[String(part)] {
                    node = member
                } else if let index = Int(part), let element = node[index] {
                    node = element
                } else {
                    return nil
                }
            }
            return node.isNull ? nil : node
        }
    }

    /// Whether the record can have `field` at all (a CSV header without that column cannot).
    public func knows(_ field: String) -> Bool {
        if case .columns(let header, _) = storage { return header.index[field] != nil }
        return true
    }

    /// The column names, for CSV records.
    public var columnNames: [String]? {
        if case .columns(let header, _) = storage { return header.names }
        return nil
    }
}

/// The header row of a CSV file: column names and their positions.
public final class CSVHeader: Sendable {
    /// The names as written.
    public let names: [String]
    /// The position of each name (the first, if a name repeats).
    public let index: [String: Int]

    /// Creates a header from its names.
    public init(names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil {
            index[name] = position
        }
        self.index = index
    }
}
