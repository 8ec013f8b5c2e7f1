/// The separators and terminator of one interchange, as bytes.
///
/// X12 reads them from the ISA: element separator at byte 3, repetition separator ISA11 (only for ISA12 ≥ 00402
/// and only when not alphanumeric), component separator ISA16, and the segment terminator right after ISA16,
/// which may be a multi-byte UTF-8 character or a line break. EDIFACT reads them from UNA or uses `:+.? '`.
public struct EDIDelimiters: Sendable, Hashable, CustomStringConvertible {
    /// Separates elements (`*` in X12, `+` in EDIFACT).
    public var element: UInt8
    /// Separates components of a composite element (ISA16 in X12, `:` in EDIFACT).
    public var component: UInt8
    /// Separates repetitions of an element, when the interchange uses repetitions.
    public var repetition: UInt8?
    /// Ends a segment; more than one byte for a multi-byte UTF-8 terminator. `[0x0A]` means "line break"
    /// (LF, CRLF or CR).
    public var segmentTerminator: [UInt8]
    /// Makes the next character literal (EDIFACT `?`); X12 has none.
    public var release: UInt8?
    /// The decimal mark (EDIFACT UNA3, `.` by default).
    public var decimalMark: UInt8

    /// Creates a set of delimiters.
    public init(
        element: UInt8, component: UInt8, repetition: UInt8?, segmentTerminator: [UInt8], release: UInt8? = nil,
        decimalMark: UInt8 = UInt8(ascii: ".")
    ) {
        self.element = element
        self.component = component
        self.repetition = repetition
        self.segmentTerminator = segmentTerminator
        self.release = release
        self.decimalMark = decimalMark
    }

    /// The common X12 choice: `*`, `>`, `^` and `~`.
    public static let x12Default = EDIDelimiters(
        element: UInt8(ascii: "*"), component: UInt8(ascii: ">"), repetition: UInt8(ascii: "^"),
        segmentTerminator: [UInt8(ascii: "~")])

    /// The EDIFACT defaults used when there is no UNA: `:+.? '`.
    public static let edifactDefault = EDIDelimiters(
        element: UInt8(ascii: "+"), component: UInt8(ascii: ":"), repetition: nil,
        segmentTerminator: [UInt8(ascii: "'")], release: UInt8(ascii: "?"))

    /// Whether segments end at line breaks.
    public var terminatorIsLineBreak: Bool { segmentTerminator == [0x0A] || segmentTerminator == [0x0D] }

    /// A readable summary, e.g. `element '*' component '>' repetition '^' terminator '~'`.
    public var description: String {
        func show(_ b: UInt8) -> String { EDIBytes.printable([b]) }
        var s = "element '\(show(element))' component '\(show(component))'"
        if let repetition { s += " repetition '\(show(repetition))'" }
        if let release { s += " release '\(show(release))'" }
        s += " terminator '\(EDIBytes.printable(segmentTerminator))'"
        return s
    }
}
