import WireProtocol

/// Reads the business content of one transaction set for a mapping: segments, loops, parties, items, numbers.
///
/// A class, so that the mappings' helpers and closures share one reader instead of copying the set and the
/// profile (dozens of references) each time.
///
/// - Important: The reader borrows the set and the profile through pointers, without copying them: whoever makes a
///   reader keeps both alive and unchanged while it is used, and does not let it escape (``EDITranslator`` makes it
///   inside `withUnsafePointer` for one mapping).
final class X12SetReader {
    private let setPointer: UnsafePointer<EDITransactionSet>
    private let profilePointer: UnsafePointer<PartnerProfile>
    /// The set being read.
    var set: EDITransactionSet { unsafeAddress { setPointer } }
    /// The partner's variations.
    var profile: PartnerProfile { unsafeAddress { profilePointer } }
    let file: String
    /// The segments between header and trailer, numbered from 0; made on first use (the hot mappings read
    /// ``EDITransactionSet/body`` instead and skip the copy).
    private(set) lazy var body: [EDISegment] = Array(set.body)
    /// ``PartnerProfile/itemQualifiers`` for lookups on element bytes.
    let itemQualifiers: ItemQualifierTable
    /// The id prefix and document time of the set's group.
    let facts: EDIEnvelopeFacts

    init(
        _ set: UnsafePointer<EDITransactionSet>, profile: UnsafePointer<PartnerProfile>, file: String,
        itemQualifiers: ItemQualifierTable? = nil, facts: EDIEnvelopeFacts? = nil
    ) {
        setPointer = set
        profilePointer = profile
        self.file = file
        self.itemQualifiers = itemQualifiers ?? ItemQualifierTable(profile.pointee.itemQualifiers)
        self.facts =
            facts
            ?? EDIEnvelopeFacts(
                interchange: set.pointee.interchange, group: set.pointee.group, profile: profile.pointee)
    }

    /// The first segment with `tag`.
    func first(_ tag: String) -> EDISegment? {
        let code = EDISegment.code(ofTag: tag)
        return set.body.first { $0.tagCode == code }
    }

    /// All segments with `tag`.
    func all(_ tag: String) -> [EDISegment] {
        let code = EDISegment.code(ofTag: tag)
        return set.body.filter { $0.tagCode == code }
    }

    /// A problem that stops the mapping of this set, positioned at `segment` (or the set header).
    func failure(_ message: String, at segment: EDISegment? = nil, element: String? = nil) -> EDIError {
        let s = segment ?? set.segments.first!
        return EDIError(
            .mappingFailed,
            at: EDIPosition(
                file: file, interchange: set.interchange.controlNumber, group: set.group?.controlNumber,
                set: set.controlNumber, segmentIndex: s.index,
                segmentInSet: set.segments.firstIndex(of: s).map { $0 + 1 },
                segmentTag: s.tag, byteOffset: s.byteOffset, line: s.line, element: element),
            "\(set.id) \(message)")
    }

    /// The segment with `tag`, or a mapping failure naming what it is needed for.
    func required(_ tag: String, for what: String) throws(EDIError) -> EDISegment {
        guard let s = first(tag) else { throw failure("has no \(tag) segment: \(what) is required") }
        return s
    }

    /// Splits `segments` into loops, each starting at a segment with tag `start` and running until the next one
    /// or a segment whose tag is in `end`. Segments before the first `start` are dropped.
    static func loops(_ segments: some Collection<EDISegment>, start: String, end: Set<String> = []) -> [[EDISegment]] {
        var loops: [[EDISegment]] = []
        var current: [EDISegment]?
        for s in segments {
            if s.isTag(start) {
                if let c = current { loops.append(c) }
                current = [s]
            } else if end.contains(s.tag) {
                if let c = current { loops.append(c) }
                current = nil
            } else {
                current?.append(s)
            }
        }
        if let c = current { loops.append(c) }
        return loops
    }

    /// A party from an N1 loop (N1, N2, N3, N4, PER).
    func party(_ loop: [EDISegment]) -> Party? { party(in: loop[...]) }

