import EDI
import Foundation
import Testing

/// A small, seeded pseudo-random generator (SplitMix64) so every run mutates the same way.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// 10,000 mutated interchanges: the parser never crashes or hangs, and every outcome is parsed content or an
/// error with a position.
struct FuzzTests {
    static let seeds: [[UInt8]] = {
        var seeds = [
            Array(X12Samples.shipNotice().utf8), Array(X12Samples.shipNotice(terminator: "\n", after: "").utf8),
        ]
        for name in [
            "x12/nodex12_856.edi", "x12/staedi_simple997-multiple-interchanges.edi",
            "x12/staedi_ts214_ellipses_segterm.edi",
            "edifact/staedi_invoic_d97b_una.edi", "edifact/staedi_orders-with-group.edi", "x12/stupidedi_204.edi",
        ] {
            if let bytes = try? CorpusFiles.bytes(name) { seeds.append(bytes) }
        }
        return seeds
    }()

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...3, using: &rng)
        for _ in 0..<rounds where !bytes.isEmpty {
            switch Int.random(in: 0..<7, using: &rng) {
            case 0:  // flip bits of a few bytes
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[i] ^= UInt8.random(in: 1...255, using: &rng)
                }
            case 1, 2:  // drop or duplicate a segment (a run up to the next '~', '\n' or "'")
                let start = Int.random(in: 0..<bytes.count, using: &rng)
                var end = start
                while end < bytes.count && ![0x7E, 0x0A, 0x27].contains(bytes[end]) { end += 1 }
                end = min(end + 1, bytes.count)
                let segment = Array(bytes[start..<end])
                if Bool.random(using: &rng) {
                    bytes.removeSubrange(start..<end)
                } else {
                    bytes.insert(contentsOf: segment, at: end)
                }
            case 3:  // swap two delimiter kinds everywhere
                let pairs: [(UInt8, UInt8)] = [(0x2A, 0x7E), (0x2A, 0x3E), (0x2B, 0x3A), (0x7E, 0x0A), (0x27, 0x2B)]
                let (a, b) = pairs[Int.random(in: 0..<pairs.count, using: &rng)]
                bytes = bytes.map { $0 == a ? b : $0 == b ? a : $0 }
            case 4:  // truncate
                bytes = Array(bytes[0..<Int.random(in: 0..<bytes.count, using: &rng)])
            case 5:  // insert random bytes
                let i = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(
                    contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    }, at: i)
            default:  // replace a digit (control numbers, counts)
                if let i = bytes.indices.filter({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }).randomElement(using: &rng) {
                    bytes[i] = UInt8.random(in: 0x30...0x39, using: &rng)
                }
            }
        }
        return bytes
    }

    @Test func tenThousandMutatedInterchanges() throws {
        var rng = SplitMix64(state: 0xC0FFEE)
        let started = ContinuousClock.now
        var outcomes = (accepted: 0, rejected: 0)
        for iteration in 0..<10_000 {
            let seed = Self.seeds[iteration % Self.seeds.count]
            let input = Self.mutate(seed, &rng)
            var document = EDIDocument(file: "fuzz-\(iteration).edi")
            var events = 0
            try EDIParser.parse(input, file: document.file, options: .init(maxSegmentLength: 4096)) {
                events += 1
                document.add($0)
            }
            let problems = document.problems
            let sets = document.interchanges.flatMap { $0.groups.flatMap(\.sets) }
            #expect(events > 0, "iteration \(iteration): no outcome at all")
            #expect(!problems.isEmpty || !sets.isEmpty || !document.interchanges.isEmpty, "iteration \(iteration)")
            for problem in problems {
                let positioned = problem.position.byteOffset != nil || problem.code == .emptyInput
                #expect(positioned, "iteration \(iteration): \(problem) has no position")
                #expect(!problem.message.isEmpty)
            }
            for set in sets where set.isAccepted {
                let trailer = try #require(set.segments.last)
                #expect(
                    Int(trailer[1]) == set.segments.count, "iteration \(iteration): accepted set with a wrong count")
            }
            if problems.isEmpty { outcomes.accepted += 1 } else { outcomes.rejected += 1 }
            // Mapping what parsed never crashes either: events or positioned problems.
            let translation = EDITranslator(file: document.file).translate(document)
            for event in translation.events {
                #expect(event.encodedData == event.data.encoded(), "iteration \(iteration): data bytes differ")
            }
            for problem in translation.problems {
                #expect(
                    problem.position.byteOffset != nil || problem.code == .emptyInput,
                    "iteration \(iteration): \(problem)")
            }
            // Bounded in time as well as count.
            #expect(ContinuousClock.now - started < .seconds(300))
            if ContinuousClock.now - started >= .seconds(300) { break }
        }
        #expect(outcomes.accepted + outcomes.rejected == 10_000)
        #expect(outcomes.rejected > 5_000)
    }

    @Test func randomBytesAreRejectedNotCrashed() throws {
        var rng = SplitMix64(state: 42)
        for i in 0..<500 {
            let bytes = (0..<Int.random(in: 0...2048, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let document = EDIDocument.parse(bytes, file: "random-\(i).bin")
            #expect(!document.problems.isEmpty)
        }
    }
}
