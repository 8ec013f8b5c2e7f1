import Foundation
import WireProtocol

/// One malformed input and the problem it must produce.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    /// What is read.
    enum Input: Sendable {
        case event([UInt8])
        case eventExpecting([UInt8], AgentIdentity)
        case batch([UInt8], CloudEventDecodingOptions)
        case topic(String)
    }

    let name: String
    let input: Input
    let code: WireProtocolError.Code
    /// The exact JSON path of the expected problem.
    let path: String
    /// Text the problem's message must contain.
    let message: String

    var testDescription: String { name }
}

import Testing

extension MalformedCase {
    private static let base = TestSupport.adjustmentEvent

    private static func event(
        _ name: String, _ value: JSONValue, _ path: String, _ message: String,
        code: WireProtocolError.Code = .invalidMessage
    ) -> MalformedCase {
        MalformedCase(name: name, input: .event(value.bytes), code: code, path: path, message: message)
    }

    private static func attribute(_ name: String, _ key: String, _ value: JSONValue?, _ message: String)
        -> MalformedCase
    {
        event(name, base.setting(key, to: value), "$.\(key)", message)
    }

    private static func data(
        _ name: String, _ path: [JSONPath.Component], _ value: JSONValue?, _ message: String,
        example: String? = nil
    ) -> MalformedCase {
        let source = example.map { try! TestSupport.example($0) } ?? base
        let full = JSONPath(components: [.key("data")] + path)
        return event(name, source.setting(full.components, to: value), full.description, message)
    }

    private static func raw(
        _ name: String, _ text: String, _ path: String, _ message: String,
        code: WireProtocolError.Code = .malformedJSON
    ) -> MalformedCase {
        MalformedCase(name: name, input: .event(Array(text.utf8)), code: code, path: path, message: message)
    }

    private static func bytes(
        _ name: String, _ bytes: [UInt8], _ path: String, _ message: String,
        code: WireProtocolError.Code
    ) -> MalformedCase {
        MalformedCase(name: name, input: .event(bytes), code: code, path: path, message: message)
    }

    private static func topic(_ name: String, _ topic: String, _ message: String) -> MalformedCase {
        MalformedCase(name: name, input: .topic(topic), code: .invalidTopic, path: "$", message: message)
    }

    /// The bytes of the base event with `marker` (a string value) replaced by raw bytes.
    private static func patched(_ marker: String, _ replacement: [UInt8]) -> [UInt8] {
        let text = base.setting("subject", to: .string(marker)).bytes
        let needle = Array("\"\(marker)\"".utf8)
        let start = (0...(text.count - needle.count)).first { Array(text[$0..<($0 + needle.count)]) == needle }!
        return Array(text[..<start]) + [UInt8(ascii: "\"")] + replacement + [UInt8(ascii: "\"")]
            + Array(text[(start + needle.count)...])
    }

    static let missingAttributes: [MalformedCase] = [
        "specversion", "id", "source", "type", "time", "tenant", "site", "agent", "sequence",
    ].map { key in attribute("missing \(key)", key, nil, "missing required attribute \"\(key)\"") }

