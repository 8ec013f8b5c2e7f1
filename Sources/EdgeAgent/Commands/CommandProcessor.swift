import Logging
import Shared
import WireProtocol

/// Carries out the commands the aggregator sends on `…/commands`: each command goes to the sink configured for its
/// type, at most once per command `source` + `id`, and its outcome goes back as a
/// ``EventType/commandCompleted`` event through the ``EventSink`` (the outbox), forwarded like any event.
///
/// - A command already carried out (recorded in the processed-commands store) is skipped: no second file or row and
///   no second outcome.
/// - A command of a type without a sink, or whose payload the sink cannot use, is quarantined with the reason and
///   answered with a `rejected` outcome; it is recorded, so it is not quarantined again when redelivered.
/// - A sink that fails (folder not writable, database down) gives a `failed` outcome and is not recorded: the same
///   command sent again is tried again. Each failed attempt has an outcome id of its own, so the final
///   `succeeded` outcome is never mistaken for a duplicate of a failure.
///
/// The outcome is committed before the command is recorded: a crash in between redelivers the command, the sink
/// finds its file or row already there, and the same outcome id is produced again (dropped as a duplicate).
public actor CommandProcessor {
    /// The name under which the processor's cursor (the last command handled) is kept in the outbox.
    public static let cursorSource = "commands"

    /// The outcome events' `source`: `/{tenant}/{site}/{agent}/commands`.
    public nonisolated let sourceURI: String
    private let sinks: [EventType: any CommandSink]
    private let store: ProcessedCommandStore
    private let eventSink: any EventSink
    private let logger: Logger
    private var inFlight: Set<String> = []

    /// Creates a processor; `statePath` is the processed-commands SQLite file (created if missing).
    public init(
        identity: AgentIdentity, sinks: [EventType: any CommandSink], statePath: String, eventSink: any EventSink,
        logger: Logger = Logger(label: "crossdock.agent.commands")
    ) throws {
        self.sourceURI = "/\(identity.tenant)/\(identity.site)/\(identity.agent)/commands"
        self.sinks = sinks
        self.store = try ProcessedCommandStore(path: statePath)
        self.eventSink = eventSink
        self.logger = logger
    }

    /// Handles one MQTT message: a CloudEvents batch (or a single event); returns the outcomes produced, without
    /// the commands skipped as already handled. Unreadable messages are quarantined; an event that fails validation
    /// but names its `source` and `id` is rejected with an outcome as well.
    @discardableResult
    public func handle(message payload: [UInt8]) async throws -> [CommandOutcome] {
        var commands: [CloudEvent] = []
        var invalid: [(raw: JSONValue, location: String, reason: String)] = []
        do {
            if payload.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") {
                let value = try JSONValue.parse(payload)
                do {
                    commands = [try CloudEvent(json: value)]
                } catch {
                    invalid = [(value, "command message", "not a valid command: \(error)")]
                }
            } else {
                let batch = try CloudEventBatch.decodeEach(payload)
                commands = batch.events
                invalid = batch.rejected.map { rejected in
                    (
                        rejected.raw, "command message, event [\(rejected.index)]",
                        "not a valid command: " + rejected.problems.map(\.description).joined(separator: "; ")
                    )
                }
            }
        } catch {
            let record = QuarantinedRecord(
                source: Self.cursorSource, location: "command message",
                reason: "not a CloudEvents batch or event: \(error)", raw: payload)
            logger.error("quarantined an unreadable command message: \(record.reason.prefix(300))")
            try await eventSink.append(
                [], quarantined: [record],
                cursor: SourceCursor(source: Self.cursorSource, position: ["lastMessage": "unreadable"]))
            return []
        }
        var outcomes: [CommandOutcome] = []
        for (raw, location, reason) in invalid {
            if let outcome = try await reject(raw, location: location, reason: reason) { outcomes.append(outcome) }
        }
        for command in commands {
            if let outcome = try await handle(command) { outcomes.append(outcome) }
        }
        return outcomes
    }

    /// Handles one command; `nil` when it was already handled (or is being handled right now).
    public func handle(_ command: CloudEvent) async throws -> CommandOutcome? {
        let reference = CommandReference(command)
        guard try begin(reference) else { return nil }
        defer { inFlight.remove(reference.key) }
        var outcome = CommandOutcome(
            commandId: command.id, commandSource: command.source, commandType: command.type.rawValue,
            status: "succeeded")
        if let sink = sinks[command.type] {
            outcome.sink = sink.name
            do {
                outcome.target = try await sink.deliver(command)
            } catch {
                outcome.status = error.code == .invalidPayload ? "rejected" : "failed"
                outcome.reason = error.description
            }
        } else {
            outcome.status = "rejected"
            outcome.reason =
                "no sink is configured for command type \(command.type); add one under commands.sinks, or stop "
                + "sending this type to this agent"
        }
        return try await complete(reference, outcome: outcome, raw: command.encoded())
    }

    /// Rejects an event that failed validation: with an outcome when it names its `source` and `id`, else only
    /// quarantined.
    private func reject(_ raw: JSONValue, location: String, reason: String) async throws -> CommandOutcome? {
        guard let source = raw["source"]?.stringValue, let id = raw["id"]?.stringValue, !source.isEmpty, !id.isEmpty
        else {
            logger.error("quarantined an unreadable command: \(reason.prefix(300))")
            try await eventSink.append(
                [],
                quarantined: [
                    QuarantinedRecord(
                        source: Self.cursorSource, location: location, reason: reason, raw: raw.encoded())
                ],
                cursor: SourceCursor(source: Self.cursorSource, position: ["lastMessage": "unreadable"]))
            return nil
        }
        let reference = CommandReference(
            source: source, id: id, type: raw["type"]?.stringValue ?? "", subject: raw["subject"]?.stringValue,
            correlationID: raw["correlationid"]?.stringValue,
            traceParent: raw["traceparent"]?.stringValue
                .flatMap(TraceParent.init))
        guard try begin(reference) else { return nil }
        defer { inFlight.remove(reference.key) }
        let outcome = CommandOutcome(
            commandId: id, commandSource: source, commandType: reference.type, status: "rejected", reason: reason)
        return try await complete(reference, outcome: outcome, raw: raw.encoded())
    }

    /// Whether the command must be handled now: not recorded as handled and not in flight (then marked in flight).
    private func begin(_ reference: CommandReference) throws -> Bool {
        if let previous = try store.outcome(source: reference.source, id: reference.id) {
            logger.info(
                "command already handled (\(previous.status)); not carrying it out again",
                metadata: [
                    "command": "\(reference.type) \(reference.id)"
                ])
            return false
        }
        return inFlight.insert(reference.key).inserted
    }

    /// Commits the outcome event (and the quarantined command, when rejected), then records a final outcome.
    private func complete(_ reference: CommandReference, outcome: CommandOutcome, raw: [UInt8]) async throws
        -> CommandOutcome
    {
        var logger = logger
        logger[metadataKey: "command"] = "\(reference.type) \(reference.id)"
        let quarantined =
            outcome.status == "rejected"
            ? [
                QuarantinedRecord(
                    source: Self.cursorSource, location: "command \(reference.source) \(reference.id)",
                    reason: outcome.reason ?? "rejected", raw: raw)
            ]
            : []
        let now = ZonedDateTime.now()
        let idParts = [reference.source, reference.id] + (outcome.status == "failed" ? ["failed", now.text] : [])
        let event = CapturedEvent(
            id: EventIDBuilder.make(kind: "command", parts: idParts), source: sourceURI, type: .commandCompleted,
            subject: reference.subject, time: now, correlationID: reference.correlationID ?? reference.subject,
            traceParent: reference.traceParent, data: try JSONValueEncoder().encode(outcome))
        try await eventSink.append(
            [event], quarantined: quarantined,
            cursor: SourceCursor(source: Self.cursorSource, position: ["lastCommand": .string(reference.key)]))
        if outcome.status != "failed" {
            try store.record(outcome, at: now)
        }
        switch outcome.status {
        case "succeeded": logger.info("command carried out", metadata: ["target": "\(outcome.target ?? "")"])
        case "rejected": logger.error("command rejected and quarantined: \(outcome.reason ?? "")")
        default: logger.error("command failed; it is carried out when sent again: \(outcome.reason ?? "")")
        }
        return outcome
    }

    /// How many commands have been carried out or rejected for good.
    public func processedCount() throws -> Int {
        try store.count()
    }
}
