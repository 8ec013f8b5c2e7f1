import Foundation
import Logging
import Shared
import WireProtocol

/// The `commands` section: where the agent records the commands it carried out, and one sink per command type.
///
/// ```yaml
/// commands:
///   state: /var/lib/crossdock/agent/commands.sqlite   # default: commands.sqlite beside the outbox
///   sinks:
///     - {name: wms-inbound, command: com.crossdock.order.released.v1, type: folder, path: /srv/wms/in, format: csv}
/// ```
///
/// See ``CommandSinkSettings`` for the sink keys. Without sinks, commands are answered `rejected` and quarantined.
public struct CommandSettings: Sendable {
    /// The processed-commands SQLite file.
    public var statePath: String
    /// The sinks, at most one per command type.
    public var sinks: [CommandSinkSettings]

    /// Reads the `commands` section, recording every problem; `outboxPath` places the default state file.
    public init(
        reader: ConfigReader, outboxPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let folder = outboxPath.lastIndex(of: "/").map { String(outboxPath[..<$0]) } ?? "."
        statePath = reader.string("state", default: (folder.isEmpty ? "" : folder) + "/commands.sqlite")
        var sinks: [CommandSinkSettings] = []
        for item in reader.list("sinks") {
            guard let sink = CommandSinkSettings(reader: item, environment: environment) else { continue }
            if let other = sinks.first(where: { $0.command == sink.command }) {
                item.problem("command", "\(sink.command) already has the sink \(other.name); one sink per command type")
            } else if sinks.contains(where: { $0.name == sink.name }) {
                item.problem("name", "\"\(sink.name)\" is already the name of another sink")
            } else {
                sinks.append(sink)
            }
        }
        self.sinks = sinks
    }

    /// The processor carrying out commands with these sinks, committing outcomes to `eventSink`.
    public func makeProcessor(
        identity: AgentIdentity, eventSink: any EventSink, logger: Logger = Logger(label: "crossdock.agent.commands")
    ) throws -> CommandProcessor {
        var bySink: [EventType: any CommandSink] = [:]
        for settings in sinks { bySink[settings.command] = settings.makeSink() }
        return try CommandProcessor(
            identity: identity, sinks: bySink, statePath: statePath, eventSink: eventSink, logger: logger)
    }
}