    /// A party from an N1 loop (N1, N2, N3, N4, PER), read in place in the set's segments.
    func party(in loop: ArraySlice<EDISegment>) -> Party? {
        guard let start = loop.indices.first, loop[start].hasTag("N1") else { return nil }
        let n1 = loop[start]
        let code = n1[1]
        let role = PartyRole(rawValue: profile.partyRoles[code] ?? "X12:\(code)")
        var name = n1.isEmpty(2) ? nil : n1[2]
        let identifiers = n1.isEmpty(4) ? nil : [PartyIdentifier(scheme: Self.idScheme(n1[3]), value: n1[4])]
        var lines: [String] = []
        // The last N4 and how many address lines came before it: its address is made once, after the loop.
        var n4 = -1
        var linesBeforeN4 = 0
        var contact: Contact?
        for k in loop.indices.dropFirst() {
            switch loop[k].tagCode {
            case EDISegment.code("N2"):
                let s = loop[k]
                name = ([name].compactMap { $0 } + [s[1], s[2]].filter { !$0.isEmpty }).joined(separator: " ")
            case EDISegment.code("N3"):
                if !loop[k].isEmpty(1) { lines.append(loop[k][1]) }
                if !loop[k].isEmpty(2) { lines.append(loop[k][2]) }
            case EDISegment.code("N4"):
                n4 = k
                linesBeforeN4 = lines.count
            case EDISegment.code("PER"):
                let s = loop[k]
                var c = Contact(name: s[2].isEmpty ? nil : s[2])
                for k in stride(from: 3, through: 7, by: 2) {
                    switch s[k] {
                    case "TE", "PH": c.phone = s[k + 1]
                    case "EM": c.email = s[k + 1]
                    default: break
                    }
                }
                if c != Contact() { contact = c }
            default: break
            }
        }
        let address: Address?
        if n4 >= 0 {
            let s = loop[n4]
            address = Address(
                lines: linesBeforeN4 == lines.count ? lines : Array(lines[..<linesBeforeN4]), city: s[1],
                region: s.isEmpty(2) ? nil : s[2], postalCode: s.isEmpty(3) ? nil : s[3], country: Self.country(s[4]))
        } else {
            address = lines.isEmpty ? nil : Address(lines: lines, city: "", country: "US")
        }
        return Party(role: role, name: name, identifiers: identifiers, address: address, contact: contact)
    }

    /// All parties of the N1 loops in `segments`; a loop ends at any tag in `end`.
    func parties(in segments: some Collection<EDISegment>, end: Set<String>) -> [Party] {
        Self.loops(segments.filter { $0.tag != "" }, start: "N1", end: end).compactMap(party)
    }

    /// X12 ID code qualifier (66) → scheme.
    static func idScheme(_ qualifier: String) -> String {
        switch qualifier {
        case "1": "DUNS"
        case "9": "DUNS+4"
        case "UL": "GLN"
        case "91": "seller-assigned"
        case "92": "buyer-assigned"
        case "": "unspecified"
        default: "X12:\(qualifier)"
        }
    }

