extension EDIDocument {
    /// A readable outline of the document: interchanges, groups, sets with segment counts, and every problem
    /// where it belongs. Stable across runs, so tests compare it with committed golden files.
    ///
    /// ```
    /// interchange 000000049 X12 00406 ZZ/SENDER -> ZZ/RECEIVER (element '*' component '>' repetition '-' terminator '~')
    ///   group 49 SH 004060
    ///     set 856 0008: 31 segments, accepted
    ///   end group 49: 1 set, 1 accepted
    /// end interchange 000000049: 1 group, accepted
    /// ```
    public var outline: String {
        var lines: [String] = []
        func problems(_ list: [EDIError], indent: String) {
            for p in list { lines.append("\(indent)! \(p.code): \(p)") }
        }
        var events: [(offset: Int, line: String)] = rejections.map {
            ($0.position.byteOffset ?? 0, "rejected \($0.code): \($0)")
        }
        for i in interchanges {
            let h = i.header
            var block: [String] = []
            block.append(
                "interchange \(h.controlNumber) \(h.standard) \(h.version) \(h.senderQualifier)/\(h.senderID) -> \(h.receiverQualifier)/\(h.receiverID)\(h.isTest ? " test" : "") (\(h.delimiters))"
            )
            lines = []
            for g in i.groups {
                if let gh = g.header {
                    lines.append("  group \(gh.controlNumber) \(gh.functionalID) \(gh.version)")
                } else {
                    lines.append("  messages outside a group")
                }
                for s in g.sets {
                    let ref = s.implementationReference.map { " (\($0))" } ?? ""
                    lines.append(
                        "    set \(s.id) \(s.controlNumber)\(ref): \(s.segments.count) segments, \(s.isAccepted ? "accepted" : "rejected")"
                    )
                    problems(s.problems, indent: "      ")
                }
                if let sum = g.summary {
                    let name = g.header?.controlNumber ?? "(no group)"
                    lines.append(
                        "  end group \(name): \(sum.setCount) set\(sum.setCount == 1 ? "" : "s"), \(sum.acceptedSetCount) accepted\(sum.problems.isEmpty ? "" : ", rejected")"
                    )
                    problems(sum.problems, indent: "    ")
                }
            }
            block += lines
            if let sum = i.summary {
                let unit = h.standard == .edifact && i.groups.allSatisfy({ $0.header == nil }) ? "message" : "group"
                block.append(
                    "end interchange \(h.controlNumber): \(sum.count) \(unit)\(sum.count == 1 ? "" : "s"), \(sum.problems.isEmpty ? "accepted" : "rejected")"
                )
                lines = []
                problems(sum.problems, indent: "  ")
                block += lines
            }
            events.append((h.segment.byteOffset, block.joined(separator: "\n")))
        }
        return events.sorted { $0.offset < $1.offset }.map(\.line).joined(separator: "\n") + "\n"
    }
}
