import Foundation
import Testing

@testable import WireProtocol

/// Payloads read directly give the same values as through `Decodable`, and never accept what it rejects.
struct DirectDecodingTests {
    static let names = TestSupport.exampleNames().filter { !$0.hasPrefix("ack") && !$0.hasPrefix("status") }

    @Test func hotPayloadsReadDirectly() {
        let types: [any EventPayload.Type] = [
            AdvanceShipNotice.self, Order.self, Shipment.self, InventoryAdjustment.self,
        ]
        for type in types { #expect(type is any JSONDirectDecodable.Type, "\(type) is not read directly") }
    }

    @Test(arguments: names)
    func directValueEqualsDecodable(name: String) throws {
        let value = try TestSupport.example(name)
        for element in value.arrayValue ?? [value] {
            let event = try CloudEvent(json: element)
            guard let type = event.type.payloadType as? any (EventPayload & JSONDirectDecodable).Type,
                let data = event.data
            else { continue }
            #expect(try Self.agree(type, data), "\(name): direct and Decodable disagree")
        }
    }

    /// Every member removed, or replaced by a value of each kind: whatever the direct reader accepts, the
    /// `Decodable` path accepts with the same value; whatever it rejects falls back to the full report.
    @Test(arguments: names)
    func mutationsNeverPassOnlyTheDirectReader(name: String) throws {
        let value = try TestSupport.example(name)
        var checked = 0
        var directEvents = 0
        for element in value.arrayValue ?? [value] {
            let event = try CloudEvent(json: element)
            guard let type = event.type.payloadType as? any (EventPayload & JSONDirectDecodable).Type,
                let data = event.data
            else { continue }
            directEvents += 1
            let replacements: [JSONValue?] = [
                nil, .null, "x", 1, .number(DecimalNumber("-1.5")!), true, [], [:], ["x"], "2026-01-02",
            ]
            for path in Self.paths(in: data).prefix(400) {
                for replacement in replacements {
                    let mutated = Self.setting(data, path[...], to: replacement)
                    #expect(try Self.agree(type, mutated), "\(name) at \(path) = \(String(describing: replacement))")
                    checked += 1
                }
            }
        }
        #expect(checked >= directEvents * 10, "every direct payload has members to mutate")
    }

    /// Whether the direct reader rejects `data` or reads the value `Decodable` reads without problems; the
    /// public decoder must also report the same problems as `Decodable` alone.
    static func agree<P: EventPayload & JSONDirectDecodable>(_ type: P.Type, _ data: JSONValue) throws -> Bool {
        var problems: [ValidationProblem] = []
        let decoded = JSONValueDecoder().decodeThroughCodable(P.self, from: data, at: .root, problems: &problems)
        let publicProblems = JSONValueDecoder().problems(decoding: P.self, from: data)
        guard publicProblems == problems else { return false }
        guard let direct = P(directJSON: data) else { return true }
        return problems.isEmpty && decoded == direct
    }

    /// The path of every member and element below the top level.
    static func paths(in value: JSONValue) -> [[JSONPath.Component]] {
        var result: [[JSONPath.Component]] = []
        func visit(_ value: JSONValue, _ path: [JSONPath.Component]) {
            switch value {
            case .object(let object):
                for member in object {
                    result.append(path + [.key(member.key)])
                    visit(member.value, path + [.key(member.key)])
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    result.append(path + [.index(index)])
                    visit(element, path + [.index(index)])
                }
            default: break
            }
        }
        visit(value, [])
        return result
    }

    /// `value` with the member or element at `path` replaced, or removed when `newValue` is `nil`.
    static func setting(_ value: JSONValue, _ path: ArraySlice<JSONPath.Component>, to newValue: JSONValue?)
        -> JSONValue
    {
        guard let first = path.first else { return newValue ?? .null }
        switch (value, first) {
        case (.object(var object), .key(let key)):
            if path.count == 1 {
                object[key] = newValue
            } else if let child = object[key] {
                object[key] = setting(child, path.dropFirst(), to: newValue)
            }
            return .object(object)
        case (.array(var elements), .index(let index)) where elements.indices.contains(index):
            if path.count == 1 {
                if let newValue { elements[index] = newValue } else { elements.remove(at: index) }
            } else {
                elements[index] = setting(elements[index], path.dropFirst(), to: newValue)
            }
            return .array(elements)
        default:
            return value
        }
    }
}