    /// An ISO 3166 alpha-2 country from an X12 country code (2 letters, or 3-letter `USA`/`CAN`/`MEX`); `US` when absent.
    static func country(_ code: String) -> String {
        // The usual case, two upper-case letters, is the answer as it stands.
        let utf8 = code.utf8
        if utf8.count == 2 && utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) { return code }
        return switch code.uppercased() {
        case "": "US"
        case "USA": "US"
        case "CAN": "CA"
        case "MEX": "MX"
        default: String(code.prefix(2)).uppercased()
        }
    }

    /// An item from qualifier/value pairs, e.g. `LIN02/LIN03, LIN04/LIN05…`, starting at element `first`.
    func item(_ s: EDISegment, pairsFrom first: Int, upTo last: Int = 31) -> ItemReference {
        // The four fields are kept apart until the end: testing and setting them inside the walk's closure
        // would copy the whole reference each time.
        var sku: String?
        var gtin: String?
        var buyerPartNumber: String?
        var vendorPartNumber: String?
        // One walk over the segment's marks: each qualifier's bounds are kept until its value element arrives.
        var qualifier: (range: Range<Int>, inner: Bool)?
        s.forEachElement(from: first, through: last) { n, range, inner in
            guard (n - first) % 2 == 1, let q = qualifier else {
                qualifier = (range, inner)
                return
            }
            qualifier = nil
            guard !(range.isEmpty && !inner), let field = itemQualifiers.field(bounds: q, element: n - 1, of: s)
            else { return }
            func value() -> String { inner ? s[n] : s.text(range) }
            switch field {
            case .sku: if sku == nil { sku = value() }
            case .gtin: if gtin == nil { gtin = value() }
            case .buyerPartNumber: if buyerPartNumber == nil { buyerPartNumber = value() }
            case .vendorPartNumber: if vendorPartNumber == nil { vendorPartNumber = value() }
            }
        }
        return ItemReference(
            sku: sku, gtin: gtin, buyerPartNumber: buyerPartNumber, vendorPartNumber: vendorPartNumber)
    }

    /// A decimal from EDI number text: leading `+` and zeros, a leading or trailing decimal point and a `,`
    /// decimal mark are accepted (`007` is 7, `.5` is 0.5, `12.` is 12, `1,5` is 1.5).
    static func decimal(_ text: String) -> DecimalNumber? {
        // Most quantities are plain digits without leading zeros: they are already canonical.
        // So are plain decimals (`12.50`, `0.5`): digits, at most one inner point, no superfluous leading zero.
        if isCanonicalDecimal(text) { return DecimalNumber(text) }
        var t = Substring(text.trimmingASCIISpaces())
        var negative = false
        if t.first == "-" || t.first == "+" {
            negative = t.first == "-"
            t = t.dropFirst()
        }
        let parts = t.replacingOccurrences(of: ",", with: ".").split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.utf8.allSatisfy(EDIBytes.isDigit) }),
            !(parts.first?.isEmpty ?? true) || (parts.count == 2 && !parts[1].isEmpty)
        else { return nil }
        var whole = String(parts[0].drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        let body = fraction.isEmpty ? whole : whole + "." + fraction
        return DecimalNumber((negative && body.contains { $0 != "0" && $0 != "." } ? "-" : "") + body)
    }

    /// Whether `text` is digits with at most one decimal point between digits and no leading zero before
    /// another digit — text that ``decimal(_:)`` would return unchanged.
    static func isCanonicalDecimal(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isCanonicalDecimal($0) }
    }

    /// The same test on UTF-8 bytes (an element read in place).
    static func isCanonicalDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var point = -1
        var count = 0
        var first: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard point < 0, count > 0 else { return false }
                point = count
            } else if !EDIBytes.isDigit(byte) {
                return false
            } else if count == 1 && first == UInt8(ascii: "0") {
                return false
            }
            if count == 0 { first = byte }
            count += 1
        }
        return count > 0 && point != count - 1
    }

    /// A decimal from an element, or a failure naming it.
    func number(_ s: EDISegment, _ n: Int, _ what: String) throws(EDIError) -> DecimalNumber {
        // The usual number is canonical as it stands (see `decimal`): checked on the element's bytes, it becomes the
        // number without going through text checks twice more.
        if let b = s.elementBounds(n), !b.inner,
            s.withContent({ Self.isCanonicalDecimal(UnsafeBufferPointer(rebasing: $0[b.range])) })
        {
            return DecimalNumber(uncheckedText: s.text(b.range))
        }
        let text = s[n]
        guard let value = Self.decimal(text) else {
            let ref = Self.reference(s, n)
            throw failure("\(ref) (\(what)) '\(text)' is not a number", at: s, element: ref)
        }
        return value
    }

    /// The element reference of element `n` of `s`, e.g. `SN102`.
    static func reference(_ s: EDISegment, _ n: Int) -> String {
        s.tag + (n < 10 ? "0\(n)" : "\(n)")
    }

    /// A number with `places` implied decimal places (X12 type N2: `12417` is 124.17), or a failure.
    func implied(_ s: EDISegment, _ n: Int, places: Int, _ what: String) throws(EDIError) -> DecimalNumber {
        let ref = s.tag + (n < 10 ? "0\(n)" : "\(n)")
        let text = s[n].trimmingASCIISpaces()
        let negative = text.hasPrefix("-")
        var digits = String(negative ? text.dropFirst() : Substring(text))
        guard !digits.isEmpty, digits.utf8.allSatisfy(EDIBytes.isDigit) else {
            throw failure(
                "\(ref) (\(what)) '\(s[n])' is not a number with \(places) implied decimals", at: s, element: ref)
        }
        while digits.count <= places { digits = "0" + digits }
        let whole = digits.dropLast(places)
        let fraction = digits.suffix(places)
        guard let value = Self.decimal((negative ? "-" : "") + whole + (places > 0 ? "." + fraction : "")) else {
            throw failure("\(ref) (\(what)) '\(s[n])' is not a number", at: s, element: ref)
        }
        return value
    }

    /// The document's currency: CUR02, or the profile's default.
    func currency() throws(EDIError) -> CurrencyCode {
        let code = first("CUR")?[2] ?? profile.defaultCurrency
        guard let currency = CurrencyCode(code.isEmpty ? profile.defaultCurrency : code) else {
            throw failure("currency '\(code)' is not an ISO 4217 code", at: first("CUR"), element: "CUR02")
        }
        return currency
    }

    /// The first date found among G62 (date qualifiers in `g62`) and DTM (qualifiers in `dtm`) segments.
    func date(g62: Set<String> = [], dtm: Set<String> = [], in segments: [EDISegment]? = nil) -> LocalDate? {
        for s in segments ?? body {
            if s.hasTag("G62") && g62.contains(s[1]), let d = X12TimeCodes.date(s[2]) { return d }
            if s.hasTag("DTM") && dtm.contains(s[1]), let d = X12TimeCodes.date(s[2]) { return d }
        }
        return nil
    }

    /// The description (PID05, or G69 for warehouse sets) in the segments after `index` up to the next `stop` tag.
    func description(after index: Int, stop: Set<String>) -> String? {
        for s in body[(index + 1)...] {
            if stop.contains(s.tag) { break }
            if s.hasTag("PID"), !s[5].isEmpty { return s[5] }
            if s.hasTag("G69"), !s[1].isEmpty { return s[1] }
        }
        return nil
    }

    /// A quantity from a value element and a unit element.
    func quantity(_ s: EDISegment, value: Int, unit: Int, _ what: String) throws(EDIError) -> Quantity {
        // The unit's text is empty exactly when the element is absent or empty: read once.
        let unitText = s[unit]
        return Quantity(
            value: try number(s, value, what), unit: UnitOfMeasure(rawValue: unitText.isEmpty ? "EA" : unitText))
    }

    /// A weight from a value and an X12 unit code (`LB`, `KG`, `01` pounds … ).
    func weight(_ s: EDISegment, value: Int, unit: Int) -> Weight? {
        guard !s.isEmpty(value), let v = try? number(s, value, "weight") else { return nil }
        let unitCode: WeightUnit = s.element(unit, is: "KG") || s.element(unit, is: "K") ? .kilograms : .pounds
        return Weight(value: v, unit: unitCode)
    }

    /// References (REF/N9/L11 qualifier → value) among `segments`.
    static func references(
        _ segments: some Collection<EDISegment>, tag: String, qualifierElement: Int = 1, valueElement: Int = 2
    )
        -> [(qualifier: String, value: String)]
    {
        let code = EDISegment.code(ofTag: tag)
        return segments.filter { code != 0 && $0.tagCode == code }.map { ($0[qualifierElement], $0[valueElement]) }
    }

    /// The deterministic event id for event `index` of this set (`nil` when the set yields one event).
    func eventID(index: Int? = nil) -> String {
        EventIDBuilder.ediTransaction(
            prefix: facts.idPrefix, transactionControlNumber: set.controlNumber, index: index)
    }

    /// When the document was created: GS04/GS05 (or the interchange date) at the profile's local offset.
    var documentTime: ZonedDateTime { facts.documentTime }
}
