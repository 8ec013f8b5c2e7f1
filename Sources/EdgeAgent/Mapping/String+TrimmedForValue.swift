import Foundation

extension String {
    /// The text without leading and trailing spaces and tabs; the text itself (no copy) when it has none, which is
    /// nearly always.
    var trimmedForValue: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard blank(first) || blank(last) else { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
