@testable import EdgeAgent
import Testing

/// The content hash the folder source recognises duplicates by, against the FIPS 180-4 examples.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func chunkedUpdatesEqualOneUpdate() {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        var index = 0
        for size in [1, 63, 64, 65, 1000, 4096] + Array(repeating: 50_000, count: 4) where index < bytes.count {
            let end = min(bytes.count, index + size)
            hasher.update(Array(bytes[index..<end]))
            index = end
        }
        hasher.update(Array(bytes[index...]))
        #expect(hasher.finish().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() == SHA256.hex(bytes))
    }
}
