import Foundation
import Shared
import WireProtocol

/// Text with `{{path}}` placeholders filled from a canonical event: a route's path, header values, business key.
///
/// A path starts with an attribute of the event's JSON (`subject`, `tenant`, `site`, `agent`, `id`, `source`,
/// `type`, `time`, `sequence`, `correlationid`, `data`, the `partner` extension) or `event` (the whole event; any
/// other extension attribute is `event.NAME`), followed by `.member` and `[index]` steps: `{{data.orderNumber}}`,
/// `{{data.lines[0].sku}}`. A string value is inserted as it is, a number or Boolean as its JSON text, an object or
/// array as compact JSON. A path the event does not have is an error when the request is built.
public struct RouteTemplate: Sendable, Hashable, CustomStringConvertible {
    /// One piece of the template.
    enum Part: Sendable, Hashable {
        case literal(String)
        case placeholder(EventPath)
    }

    /// The template as written.
    public let text: String
    let parts: [Part]

    /// Parses `text`.
    ///
    /// - Throws: ``RouteTemplateError`` for an unclosed `{{`, an empty placeholder or a malformed path.
    public init(_ text: String) throws(RouteTemplateError) {
        self.text = text
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                throw RouteTemplateError("\"{{\" without a closing \"}}\" in \"\(text)\"")
            }
            let inner = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            parts.append(.placeholder(try EventPath(inner, in: text)))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// Whether the template has no placeholder.
    public var isLiteral: Bool { !parts.contains { if case .placeholder = $0 { true } else { false } } }

    /// The path, when the whole template is exactly one placeholder (its value keeps its JSON type in a body).
    var singlePlaceholder: EventPath? {
        guard parts.count == 1, case .placeholder(let path) = parts[0] else { return nil }
        return path
    }

    /// The text with every placeholder filled from `event` (the event's JSON), each value passed through `escape`.
    ///
    /// - Throws: ``RouteTemplateError`` naming the placeholder the event has no value for.
    public func render(_ event: JSONValue, escape: (String) -> String = { $0 }) throws(RouteTemplateError) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .literal(let literal): output += literal
            case .placeholder(let path): output += escape(Self.text(of: try path.value(in: event)))
            }
        }
        return output
    }

    /// The text a value is inserted as.
    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let string): string
        case .number(let number): number.text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .array, .object: value.description
        }
    }

    public var description: String { text }
}

/// A placeholder's path into the event: a root attribute and `.member` / `[index]` steps.
struct EventPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    /// The root that stands for the whole event.
    static let wholeEvent = "event"
    /// The names a path may start with: the CloudEvents attributes, `partner` and `event`.
    static let roots = CloudEvent.knownAttributes.union([wholeEvent, "partner"]).subtracting(["data_base64"])

    let text: String
    let steps: [Step]

    init(_ text: String, in template: String) throws(RouteTemplateError) {
        self.text = text
        guard !text.isEmpty else { throw RouteTemplateError("empty placeholder \"{{}}\" in \"\(template)\"") }
        var steps: [Step] = []
        var name = ""
        var index = text.startIndex
        func flushName() throws(RouteTemplateError) {
            guard !name.isEmpty else {
                throw RouteTemplateError("malformed path \"\(text)\" in \"\(template)\": empty member name")
            }
            steps.append(.member(name))
            name = ""
        }
        while index < text.endIndex {
            let character = text[index]
            switch character {
            case ".":
                if name.isEmpty, case .index? = steps.last { break }
                try flushName()
            case "[":
                if !name.isEmpty { try flushName() }
                guard let close = text[index...].firstIndex(of: "]"), let number = Int(text[text.index(after: index)..<close]),
                    number >= 0, !steps.isEmpty
                else {
                    throw RouteTemplateError(
                        "malformed path \"\(text)\" in \"\(template)\": expected [INDEX] after a member, e.g. data.lines[0].sku")
                }
                steps.append(.index(number))
                index = close
            default:
                guard character.isLetter || character.isNumber || character == "_" || character == "-" else {
                    throw RouteTemplateError(
                        "malformed path \"\(text)\" in \"\(template)\": unexpected \"\(character)\"; use names, dots and [index], e.g. {{data.orderNumber}}")
                }
                name.append(character)
            }
            index = text.index(after: index)
        }
        if !name.isEmpty { try flushName() }
        guard case .member(let root) = steps.first else {
            throw RouteTemplateError("malformed path \"\(text)\" in \"\(template)\"")
        }
        guard Self.roots.contains(root) else {
            let hint = ConfigReader.suggestion(for: root, among: Self.roots).map { " (did you mean '\($0)'?)" } ?? ""
            throw RouteTemplateError(
                "unknown event attribute \"\(root)\" in \"\(template)\"\(hint); paths start with event, subject, "
                    + "tenant, site, agent, id, source, type, time, sequence, correlationid, partner or data "
                    + "(another extension attribute: event.NAME)")
        }
        self.steps = steps
    }

    /// The value at this path in `event`.
    func value(in event: JSONValue) throws(RouteTemplateError) -> JSONValue {
        var current = event
        for (position, step) in steps.enumerated() {
            if position == 0, case .member(Self.wholeEvent) = step { continue }
            let next: JSONValue?
            switch step {
            case .member(let name): next = current[name]
            case .index(let number): next = current[number]
            }
            guard let next else {
                throw RouteTemplateError("the event has no value at {{\(text)}}")
            }
            current = next
        }
        return current
    }

    var description: String { text }
}

/// A template that cannot be parsed or filled.
public struct RouteTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
