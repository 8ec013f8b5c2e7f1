/// The results of a benchmark as a Markdown table.
struct BenchmarkTable {
    let results: [MQTTBenchmarkResult]

    func render() -> String {
        let header = ["client", "messages", "seconds", "msg/s", "note"]
        let rows = results.map { result in
            [
                result.name, "\(result.received)/\(result.expected)", Format.decimal(result.seconds, digits: 2),
                result.completed ? Format.grouped(Int(result.rate.rounded())) : "–", result.note,
            ]
        }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            "| "
                + cells.enumerated().map { index, cell in
                    let padding = String(repeating: " ", count: widths[index] - cell.count)
                    return index == 0 || index == 4 ? cell + padding : padding + cell
                }.joined(separator: " | ") + " |"
        }
        let separator =
            "|"
            + widths.enumerated().map { index, width in
                index == 0 || index == 4 ? String(repeating: "-", count: width + 2) : String(repeating: "-", count: width + 1) + ":"
            }.joined(separator: "|") + "|"
        return ([line(header), separator] + rows.map(line)).joined(separator: "\n")
    }
}

/// Number formatting without Foundation.
enum Format {
    static func decimal(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(abs(scaled) % Int(scale))
        return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}
