import Foundation

/// Parses and formats sizes written as `4096`, `64KiB`, `512MiB`, `2GB`.
public enum ByteCountText {
    private static let units: [(suffix: String, factor: Int64)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1),
    ]

    /// The number of bytes `text` denotes, or `nil` if it is not a size.
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            guard let amount = Double(number), amount >= 0 else { return nil }
            let bytes = amount * Double(unit.factor)
            guard bytes < Double(Int64.max) else { return nil }
            return Int64(bytes.rounded())
        }
        return Int64(trimmed).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// A short, human text for `bytes` (`512 MiB`, `1.5 GiB`).
    public static func format(_ bytes: Int64) -> String {
        let steps: [(String, Double)] = [("TiB", 1_099_511_627_776), ("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1_024)]
        for (name, size) in steps where Double(bytes) >= size {
            let value = Double(bytes) / size
            return value == value.rounded() ? "\(Int64(value)) \(name)" : "\(Double(Int(value * 10)) / 10) \(name)"
        }
        return "\(bytes) B"
    }
}