    static let attributeCases: [MalformedCase] = [
        attribute("specversion 0.3", "specversion", "0.3", "unsupported specversion \"0.3\""),
        attribute(
            "specversion as number", "specversion", .number(DecimalNumber("1.0")!),
            "expected a string, found number 1.0"),
        attribute("empty id", "id", "", "id must not be empty"),
        attribute("id as number", "id", 42, "expected a string, found number 42"),
        attribute("id too long", "id", .string(String(repeating: "x", count: 2000)), "above the limit of 1024"),
        attribute("id null", "id", .null, "expected a string, found null"),
        attribute("source with a space", "source", "/acme/dal 1", "contains a space"),
        attribute("source with a bad escape", "source", "/acme/%zz", "not followed by two hex digits"),
        attribute("empty source", "source", "", "source must not be empty"),
        attribute("source as array", "source", ["/a"], "expected a string, found array"),
        attribute("source with bad scheme", "source", "1http://x", "invalid scheme"),
        attribute("source with a quote", "source", "/acme/\"x\"", "contains '\"'"),
        attribute("type not reverse-DNS", "type", "Order.Created", "is not a reverse-DNS type"),
        attribute(
            "crossdock type without version", "type", "com.crossdock.order.created", "does not follow com.crossdock"),
        attribute(
            "crossdock type version 0", "type", "com.crossdock.order.created.v0", "does not follow com.crossdock"),
        attribute("type as boolean", "type", true, "expected a string, found boolean true"),
        attribute("empty type", "type", "", "type must not be empty"),
        attribute("empty subject", "subject", "", "subject must not be empty"),
        attribute("subject as number", "subject", 7, "expected a string, found number 7"),
        attribute("time without clock", "time", "2026-11-27", "expected an RFC 3339 timestamp"),
        attribute("time hour 25", "time", "2026-11-27T25:00:00Z", "expected an RFC 3339 timestamp"),
        attribute("time February 30", "time", "2026-02-30T10:00:00Z", "expected an RFC 3339 timestamp"),
        attribute("time without offset", "time", "2026-11-27T10:00:00", "expected an RFC 3339 timestamp"),
        attribute("time with ten fraction digits", "time", "2026-11-27T10:00:00.0123456789Z", "expected an RFC 3339"),
        attribute("time with a space", "time", "2026-11-27 10:00:00Z", "expected an RFC 3339 timestamp"),
        attribute("time as number", "time", 1_764_236_000, "expected a string, found number"),
        attribute("time offset +24:00", "time", "2026-11-27T10:00:00+24:00", "expected an RFC 3339 timestamp"),
        attribute("time empty fraction", "time", "2026-11-27T10:00:00.Z", "expected an RFC 3339 timestamp"),
        attribute("datacontenttype xml", "datacontenttype", "application/xml", "is not supported"),
        attribute("datacontenttype as number", "datacontenttype", 1, "expected a string"),
        attribute("relative dataschema", "dataschema", "schemas/order", "is not an absolute URI"),
        attribute("data_base64", "data_base64", "AAAA", "binary data (data_base64) is not supported"),
        attribute("tenant with +", "tenant", "ac+me", "contains the MQTT wildcard '+'"),
        attribute("tenant with #", "tenant", "ac#me", "contains the MQTT wildcard '#'"),
        attribute("site with /", "site", "dal/1", "contains the topic level separator '/'"),
        attribute("empty agent", "agent", "", "agent must not be empty"),
        attribute("agent too long", "agent", .string(String(repeating: "a", count: 70)), "above the limit of 64"),
        attribute("tenant with space", "tenant", "acme corp", "contains byte 0x20"),
        attribute("tenant starting with -", "tenant", "-acme", "must start with a letter or a digit"),
        attribute("tenant with NUL", "tenant", "ac\u{0}me", "contains a NUL character"),
        attribute("site as number", "site", 1, "expected a string, found number 1"),
        attribute("agent with non-ASCII", "agent", "agent-é", "contains byte 0xC3"),
        attribute("sequence 0", "sequence", 0, "expected an integer from 1 to 9223372036854775807, found number 0"),
        attribute("sequence -1", "sequence", -1, "found number -1"),
        attribute("sequence 1.5", "sequence", .number(DecimalNumber("1.5")!), "found number 1.5"),
        attribute("sequence as string", "sequence", "7", "found string \"7\""),
        attribute(
            "sequence above Int64", "sequence", .number(DecimalNumber("9223372036854775808")!),
            "found number 9223372036854775808"),
        attribute("sequence with exponent", "sequence", .number(DecimalNumber("1e3")!), "found number 1e3"),
        attribute("sequence null", "sequence", .null, "found null"),
        attribute("empty correlationid", "correlationid", "", "correlationid must not be empty"),
        attribute("correlationid as number", "correlationid", 5, "expected a string"),
        attribute(
            "traceparent upper case", "traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
            "is not W3C format"),
        attribute(
            "traceparent zero trace id", "traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "is not W3C format"),
        attribute(
            "traceparent too short", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "is not W3C format"),
        attribute(
            "traceparent version ff", "traceparent", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "is not W3C format"),
        attribute(
            "traceparent v00 with suffix", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
            "is not W3C format"),
        attribute("traceparent as number", "traceparent", 1, "expected a string"),
        attribute("extension name upper case", "Priority", 1, "CloudEvents attribute names use only a-z and 0-9"),
        event(
            "extension name with dash", base.setting("x-foo", to: "bar"), "$['x-foo']",
            "CloudEvents attribute names use only a-z and 0-9"),
        attribute("extension value object", "partner", ["a": 1], "must be a string, number or boolean, found object"),
        attribute("extension value array", "partner", [1, 2], "must be a string, number or boolean, found array"),
        event("event is an array", [base], "$", "expected an event object, found array"),
        event("event is a string", "event", "$", "expected an event object, found string"),
        event("event is null", .null, "$", "expected an event object, found null"),
    ]

    static let identityCases: [MalformedCase] = [
        MalformedCase(
            name: "tenant differs from topic",
            input: .eventExpecting(base.bytes, try! AgentIdentity(tenant: "globex", site: "dal1", agent: "agent-1")),
            code: .invalidMessage, path: "$.tenant", message: "does not match the topic's tenant \"globex\""),
        MalformedCase(
            name: "agent differs from topic",
            input: .eventExpecting(base.bytes, try! AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-2")),
            code: .invalidMessage, path: "$.agent", message: "does not match the topic's agent \"agent-2\""),
    ]

    static let dataCases: [MalformedCase] = [
        attribute(
            "known type without data", "data", nil,
            "missing data: com.crossdock.inventory.adjusted.v1 events carry a InventoryAdjustment object"),
        attribute("data is a string", "data", "ADJ-1", "expected an object, found string \"ADJ-1\""),
        data(
            "missing adjustmentNumber", [.key("adjustmentNumber")], nil, "missing required member \"adjustmentNumber\""),
        data(
            "delta value is text", [.key("delta"), .key("value")], "ten",
            "expected a decimal number, found string \"ten\""),
        data("delta without unit", [.key("delta"), .key("unit")], nil, "missing required member \"unit\""),
        data(
            "adjustedAt without offset", [.key("adjustedAt")], "2026-11-28T10:31:55", "expected an RFC 3339 timestamp"),
        data("item is an array", [.key("item")], [], "expected an object, found array"),
        data("facility is a number", [.key("facility")], 12, "expected a string, found number 12"),
        data(
            "order line quantity is text", [.key("lines"), .index(1), .key("quantity"), .key("value")], "ten",
            "expected a decimal number, found string \"ten\"", example: "order-created.json"),
        data("order currency lower case", [.key("currency")], "usd", "ISO 4217", example: "order-created.json"),
        data(
            "order ship date month 13", [.key("requestedShipDate")], "2026-13-01", "expected a date yyyy-MM-dd",
            example: "order-created.json"),
        data(
            "order parties not an array", [.key("parties")], ["role": "ship-to"], "expected an array, found object",
            example: "order-created.json"),
        data(
            "order line without item", [.key("lines"), .index(0), .key("item")], nil,
            "missing required member \"item\"", example: "order-created.json"),
        data(
            "SSCC with a wrong check digit", [.key("packages"), .index(0), .key("sscc")], "006141411000000018",
            "has check digit 8, expected 9", example: "shipment-confirmed.json"),
        data(
            "SSCC of 17 digits", [.key("packages"), .index(1), .key("sscc")], "00614141100000002",
            "expected an SSCC of 18 digits", example: "shipment-confirmed.json"),
        data(
            "package count 2.5", [.key("packageCount")], .number(DecimalNumber("2.5")!),
            "expected an integer, found number 2.5",
            example: "shipment-confirmed.json"),
        data(
            "ASN item shipped quantity missing",
            [
                .key("orders"), .index(0), .key("tares"), .index(0), .key("packs"), .index(1), .key("items"), .index(0),
                .key("shippedQuantity"),
            ],
            nil, "missing required member \"shippedQuantity\"", example: "shipment-advised.json"),
        data(
            "milestone time without offset", [.key("eventTime")], "2026-12-01T07:12:00",
            "expected an RFC 3339 timestamp",
            example: "shipment-milestone.json"),
        data(
            "snapshot complete as text", [.key("complete")], "yes", "expected a boolean, found string \"yes\"",
            example: "inventory-snapshot.json"),
        data(
            "997 sets accepted as text", [.key("setsAccepted")], "one", "expected an integer, found string \"one\"",
            example: "edi-acknowledged.json"),
        data(
            "invoice without total", [.key("total")], nil, "missing required member \"total\"",
            example: "invoice-issued.json"),
        data(
            "freight charge amount null", [.key("charges"), .index(2), .key("amount")], .null,
            "expected a decimal number, found null", example: "freight-invoiced.json"),
        data(
            "order without lines", [.key("lines")], [], "lines must not be empty: an order has at least one line",
            example: "order-created.json"),
        data(
            "negative ordered quantity", [.key("lines"), .index(0), .key("quantity"), .key("value")], -12,
            "quantity -12 must not be negative", example: "order-created.json"),
        data(
            "negative shipped quantity", [.key("lines"), .index(1), .key("shippedQuantity"), .key("value")],
            .number(DecimalNumber("-0.5")!), "must not be negative", example: "shipment-confirmed.json"),
        data(
            "freight invoice without charges", [.key("charges")], [], "a freight invoice has at least one charge",
            example: "freight-invoiced.json"),
        data(
            "unknown EDI standard", [.key("standard")], "X13", "standard \"X13\" is not one of X12, EDIFACT",
            example: "edi-acknowledged.json"),
        data(
            "receipt line number as a number", [.key("lines"), .index(0), .key("lineNumber")], 5,
            "expected a string, found number 5",
            example: "receipt-confirmed.json"),
    ]

    static let byteCases: [MalformedCase] = [
        bytes(
            "invalid UTF-8 byte 0xFF in a string", patched("X", [0xFF]), "$.subject",
            "byte 0xFF cannot start a UTF-8 sequence", code: .invalidUTF8),
        bytes(
            "overlong UTF-8 encoding", patched("X", [0xC0, 0xAF]), "$.subject", "cannot start a UTF-8 sequence",
            code: .invalidUTF8),
        bytes(
            "UTF-8 encoded surrogate", patched("X", [0xED, 0xA0, 0x80]), "$.subject", "invalid UTF-8 sequence",
            code: .invalidUTF8),
        bytes(
            "UTF-8 above U+10FFFF", patched("X", [0xF4, 0x90, 0x80, 0x80]), "$.subject", "invalid UTF-8 sequence",
            code: .invalidUTF8),
        bytes(
            "stray continuation byte", patched("X", [0x41, 0x80]), "$.subject", "byte 0x80 cannot start",
            code: .invalidUTF8),
        bytes(
            "truncated UTF-8 at end of input", [UInt8(ascii: "\""), 0xE2, 0x82], "$", "truncated UTF-8 sequence",
            code: .invalidUTF8),
        bytes(
            "bad continuation in 3-byte sequence", patched("X", [0xE2, 0x82, 0x41]), "$.subject",
            "invalid UTF-8 continuation byte", code: .invalidUTF8),
        bytes(
            "non-ASCII byte outside strings", Array("{\"a\":".utf8) + [0xC3, 0xA9] + Array("}".utf8), "$.a",
            "unexpected character 0xC3", code: .malformedJSON),
        raw(
            "truncated JSON", String(String(decoding: base.bytes, as: UTF8.self).prefix(120)), "$.type",
            "unterminated string"),
        raw("truncated after a member", "{\"specversion\":\"1.0\",", "$", "unexpected end of input inside an object"),
        raw("empty input", "", "$", "empty input"),
        raw("whitespace only", "  \n\t ", "$", "found only whitespace"),
        raw("trailing garbage", "{\"a\":1} x", "$", "after the end of the JSON value"),
        raw("trailing comma in object", "{\"a\":1,}", "$", "expected a quoted object key"),
        raw("trailing comma in array", "{\"a\":[1,]}", "$.a[1]", "expected a value"),
        raw("single quotes", "{'a':1}", "$", "expected a quoted object key"),
        raw("unquoted key", "{id:1}", "$", "expected a quoted object key"),
        raw("lone high surrogate", "{\"subject\":\"\\ud800\"}", "$.subject", "lone high surrogate"),
        raw("lone low surrogate", "{\"subject\":\"\\udc00x\"}", "$.subject", "lone low surrogate"),
        raw("high surrogate then non-surrogate", "{\"s\":\"\\ud83d\\u0041\"}", "$.s", "which is not a low surrogate"),
        raw("invalid escape", "{\"s\":\"\\x41\"}", "$.s", "invalid escape sequence '\\'x''"),
        raw("short unicode escape", "{\"s\":\"\\u12\"}", "$.s", "four hexadecimal digits"),
        raw("raw newline in string", "{\"s\":\"a\nb\"}", "$.s", "control character 0x0A inside a string"),
        raw("leading zero", "{\"sequence\":012}", "$.sequence", "leading zeros are not allowed"),
        raw("NaN literal", "{\"sequence\":NaN}", "$.sequence", "unexpected character 'N'"),
        raw("minus without digits", "{\"sequence\":-}", "$.sequence", "invalid number: expected a digit"),
        raw("fraction without digits", "{\"sequence\":1.}", "$.sequence", "expected a digit after the decimal point"),
        raw("exponent without digits", "{\"sequence\":1e}", "$.sequence", "expected exponent digits"),
        raw("misspelt literal", "{\"a\":tru}", "$.a", "did you mean true"),
        raw("duplicate key", "{\"id\":\"a\",\"id\":\"b\"}", "$", "duplicate key \"id\""),
        raw("missing colon", "{\"id\" \"a\"}", "$", "expected ':' after key \"id\""),
        raw("unterminated string", "{\"id\":\"abc", "$.id", "unterminated string"),
        raw("missing comma", "{\"a\":1 \"b\":2}", "$", "expected ',' or '}'"),
        raw(
            "deep nesting in data",
            "{\"data\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}",
            "$.data" + String(repeating: "[0]", count: 63),
            "nested deeper than 64 levels", code: .tooDeep),
        bytes(
            "10 MB payload", Array(repeating: UInt8(ascii: " "), count: 10_000_000), "$",
            "input is 10000000 bytes, above the limit of 1048576", code: .tooLarge),
        bytes(
            "event over 1 MiB",
            base.setting("data", "note", to: .string(String(repeating: "n", count: 1_100_000))).bytes,
            "$", "above the limit of 1048576 bytes", code: .tooLarge),
    ]

    static let batchCases: [MalformedCase] = [
        MalformedCase(
            name: "batch is an object", input: .batch(base.bytes, .init()), code: .invalidMessage, path: "$",
            message: "expected a batch: a JSON array of events"),
        MalformedCase(
            name: "third event has sequence 0",
            input: .batch(JSONValue.array([base, base, base.setting("sequence", to: 0)]).bytes, .init()),
            code: .invalidMessage, path: "$[2].sequence", message: "expected an integer from 1"),
        MalformedCase(
            name: "batch element is a number", input: .batch(JSONValue.array([1]).bytes, .init()),
            code: .invalidMessage, path: "$[0]", message: "expected an event object, found number 1"),
        MalformedCase(
            name: "batch of 17 MiB", input: .batch(Array(repeating: UInt8(ascii: " "), count: 17 << 20), .init()),
            code: .tooLarge, path: "$", message: "above the limit of 16777216 bytes"),
        MalformedCase(
            name: "event in batch above the event limit",
            input: .batch(JSONValue.array([base, base]).bytes, .init(maxEventBytes: 200)),
            code: .invalidMessage, path: "$[1]", message: "above the limit of 200 bytes"),
        MalformedCase(
            name: "batch data too deep",
            input: .batch(
                Array(
                    ("[{\"data\":" + String(repeating: "{\"a\":", count: 70) + "1" + String(repeating: "}", count: 70)
                        + "}]").utf8), .init()),
            code: .tooDeep, path: "$[0].data" + String(repeating: ".a", count: 62),
            message: "nested deeper than 64 levels"),
        MalformedCase(
            name: "truncated batch", input: .batch(Array("[{\"id\":\"a\"},".utf8), .init()),
            code: .malformedJSON, path: "$[1]", message: "unexpected end of input: expected a value"),
    ]

    static let topicCases: [MalformedCase] = [
        topic("topic with five levels", "crossdock/v1/acme/dal1/agent-1", "expected 6 levels"),
        topic(
            "topic of version 2", "crossdock/v2/acme/dal1/agent-1/events", "unsupported protocol version level \"v2\""),
        topic("topic with wrong first level", "xdock/v1/acme/dal1/agent-1/events", "first level must be \"crossdock\""),
        topic(
            "topic tenant with +", "crossdock/v1/ac+me/dal1/agent-1/events",
            "tenant \"ac+me\" contains the MQTT wildcard '+'"),
        topic("topic site #", "crossdock/v1/acme/#/agent-1/events", "site \"#\" contains the MQTT wildcard '#'"),
        topic("topic empty site", "crossdock/v1/acme//agent-1/events", "site must not be empty"),
        topic("topic unknown channel", "crossdock/v1/acme/dal1/agent-1/telemetry", "unknown channel \"telemetry\""),
        topic("topic with seven levels", "crossdock/v1/acme/dal1/x/agent-1/events", "found 7"),
        topic(
            "topic agent too long", "crossdock/v1/acme/dal1/\(String(repeating: "a", count: 65))/events",
            "above the limit of 64"),
        topic("topic tenant with space", "crossdock/v1/ac me/dal1/agent-1/events", "contains byte 0x20"),
        topic("empty topic", "", "expected 6 levels"),
    ]

    static let all: [MalformedCase] =
        missingAttributes + attributeCases + identityCases + dataCases + byteCases + batchCases
        + topicCases
}
