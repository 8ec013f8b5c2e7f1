/// The configured API keys; finds the key a bearer token is.
public struct APIKeyring: Sendable {
    /// The keys.
    public let keys: [APIKey]

    /// Creates a keyring.
    public init(_ keys: [APIKey]) {
        self.keys = keys
    }

    /// The key whose SHA-256 equals the token's, or `nil`.
    ///
    /// Every key's digest is compared in full, in constant time per key, so the time taken does not tell how much
    /// of a guess was right.
    public func authenticate(token: String) -> APIKey? {
        guard !token.isEmpty else { return nil }
        let digest = SHA256Digest.hash(token.utf8)
        var found: APIKey?
        for key in keys where SHA256Digest.constantTimeEqual(key.sha256, digest) {
            if found == nil { found = key }
        }
        return found
    }
}
