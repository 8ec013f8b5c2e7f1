import Testing

@testable import WireProtocol

/// The byte writer's word-at-a-time string copy and escape check write what the serializer writes, at every length
/// and with a character to escape at every position.
struct JSONBytesWriterTests {
    /// `{"k":text}` from the byte writer.
    static func written(_ text: String) -> [UInt8] {
        var writer = JSONBytesWriter(capacity: 16)
        writer.beginObject()
        writer.add("k", text)
        writer.endObject()
        return writer.bytes
    }

    @Test func stringsOfEveryShortLengthAreWrittenAsTheSerializerWritesThem() {
        let specials: [Character] = ["\"", "\\", "\u{0}", "\u{1F}", "\n", "\t", "é"]
        for length in 0...24 {
            let plain = String(repeating: "a", count: length)
            #expect(Self.written(plain) == JSONValue.object(["k": .string(plain)]).encoded(), "length \(length)")
            for position in 0..<length {
                for special in specials {
                    var characters = Array(plain)
                    characters[position] = special
                    let text = String(characters)
                    #expect(
                        Self.written(text) == JSONValue.object(["k": .string(text)]).encoded(),
                        "length \(length), \(special.unicodeScalars.first!.value) at \(position)")
                }
            }
        }
    }

    @Test func keysOfEveryShortLengthAreWrittenWhole() {
        var writer = JSONBytesWriter(capacity: 16)
        writer.beginObject()
        writer.add("a", "1")
        writer.add("ab", "2")
        writer.add("abc", "3")
        writer.add("abcd", "4")
        writer.add("abcde", "5")
        writer.add("abcdefg", "7")
        writer.add("abcdefgh", "8")
        writer.add("abcdefghi", "9")
        writer.endObject()
        let expected = #"{"a":"1","ab":"2","abc":"3","abcd":"4","abcde":"5","abcdefg":"7","abcdefgh":"8","abcdefghi":"9"}"#
        #expect(writer.bytes == Array(expected.utf8))
    }
}
