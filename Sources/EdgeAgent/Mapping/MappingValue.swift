import Shared
import WireProtocol

/// Where a mapped value comes from: a record field, a constant, or a template of fields.
///
/// Written in the mapping as a field name (`shipment_no`), or as a mapping with one of `field`, `const` or
/// `template` (`"{order_no}-{line_no}"`), plus optional `format` and `offset` (dates and timestamps), `split`
/// (a separator that turns one value into a list) and `default` (used when the field is absent or empty).
public struct MappingValue: Sendable, Hashable {
    /// The origin of the value.
    public enum Origin: Sendable, Hashable {
        /// A field of the record.
        case field(String)
        /// The same text for every record.
        case constant(String)
        /// Text with `{field}` placeholders.
        case template([TemplatePart])
    }

    /// A piece of a template.
    public enum TemplatePart: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// A record field.
        case field(String)
    }

    /// Where the value comes from.
    public var origin: Origin
    /// How dates and timestamps are written, when the source does not use the ISO forms.
    public var format: TimestampFormat?
    /// A separator that splits one text into a list.
    public var split: String?
    /// The text used when the field is absent or empty.
    public var defaultText: String?

    /// Creates a value spec.
    public init(origin: Origin, format: TimestampFormat? = nil, split: String? = nil, defaultText: String? = nil) {
        self.origin = origin
        self.format = format
        self.split = split
        self.defaultText = defaultText
    }

    /// Reads the spec at `key` of `reader`, recording problems; `nil` when absent or unusable.
    public init?(reader: ConfigReader, key: String) {
        guard reader.contains(key) else { return nil }
        guard reader.isMapping(key) else {
            guard let field = reader.requiredString(key, hint: "name the record field") else { return nil }
            self.init(origin: .field(field))
            return
        }
        let section = reader.section(key)
        var origins: [Origin] = []
        if let field = section.requiredStringIfPresent("field") { origins.append(.field(field)) }
        if let constant = section.string("const") { origins.append(.constant(constant)) }
        if let template = section.requiredStringIfPresent("template") {
            guard let parts = Self.parseTemplate(template) else {
                section.problem("template", "unbalanced braces; write fields as {name}, e.g. \"{order_no}-{line_no}\"")
                return nil
            }
            origins.append(.template(parts))
        }
        guard origins.count == 1, let origin = origins.first else {
            reader.problem(key, "give exactly one of field, const or template")
            return nil
        }
        var format: TimestampFormat?
        if let formatText = section.string("format") {
            do {
                format = try TimestampFormat(formatText, offset: section.string("offset", default: "Z"))
            } catch {
                section.problem(section.contains("offset") && TimestampFormat.offset(section.string("offset") ?? "") == nil
                    ? "offset" : "format", error.message)
            }
        } else if section.contains("offset") {
            let offset = section.string("offset", default: "Z")
            format = try? TimestampFormat("rfc3339", offset: offset)
            if TimestampFormat.offset(offset) == nil { section.problem("offset", "\"\(offset)\" is not Z or ±HH:mm") }
        }
        self.init(
            origin: origin, format: format, split: section.requiredStringIfPresent("split"),
            defaultText: section.string("default"))
    }

    /// The fields this value reads.
    public var fields: [String] {
        switch origin {
        case .field(let name): [name]
        case .constant: []
        case .template(let parts):
            parts.compactMap { if case .field(let name) = $0 { name } else { nil } }
        }
    }

    /// The raw value for `record`, `nil` when absent and there is no default.
    func raw(_ record: MappingRecord) -> JSONValue? {
        switch origin {
        case .field(let name):
            if let value = record.value(name) { return value }
        case .constant(let text):
            return .string(text)
        case .template(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let literal): text += literal
                case .field(let name):
                    guard let value = record.value(name) else { return defaultText.map(JSONValue.string) }
                    text += value.stringValue ?? value.numberValue?.text ?? value.description
                }
            }
            return .string(text)
        }
        return defaultText.map(JSONValue.string)
    }

    /// Where the value came from, for messages (`field 'qty'`).
    var label: String {
        switch origin {
        case .field(let name): "field '\(name)'"
        case .constant(let text): "constant \"\(text.prefix(40))\""
        case .template: "template"
        }
    }

    static func parseTemplate(_ text: String) -> [TemplatePart]? {
        var parts: [TemplatePart] = []
        var literal = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character == "{" {
                guard let close = rest.firstIndex(of: "}") else { return nil }
                let name = rest[rest.index(after: rest.startIndex)..<close]
                guard !name.isEmpty, !name.contains("{") else { return nil }
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                parts.append(.field(String(name)))
                rest = rest[rest.index(after: close)...]
            } else {
                guard character != "}" else { return nil }
                literal.append(character)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return parts
    }
}

extension ConfigReader {
    /// The text at `key` if present, recording a problem when it is present but empty.
    func requiredStringIfPresent(_ key: String) -> String? {
        guard contains(key) else { _ = string(key); return nil }
        return requiredString(key, hint: "give a value or remove the key")
    }
}
