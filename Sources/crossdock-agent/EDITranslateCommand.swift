import ArgumentParser
import EDI
import Foundation
import Shared
import WireProtocol

/// `crossdock-agent edi translate FILE...`: canonical CloudEvents as JSON lines on stdout, problems on stderr.
struct EDITranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate EDI files to canonical CloudEvents, one JSON object per line on standard output.",
        discussion: """
            Problems go to standard error, one line each, naming the file and the position (interchange, group, \
            set, segment, byte, element). Valid interchanges in a file that also holds an invalid one are still \
            translated. Exit status 0 when every file translated cleanly, 1 otherwise. Event ids are derived from \
            sender, receiver and control numbers, so translating the same file twice gives the same ids.
            """)

    @OptionGroup var identity: EDIIdentityOptions

    @Argument(help: "X12 or EDIFACT files.")
    var files: [String]

    func run() throws {
        let identity = try self.identity.resolve()
        let source = "/\(identity.tenant)/\(identity.site)/\(identity.agent)/edi/translate"
        var sequence: UInt64 = 0
        var failed = false
        var output = FileHandleOutput(handle: .standardOutput)
        for file in files {
            let document: EDIDocument
            do {
                document = try EDIDocument.read(atPath: file, as: file)
            } catch {
                printError("\(file): cannot read the file: \(error)")
                failed = true
                continue
            }
            let (events, problems) = EDITranslator(file: file).translate(document)
            for event in events {
                sequence += 1
                output.writeLine(event.encodedCloudEvent(source: source, identity: identity, sequence: sequence))
            }
            for problem in problems { printError(problem.description) }
            if !problems.isEmpty { failed = true }
        }
        output.flush()
        if failed { throw ExitCode.failure }
    }
}

/// Where translated events are said to come from: the agent's identity, from its configuration or given here.
struct EDIIdentityOptions: ParsableArguments {
    @Option(help: "The agent's identity for the events' tenant/site/agent, as tenant/site/agent.")
    var identity = "local/edi/cli"

    /// The identity, or a usage error naming what is wrong.
    func resolve() throws -> AgentIdentity {
        let parts = identity.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw ValidationError("--identity must be tenant/site/agent, got \"\(identity)\"") }
        do {
            return try AgentIdentity(tenant: parts[0], site: parts[1], agent: parts[2])
        } catch {
            throw ValidationError("--identity \(identity): \(error)")
        }
    }
}

/// Buffered writes to a file handle (the translation of a large file writes many lines).
struct FileHandleOutput {
    let handle: FileHandle
    private var buffer: [UInt8] = []

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// Writes `bytes` and a line feed.
    mutating func writeLine(_ bytes: [UInt8]) {
        buffer += bytes
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
