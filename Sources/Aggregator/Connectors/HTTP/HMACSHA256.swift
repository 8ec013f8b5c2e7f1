import COpenSSL

/// HMAC-SHA256 through libcrypto, for signed webhook bodies.
enum HMACSHA256 {
    /// The lower-case hex HMAC-SHA256 of `message` under `key`.
    static func hex(key: [UInt8], message: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                _ = HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress, messageBytes.count,
                    &digest, &length)
            }
        }
        return HexText.encode(Array(digest.prefix(Int(length))))
    }
}
