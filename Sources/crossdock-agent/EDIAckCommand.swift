import ArgumentParser
import EDI
import Foundation
import Shared

/// `crossdock-agent edi ack FILE`: the 997 for every X12 interchange of a file, on stdout.
struct EDIAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Write the 997 functional acknowledgment for an X12 file to standard output.",
        discussion: """
            One 997 interchange per inbound interchange, with AK1–AK9 and the X12 error codes of every rejected \
            set, segment and element; the version mirrors the inbound GS08. Outbound control numbers are kept per \
            partner in the control-number file and never reused.
            """)

    @Option(help: "The file that keeps outbound control numbers per partner.")
    var controlNumbers = EDIControlNumberFile.defaultPath

    @Argument(help: "An X12 file.")
    var file: String

    func run() throws {
        let document: EDIDocument
        do {
            document = try EDIDocument.read(atPath: file, as: file)
        } catch {
            throw CommandFailure("\(file): cannot read the file: \(error)")
        }
        try EDIControlNumberFile.prepare(controlNumbers)
        let writer = X12AcknowledgmentWriter(controlNumbers: FileControlNumberStore(path: controlNumbers))
        var written = 0
        for interchange in document.interchanges {
            guard let ack = try writer.acknowledge(interchange) else { continue }
            FileHandle.standardOutput.write(Data(ack))
            written += 1
        }
        for problem in document.rejections { printError(problem.description) }
        if written == 0 {
            printError("\(file): no X12 interchange to acknowledge")
            throw ExitCode.failure
        }
    }
}

/// Where the CLI keeps outbound control numbers.
enum EDIControlNumberFile {
    /// `$XDG_STATE_HOME/crossdock/edi-control-numbers` or `~/.local/state/crossdock/edi-control-numbers`.
    static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"] ?? (NSHomeDirectory() + "/.local/state")
        return state + "/crossdock/edi-control-numbers"
    }

    /// Creates the file's directory.
    static func prepare(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot create \(directory) for the control numbers: \(error.localizedDescription)")
        }
    }
}
