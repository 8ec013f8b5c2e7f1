/// What one element of a known segment must look like: requirement, type, length, code list, repeats.
///
/// A small dictionary of these (``EDISegmentDictionary``) lets the parser report element errors precisely —
/// the same errors a 997 carries in AK4 — for the segments crossdock reads itself.
struct EDIElementRule: Sendable {
    /// The data type of an element.
    enum Kind: Sendable {
        /// X12 ID: a code; checked against ``EDIElementRule/codes`` when given.
        case id
        /// X12 AN / EDIFACT an: any characters.
        case text
        /// EDIFACT a: letters only.
        case letters
        /// X12 Nn: an integer with an implied decimal point; length counts digits only.
        case integer
        /// X12 R / EDIFACT n: a decimal number; length counts digits only.
        case decimal
        /// X12 DT: CCYYMMDD or YYMMDD.
        case date
        /// X12 TM: HHMM, HHMMSS or HHMMSSd…
        case time
        /// A composite of components, each with its own rule.
        case composite([EDIElementRule])
    }

    var ref: String
    var number: String
    var name: String
    var required: Bool
    var kind: Kind
    var min: Int
    var max: Int
    var codes: Set<String>?
    var maxRepeats: Int

    init(
        _ ref: String, _ number: String, _ name: String, _ required: Bool, _ kind: Kind, _ min: Int, _ max: Int,
        codes: Set<String>? = nil, repeats: Int = 1
    ) {
        self.ref = ref
        self.number = number
        self.name = name
        self.required = required
        self.kind = kind
        self.min = min
        self.max = max
        self.codes = codes
        self.maxRepeats = repeats
    }

    /// Checks a non-empty simple value; returns the problem code and the expectation, or `nil` when fine.
    func check(_ value: String, decimalMark: UInt8) -> (EDIError.Code, String)? {
        let bytes = Array(value.utf8)
        var significant = bytes.count
        switch kind {
        case .integer, .decimal:
            var digits = 0
            var marks = 0
            for (i, b) in bytes.enumerated() {
                if EDIBytes.isDigit(b) {
                    digits += 1
                } else if b == 0x2D && i == 0 {
                    continue
                } else if case .decimal = kind, b == decimalMark || b == 0x2E || b == 0x2C, marks == 0 {
                    marks += 1
                } else {
                    return (.invalidCharacter, "must be numeric")
                }
            }
            if digits == 0 { return (.invalidCharacter, "must be numeric") }
            significant = digits
        case .letters:
            if !bytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x20 }) {
                return (.invalidCharacter, "must hold letters only")
            }
        case .date:
            guard bytes.count == 6 || bytes.count == 8, bytes.allSatisfy(EDIBytes.isDigit) else {
                return (.invalidDate, "must be a date CCYYMMDD")
            }
            let n = Array(value.suffix(4))
            let month = Int(String(n[0...1])) ?? 0
            let day = Int(String(n[2...3])) ?? 0
            if !(1...12).contains(month) || !(1...31).contains(day) { return (.invalidDate, "must be a valid date") }
            return nil
        case .time:
            guard (4...8).contains(bytes.count), bytes.allSatisfy(EDIBytes.isDigit) else {
                return (.invalidTime, "must be a time HHMM[SS]")
            }
            let hh = Int(String(value.prefix(2))) ?? 99
            let mm = Int(String(value.dropFirst(2).prefix(2))) ?? 99
            if hh > 23 || mm > 59 { return (.invalidTime, "must be a valid time") }
            return nil
        case .id, .text, .composite:
            break
        }
        if significant < min { return (.elementTooShort, "must be at least \(min) characters") }
        if significant > max { return (.elementTooLong, "must be at most \(max) characters") }
        if let codes, !codes.contains(value) { return (.invalidCodeValue, "is not a valid code") }
        return nil
    }
}
