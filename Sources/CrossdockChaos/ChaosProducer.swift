import Foundation

/// Appends records (JSON lines, one shipment milestone each) to the agents' files and counts them. Record `n` of
/// agent `a` is shipment `A-n`: the subject every later stage is counted by.
public struct ChaosProducer: Sendable {
    /// The files, one per agent.
    public let files: [String]
    /// Records appended so far, per agent.
    public private(set) var produced: [Int]

    /// A producer for `files`, nothing appended yet.
    public init(files: [String]) {
        self.files = files
        produced = Array(repeating: 0, count: files.count)
    }

    /// The subject of record `number` (from 1) of agent `index`.
    public static func subject(agent index: Int, number: Int) -> String {
        "\(ChaosFault.letter(index).uppercased())-\(number)"
    }

    /// Appends `count` records to every agent's file, or only to agent `only`'s.
    public mutating func append(_ count: Int, only: Int? = nil) throws {
        guard count > 0 else { return }
        for index in files.indices where only == nil || only == index {
            let first = produced[index] + 1
            let text = (first..<(first + count)).map { number in
                "{\"n\":\"\(Self.subject(agent: index, number: number))\",\"status\":\"X1\",\"at\":\"2026-11-27T09:15:00-05:00\"}\n"
            }.joined()
            guard let handle = FileHandle(forWritingAtPath: files[index]) else {
                throw ChaosError("cannot open \(files[index]) for appending")
            }
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            produced[index] += count
        }
    }

    /// Every subject appended so far.
    public var subjects: Set<String> {
        var subjects = Set<String>()
        for index in files.indices where produced[index] > 0 {
            for number in 1...produced[index] { subjects.insert(Self.subject(agent: index, number: number)) }
        }
        return subjects
    }

    /// Records appended so far, all agents.
    public var total: Int { produced.reduce(0, +) }
}
