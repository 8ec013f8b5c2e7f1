extension ConfigReader {
    /// The keys of this mapping in the order written (empty when it is absent or not a mapping).
    ///
    /// For sections whose keys are names chosen by the user (a mapping's canonical field paths); reading a key
    /// through the reader marks it as known, so unknown-key reporting stays exact.
    public var keys: [String] {
        guard case .mapping(let entries, _)? = node else { return [] }
        return entries.map(\.key)
    }

    /// Whether the value at `key` is a mapping of keys (and not a scalar or a list).
    public func isMapping(_ key: String) -> Bool {
        if case .mapping? = node?[key] { return true }
        return false
    }
}

extension ConfigReader {
    /// The candidate closest to `word`, if it is close enough to be a likely typo (for "did you mean" hints).
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        closest(to: word, among: Set(candidates))
    }
}
