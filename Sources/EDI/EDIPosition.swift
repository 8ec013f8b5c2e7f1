/// Where in an EDI file something happened: file, envelope control numbers, segment and element.
///
/// Every field but ``file`` is optional; a description names only what is known, from the outside in:
/// `orders.edi: interchange 000000905, group 1, set 0001, segment 12 (byte 431, line 12), SE01`.
public struct EDIPosition: Sendable, Hashable, CustomStringConvertible {
    /// The file name (or another label for the input) as given to the parser.
    public var file: String
    /// The interchange control number (ISA13 or UNB05), when inside an interchange.
    public var interchange: String?
    /// The functional group control number (GS06 or UNG05), when inside a group.
    public var group: String?
    /// The transaction set or message control number (ST02 or UNH01), when inside a set.
    public var set: String?
    /// The 1-based ordinal of the segment in the file.
    public var segmentIndex: Int?
    /// The 1-based position of the segment in its transaction set (ST is 1), as a 997 AK302 reports it.
    public var segmentInSet: Int?
    /// The tag of the segment, such as `SE` or `NAD`.
    public var segmentTag: String?
    /// The byte offset of the first byte of the segment (or of the problem) in the file, from 0.
    public var byteOffset: Int?
    /// The 1-based line of ``byteOffset``.
    public var line: Int?
    /// The element reference, such as `SE01` or `QTY01-02` (segment tag, element position, component).
    public var element: String?
    /// The 1-based position of the element in its segment (for AK401), when the problem is in one element.
    public var elementIndex: Int?
    /// The 1-based position of the component in its composite element (for AK401-2), when known.
    public var componentIndex: Int?

    /// Creates a position; only `file` is required.
    public init(
        file: String,
        interchange: String? = nil,
        group: String? = nil,
        set: String? = nil,
        segmentIndex: Int? = nil,
        segmentInSet: Int? = nil,
        segmentTag: String? = nil,
        byteOffset: Int? = nil,
        line: Int? = nil,
        element: String? = nil,
        elementIndex: Int? = nil,
        componentIndex: Int? = nil
    ) {
        self.file = file
        self.interchange = interchange
        self.group = group
        self.set = set
        self.segmentIndex = segmentIndex
        self.segmentInSet = segmentInSet
        self.segmentTag = segmentTag
        self.byteOffset = byteOffset
        self.line = line
        self.element = element
        self.elementIndex = elementIndex
        self.componentIndex = componentIndex
    }

    /// The position on one line, outermost first, e.g. `a.edi: interchange 905, group 1, set 0001, segment 12 (byte 431, line 12)`.
    public var description: String {
        var parts: [String] = []
        if let interchange { parts.append("interchange \(interchange)") }
        if let group { parts.append("group \(group)") }
        if let set { parts.append("set \(set)") }
        if let segmentIndex {
            var place = "segment \(segmentIndex)"
            var detail: [String] = []
            if let byteOffset { detail.append("byte \(byteOffset)") }
            if let line { detail.append("line \(line)") }
            if !detail.isEmpty { place += " (" + detail.joined(separator: ", ") + ")" }
            parts.append(place)
        } else if let byteOffset {
            parts.append(line.map { "byte \(byteOffset) (line \($0))" } ?? "byte \(byteOffset)")
        }
        return parts.isEmpty ? file : file + ": " + parts.joined(separator: ", ")
    }
}
