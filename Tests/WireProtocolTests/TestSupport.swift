import Foundation
import WireProtocol

/// Helpers shared by the wire-protocol tests.
enum TestSupport {
    /// The repository root, found from this file's location.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // WireProtocolTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// docs/examples.
    static let examplesDirectory = repositoryRoot.appendingPathComponent("docs/examples")

    /// The names of the example files, sorted.
    static func exampleNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The bytes of one example.
    static func exampleBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: examplesDirectory.appendingPathComponent(name)))
    }

    /// One example, parsed.
    static func example(_ name: String) throws -> JSONValue {
        try JSONValue.parse(exampleBytes(name))
    }

    /// The identity the examples use.
    static let identity = try! AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-1")

    /// A small valid event of a known type (`inventory.adjusted`).
    static let adjustmentEvent: JSONValue = [
        "specversion": "1.0",
        "id": "row:inv_adjustment:ADJ-1:1",
        "source": "/acme/dal1/agent-1/db/wms",
        "type": "com.crossdock.inventory.adjusted.v1",
        "subject": "ADJ-1",
        "time": "2026-11-28T10:31:55.9-06:00",
        "datacontenttype": "application/json",
        "tenant": "acme",
        "site": "dal1",
        "agent": "agent-1",
        "sequence": 9,
        "data": [
            "adjustmentNumber": "ADJ-1",
            "adjustedAt": "2026-11-28T10:31:55.9-06:00",
            "facility": "DAL1",
            "item": ["sku": "WID-100"],
            "delta": ["value": -2, "unit": "CA"],
            "reasonCode": "AD",
        ],
    ]
}

extension JSONValue {
    /// This value with the member or element at `path` replaced by `newValue`, or removed when it is `nil`.
    func setting(_ path: [JSONPath.Component], to newValue: JSONValue?) -> JSONValue {
        guard let first = path.first else { return newValue ?? .null }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var object), .key(let key)):
            if rest.isEmpty {
                object[key] = newValue
            } else {
                object[key] = (object[key] ?? .null).setting(rest, to: newValue)
            }
            return .object(object)
        case (.array(var elements), .index(let index)):
            if rest.isEmpty {
                if let newValue { elements[index] = newValue } else { elements.remove(at: index) }
            } else {
                elements[index] = elements[index].setting(rest, to: newValue)
            }
            return .array(elements)
        default:
            return self
        }
    }

    /// Shorthand for ``setting(_:to:)`` with member names.
    func setting(_ keys: String..., to newValue: JSONValue?) -> JSONValue {
        setting(keys.map { .key($0) }, to: newValue)
    }

    /// The compact encoding.
    var bytes: [UInt8] { encoded() }
}
