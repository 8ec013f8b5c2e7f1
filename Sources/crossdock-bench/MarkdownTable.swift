/// A Markdown table with padded columns: text left-aligned, the columns of figures right-aligned.
struct MarkdownTable {
    let header: [String]
    let rows: [[String]]
    /// The columns whose cells are right-aligned (figures).
    let rightAligned: Set<Int>

    func render() -> String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map { $0.unicodeScalars.count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            "| "
                + cells.enumerated().map { index, cell in
                    let padding = String(repeating: " ", count: widths[index] - cell.unicodeScalars.count)
                    return rightAligned.contains(index) ? padding + cell : cell + padding
                }.joined(separator: " | ") + " |"
        }
        let separator =
            "|"
            + widths.enumerated().map { index, width in
                rightAligned.contains(index)
                    ? String(repeating: "-", count: width + 1) + ":" : String(repeating: "-", count: width + 2)
            }.joined(separator: "|") + "|"
        return ([line(header), separator] + rows.map(line)).joined(separator: "\n")
    }
}
