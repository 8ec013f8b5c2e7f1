import Foundation

/// Parses and formats durations written as `250ms`, `30s`, `5m`, `1h30m` or `2d`.
public enum DurationText {
    /// The duration `text` denotes, or `nil` if it is not a duration.
    public static func parse(_ text: String) -> Duration? {
        var total = Duration.zero
        var digits = ""
        var unit = ""
        var sawPart = false
        func flush() -> Bool {
            guard let amount = Double(digits), amount >= 0 else { return false }
            let seconds: Double
            switch unit {
            case "ms": seconds = amount / 1_000
            case "s", "": seconds = amount
            case "m": seconds = amount * 60
            case "h": seconds = amount * 3_600
            case "d": seconds = amount * 86_400
            default: return false
            }
            total += .milliseconds(Int64((seconds * 1_000).rounded()))
            digits = ""
            unit = ""
            sawPart = true
            return true
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for character in trimmed {
            if character.isNumber || character == "." {
                if !unit.isEmpty, !flush() { return nil }
                digits.append(character)
            } else if character.isLetter {
                guard !digits.isEmpty else { return nil }
                unit.append(character)
            } else {
                return nil
            }
        }
        guard !digits.isEmpty, flush() else { return nil }
        // A bare number without a unit means seconds only when it stands alone.
        return sawPart ? total : nil
    }

    /// A short text for `duration` (`1.5s`, `250ms`, `5m`).
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.millisecondsValue
        if milliseconds % 3_600_000 == 0, milliseconds > 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 60_000 == 0, milliseconds > 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1_000 == 0 { return "\(milliseconds / 1_000)s" }
        if milliseconds < 1_000 { return "\(milliseconds)ms" }
        return "\(Double(milliseconds) / 1_000)s"
    }
}

extension Duration {
    /// This duration in seconds, as a floating-point number.
    public var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// This duration in whole milliseconds (the fraction of a millisecond cut off).
    public var millisecondsValue: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}
