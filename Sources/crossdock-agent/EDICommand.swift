import ArgumentParser

/// `crossdock-agent edi`: translate EDI files to canonical events, acknowledge them, render EDI from events.
struct EDICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edi",
        abstract: "Translate X12/EDIFACT files to canonical CloudEvents, write 997s, render X12 from events.",
        subcommands: [EDITranslateCommand.self, EDIAckCommand.self, EDIRenderCommand.self])
}
