import Foundation
import Testing
import WireProtocol

/// The JSON layer: parsing, serialising, number fidelity.
struct JSONValueTests {
    @Test(arguments: [
        "12", "1.50", "-0", "0.000", "1e3", "1E+3", "-12.5e-7", "123456789012345678901234567890.123456789",
    ])
    func numbersKeepTheirText(text: String) throws {
        let value = try JSONValue.parse("[\(text)]")
        #expect(value[0]?.numberValue?.text == text)
        #expect(value.encodedString() == "[\(text)]")
    }

    @Test func decimalEqualityIsByValue() throws {
        let a = try #require(DecimalNumber("1.50"))
        let b = try #require(DecimalNumber("1.5"))
        let c = try #require(DecimalNumber("15e-1"))
        #expect(a == b && b == c)
        #expect(Set([a, b, c]).count == 1)
        #expect(DecimalNumber("-0") == DecimalNumber(0))
        #expect(DecimalNumber("1.51") != b)
        #expect(a.text == "1.50")
        #expect(a.decimalValue == Decimal(string: "1.5"))
        #expect(DecimalNumber("12")?.int64Value == 12)
        #expect(DecimalNumber("12.0")?.int64Value == nil)
        #expect(DecimalNumber("18446744073709551615")?.uint64Value == UInt64.max)
        #expect(DecimalNumber("1e00000000000000000001") == DecimalNumber("10"))
        #expect(DecimalNumber("250e-2") == DecimalNumber("2.5"))
        #expect(DecimalNumber("-1E+2") == DecimalNumber("-100.00"))
        #expect(DecimalNumber("1e999999999999999999999") != DecimalNumber("1"))
    }

    @Test(arguments: ["", "-", "01", "1.", ".5", "+1", "1e", "0x10", "NaN", "1 "])
    func invalidNumberTextIsRejected(text: String) {
        #expect(DecimalNumber(text) == nil)
    }

    @Test func numbersFromBinaryValues() throws {
        #expect(DecimalNumber(Int64(-42)).text == "-42")
        #expect(DecimalNumber(2.5)?.text == "2.5")
        #expect(DecimalNumber(12.0)?.text == "12")
        #expect(DecimalNumber(Double.nan) == nil)
        #expect(DecimalNumber(Double.infinity) == nil)
        #expect(DecimalNumber(1e300)?.doubleValue == 1e300)
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude80", "é€🚀"]"#)
        #expect(value[0]?.stringValue == "a\"b\\c/d\u{8}\u{C}\n\r\t")
        #expect(value[1]?.stringValue == "é€")
        #expect(value[2]?.stringValue == "🚀")
        #expect(value[3]?.stringValue == "é€🚀")
    }

    @Test func stringsAreEscapedMinimally() throws {
        let value: JSONValue = ["k\"ey": "line\nbreak\u{1}\u{7F}/é🚀\\"]
        #expect(value.encodedString() == #"{"k\"ey":"line\nbreak\u0001\#u{7F}/é🚀\\"}"#)
        #expect(try JSONValue.parse(value.encoded()) == value)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8)) == ["a": 1])
    }

    @Test func objectsKeepOrderButCompareByContent() throws {
        let first = try JSONValue.parse(#"{"b":1,"a":[true,null]}"#)
        let second = try JSONValue.parse(#"{"a":[true,null],"b":1}"#)
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first.encodedString() == #"{"b":1,"a":[true,null]}"#)
        #expect(first.objectValue?.keys == ["b", "a"])
    }

    @Test func largeObjectsDetectDuplicateKeys() throws {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let valid = try JSONValue.parse("{\(members)}")
        #expect(valid.objectValue?.count == 40)
        #expect(valid["k39"] == 39)
        let error = try #require(throws: WireProtocolError.self) { try JSONValue.parse("{\(members),\"k7\":1}") }
        #expect(error.problems.first?.message.contains("duplicate key \"k7\"") == true)
    }

    @Test func prettyOutputIsStable() throws {
        let value: JSONValue = ["a": [1, 2], "b": ["c": [], "d": [:]], "e": [["f": nil]]]
        let expected = """
            {
              "a": [1, 2],
              "b": {
                "c": [],
                "d": {}
              },
              "e": [
                {
                  "f": null
                }
              ]
            }
            """
        #expect(value.encodedString(pretty: true) == expected)
        #expect(try JSONValue.parse(expected).encodedString(pretty: true) == expected)
    }

    @Test func depthLimitIsConfigurable() throws {
        let nested = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: WireProtocolError.self) {
            try JSONValue.parse(nested, limits: JSONLimits(maxBytes: 100, maxDepth: 9))
        }
        #expect(try JSONValue.parse(nested, limits: JSONLimits(maxBytes: 100, maxDepth: 10)) != .null)
        // Far beyond the hard limit the parser refuses instead of exhausting the stack.
        let deep = String(repeating: "[", count: 100_000)
        let error = try #require(throws: WireProtocolError.self) {
            try JSONValue.parse(deep, limits: JSONLimits(maxBytes: 1 << 20, maxDepth: 1_000_000))
        }
        #expect(error.code == .tooDeep)
        #expect(error.problems.first?.message.contains("512") == true)
    }

    @Test func sizeLimitFailsBeforeParsing() throws {
        let error = try #require(throws: WireProtocolError.self) {
            try JSONValue.parse(Data(count: 10_000_000), limits: .event)
        }
        #expect(error.code == .tooLarge)
        #expect(error.description.contains("10000000 bytes"))
    }

    @Test func codableRoundTripKeepsDecimals() throws {
        struct Line: Codable, Equatable {
            var sku: String
            var quantity: DecimalNumber
            var price: DecimalNumber?
            var tags: [String]
            var count: Int
            var ratio: Double
            var active: Bool
        }
        let line = Line(
            sku: "A", quantity: DecimalNumber("1.50")!, price: nil, tags: ["x"], count: 3, ratio: 0.25, active: true)
        let json = try JSONValueEncoder().encode(line)
        #expect(
            json.encodedString() == #"{"sku":"A","quantity":1.50,"tags":["x"],"count":3,"ratio":0.25,"active":true}"#)
        #expect(try JSONValueDecoder().decode(Line.self, from: json) == line)
        // Foundation's coders work with the model types too (through Decimal).
        let data = try JSONEncoder().encode(line)
        #expect(try JSONDecoder().decode(Line.self, from: data).quantity == line.quantity)
    }

    @Test func encoderRejectsNonFiniteNumbers() throws {
        let error = try #require(throws: WireProtocolError.self) { try JSONValueEncoder().encode([Double.nan]) }
        #expect(error.code == .unencodable)
    }
}
