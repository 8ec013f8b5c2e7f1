import Foundation
import WireProtocol

/// A JSON request body with `{{path}}` placeholders in its strings, filled from the canonical event.
///
/// A string that is exactly one placeholder takes the value's JSON type (`"{{data}}"` is the data object,
/// `"{{sequence}}"` a number); a placeholder among other text is inserted as text (see ``RouteTemplate``). The
/// template `"{{event}}"` (the default) sends the whole event.
public struct RouteBodyTemplate: Sendable, Hashable {
    /// The template as written.
    public let text: String
    private let shape: JSONValue
    private let templates: [String: RouteTemplate]

    /// The whole event as the body.
    public static let wholeEvent: RouteBodyTemplate = {
        guard let template = try? RouteBodyTemplate("\"{{event}}\"") else {
            preconditionFailure("the whole-event body template does not parse")
        }
        return template
    }()

    /// Parses `text`: JSON (a bare `{{path}}` is read as the string `"{{path}}"`).
    ///
    /// - Throws: ``RouteTemplateError`` when the text is not JSON or a placeholder is malformed.
    public init(_ text: String) throws(RouteTemplateError) {
        self.text = text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let json = trimmed.hasPrefix("{{") ? "\"\(trimmed)\"" : trimmed
        do {
            shape = try JSONValue.parse(json)
        } catch {
            throw RouteTemplateError("the body is not JSON (\(error)); write it as JSON with \"{{path}}\" strings")
        }
        var templates: [String: RouteTemplate] = [:]
        try Self.collect(shape, into: &templates)
        self.templates = templates
    }

    private static func collect(_ value: JSONValue, into templates: inout [String: RouteTemplate])
        throws(RouteTemplateError)
    {
        switch value {
        case .string(let string) where string.contains("{{"):
            if templates[string] == nil { templates[string] = try RouteTemplate(string) }
        case .array(let elements):
            for element in elements { try collect(element, into: &templates) }
        case .object(let object):
            for member in object { try collect(member.value, into: &templates) }
        default: break
        }
    }

    /// The body for `event` (the event's JSON).
    ///
    /// - Throws: ``RouteTemplateError`` naming a placeholder the event has no value for.
    public func render(_ event: JSONValue) throws(RouteTemplateError) -> JSONValue {
        try fill(shape, from: event)
    }

    private func fill(_ value: JSONValue, from event: JSONValue) throws(RouteTemplateError) -> JSONValue {
        switch value {
        case .string(let string):
            guard let template = templates[string] else { return value }
            if let path = template.singlePlaceholder { return try path.value(in: event) }
            return .string(try template.render(event))
        case .array(let elements):
            var filled: [JSONValue] = []
            filled.reserveCapacity(elements.count)
            for element in elements { filled.append(try fill(element, from: event)) }
            return .array(filled)
        case .object(let object):
            var filled = JSONObject()
            for member in object { filled[member.key] = try fill(member.value, from: event) }
            return .object(filled)
        default:
            return value
        }
    }
}
