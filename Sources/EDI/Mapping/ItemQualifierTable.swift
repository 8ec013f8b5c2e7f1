/// A partner's item ID qualifiers (``PartnerProfile/itemQualifiers``) keyed by their bytes packed into an integer,
/// so that a mapping looks up a qualifier element without making a string or hashing one.
///
/// Qualifiers of up to four bytes without NUL bytes (all of the X12 235 and EDIFACT 7143 codes) are compared as
/// packed integers; anything else falls back to the profile's dictionary.
struct ItemQualifierTable: Sendable {
    private var codes: [UInt32] = []
    private var fields: [PartnerProfile.ItemField] = []
    private let qualifiers: [String: PartnerProfile.ItemField]

    /// The table of `qualifiers`.
    init(_ qualifiers: [String: PartnerProfile.ItemField]) {
        self.qualifiers = qualifiers
        for (qualifier, field) in qualifiers.sorted(by: { $0.key < $1.key }) {
            if let code = Self.code(Array(qualifier.utf8)[...]) {
                codes.append(code)
                fields.append(field)
            }
        }
    }

    /// The item field element `n` of `segment` names as a qualifier, or `nil`.
    func field(element n: Int, of segment: EDISegment) -> PartnerProfile.ItemField? {
        guard let bounds = segment.elementBounds(n) else { return qualifiers[""] }
        return field(bounds: bounds, element: n, of: segment)
    }

    /// ``field(element:of:)`` for a present element whose bounds are known.
    func field(bounds: (range: Range<Int>, inner: Bool), element n: Int, of segment: EDISegment)
        -> PartnerProfile.ItemField?
    {
        if !bounds.inner, (1...4).contains(bounds.range.count) {
            // Packed as in `code(_:)`, on the content bytes directly; 0 stands for a NUL byte.
            let code = segment.withContent { bytes -> UInt32 in
                var code: UInt32 = 0
                for i in bounds.range {
                    if bytes[i] == 0 { return 0 }
                    code = code << 8 | UInt32(bytes[i])
                }
                return code
            }
            if code != 0 {
                for k in codes.indices where codes[k] == code { return fields[k] }
                return nil
            }
        }
        return qualifiers[segment[n]]
    }

    /// One to four bytes without NUL packed first byte highest, or `nil` (empty, longer, or with a NUL byte:
    /// those would collide with shorter codes).
    private static func code(_ bytes: some Collection<UInt8>) -> UInt32? {
        guard (1...4).contains(bytes.count) else { return nil }
        var code: UInt32 = 0
        for byte in bytes {
            if byte == 0 { return nil }
            code = code << 8 | UInt32(byte)
        }
        return code
    }
}
