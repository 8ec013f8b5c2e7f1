import CrossdockTesting
import Foundation
import Testing
import WireProtocol

/// `crossdock-agent edi translate | ack | render` as an operator runs them: real files, real processes.
struct EDICommandTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("EDITests/Corpus/x12").path

    @Test func translateWritesOneCloudEventPerLineAndExitsZero() throws {
        let result = try run(["edi", "translate", "--identity", "acme/dal1/agent-1", "\(Self.corpus)/x12types_940_test_940_2.edi"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let event = try CloudEvent(jsonBytes: Array(lines[0].utf8))
        #expect(event.type == .orderReleased)
        #expect(event.identity.description == "acme/dal1/agent-1")
        #expect(event.sequence == 1)
    }

    @Test func translatingTwiceGivesTheSameIds() throws {
        let file = "\(Self.corpus)/staedi_invoice810_po850_dual.edi"
        let first = try run(["edi", "translate", file]).stdout
        let second = try run(["edi", "translate", file]).stdout
        #expect(!first.isEmpty)
        #expect(first == second)
    }

    @Test func problemsGoToStandardErrorWithFileAndPositionAndExitOne() throws {
        let good = "\(Self.corpus)/x12types_940_test_940_2.edi"
        let bad = "\(Self.corpus)/stupidedi_856_fail.edi"
        let result = try run(["edi", "translate", bad, good])
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n").count == 1, "the valid file still translates")
        #expect(result.stderr.contains("stupidedi_856_fail.edi: interchange 000000089, group 000000089, set 0000001"))
        #expect(result.stderr.contains("SE01 says 25 segments, counted 22"))
        for line in result.stderr.split(separator: "\n") {
            #expect(line.contains(".edi"), "every problem names its file: \(line)")
        }
    }

    @Test func notEDIAtAllIsRejectedWithAReason() async throws {
        try await withTemporaryDirectory { dir in
            try Data((0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: "\(dir)/x.bin"))
            let result = try run(["edi", "translate", "\(dir)/x.bin", "\(dir)/missing.edi"])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("x.bin"))
            #expect(result.stderr.contains("missing.edi: cannot read the file"))
        }
    }

    @Test func ackWritesA997PerInterchangeWithFreshControlNumbers() async throws {
        try await withTemporaryDirectory { dir in
            let file = "\(Self.corpus)/staedi_invoice810_po850_dual.edi"
            let first = try run(["edi", "ack", "--control-numbers", "\(dir)/numbers", file])
            let second = try run(["edi", "ack", "--control-numbers", "\(dir)/numbers", file])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("ST*997*"))
            #expect(first.stdout.contains("AK1*IN*1~"))
            #expect(first.stdout.contains("AK1*PO*165~"))
            let isa13 = { (text: String) in text.split(separator: "*")[13] }
            #expect(isa13(first.stdout) != isa13(second.stdout), "control numbers are never reused")
        }
    }

    @Test func render940ThenTranslateGivesTheSameOrder() async throws {
        try await withTemporaryDirectory { dir in
            let translated = try run(["edi", "translate", "\(Self.corpus)/x12types_940_test_940_2.edi"]).stdout
            let original = try CloudEvent(jsonBytes: Array(translated.split(separator: "\n")[0].utf8))
            try Data(original.encoded()).write(to: URL(fileURLWithPath: "\(dir)/event.json"))
            let rendered = try run([
                "edi", "render", "--type", "940", "--receiver", "ZZ:WMS", "--control-numbers", "\(dir)/numbers", "\(dir)/event.json",
            ])
            #expect(rendered.status == 0, "\(rendered.stderr)")
            try Data(rendered.stdout.utf8).write(to: URL(fileURLWithPath: "\(dir)/rendered.edi"))
            let back = try run(["edi", "translate", "\(dir)/rendered.edi"])
            #expect(back.status == 0, "\(back.stderr)")
            let roundTripped = try CloudEvent(jsonBytes: Array(back.stdout.split(separator: "\n")[0].utf8))
            #expect(try roundTripped.payload(as: Order.self) == (try original.payload(as: Order.self)))
        }
    }

    @Test func renderRefusesTheWrongEventType() async throws {
        try await withTemporaryDirectory { dir in
            let translated = try run(["edi", "translate", "\(Self.corpus)/x12types_940_test_940_2.edi"]).stdout
            try Data(translated.split(separator: "\n")[0].utf8).write(to: URL(fileURLWithPath: "\(dir)/event.json"))
            let result = try run(["edi", "render", "--type", "204", "--control-numbers", "\(dir)/n", "\(dir)/event.json"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("a 204 is rendered from com.crossdock.shipment.tendered.v1, not com.crossdock.order.released.v1"))
        }
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ProductExecutable.path("crossdock-agent"))
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
