import COpenSSL

/// The idempotency key of a routed job: stable across retries, replays, redeliveries and restarts.
///
/// `cd1-` followed by the hex SHA-256 of the event's `source`, `id` and the route's name (NUL-separated): the same
/// event through the same route always gives the same key, so the store writes the job once and the destination
/// sees one key for every attempt.
public enum JobIdempotencyKey {
    /// The key for `route`'s job of the event with this `source` and `id`.
    public static func make(source: String, id: String, route: String) -> String {
        "cd1-" + SHA256Digest.hex(SHA256Digest.hash(Array(source.utf8) + [0] + Array(id.utf8) + [0] + Array(route.utf8)))
    }
}

/// Lower-case hex text of bytes.
enum HexText {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
