import Foundation
import Testing
import WireProtocol

/// Seeded random inputs: corrupted events never crash the reader, random values round-trip.
struct JSONFuzzTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func corruptedEventsFailCleanly(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        let original = try TestSupport.exampleBytes("shipment-advised.json")
        let interesting: [UInt8] =
            Array("{}[]\",:\\0123456789.eE+-tfnu ".utf8) + [0x00, 0x1F, 0x80, 0xBF, 0xC3, 0xED, 0xF4, 0xFF]
        var accepted = 0
        var rejected = 0
        for _ in 0..<500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = interesting.randomElement(using: &random)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(interesting.randomElement(using: &random)!, at: position)
                }
            }
            do {
                let event = try CloudEvent(jsonBytes: bytes)
                // Whatever is accepted re-encodes to something that reads back the same.
                #expect(try CloudEvent(jsonBytes: event.encoded()) == event)
                accepted += 1
            } catch {
                #expect(!error.problems.isEmpty)
                #expect(error.problems.allSatisfy { !$0.message.isEmpty })
                rejected += 1
            }
        }
        #expect(accepted + rejected == 500)
        #expect(rejected > 250, "most corruptions must be detected")
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomValuesRoundTrip(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        for _ in 0..<200 {
            let value = Self.randomValue(depth: 0, using: &random)
            for pretty in [false, true] {
                let bytes = value.encoded(pretty: pretty)
                let parsed = try JSONValue.parse(bytes, limits: .batch)
                #expect(parsed == value)
                #expect(parsed.encoded(pretty: pretty) == bytes)
            }
        }
    }

    static func randomValue(depth: Int, using random: inout SeededGenerator) -> JSONValue {
        let choice = depth >= 4 ? Int.random(in: 0..<4, using: &random) : Int.random(in: 0..<6, using: &random)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2:
            let texts = ["0", "-1", "12", "1.50", "-0.001", "6.02e23", "1E-7", "18446744073709551615", "3.14159"]
            return .number(DecimalNumber(texts.randomElement(using: &random)!)!)
        case 3:
            let pieces = ["a", "é", "🚀", "\"", "\\", "\n", "\u{1}", "\u{7F}", "/", "漢字", " ", "\u{2028}"]
            return .string(
                (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        case 4:
            return .array(
                (0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(depth: depth + 1, using: &random) })
        default:
            var object = JSONObject()
            for index in 0..<Int.random(in: 0...5, using: &random) {
                object["k\(index)\(["", "é", " x"].randomElement(using: &random)!)"] = randomValue(
                    depth: depth + 1, using: &random)
            }
            return .object(object)
        }
    }
}
