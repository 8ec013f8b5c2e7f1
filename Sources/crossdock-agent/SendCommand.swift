import ArgumentParser
import EdgeAgent
import Foundation
import Logging
import Shared
import WireProtocol

/// `crossdock-agent send FILE`: publishes a CloudEvents file to this agent's events topic (diagnostics and demos).
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Validate a CloudEvents file (one event or a batch) and publish it to this agent's events topic at QoS 1.",
        discussion: "A diagnostic tool: the events go out as written, without the outbox. Every problem is printed with its JSON path.")

    @OptionGroup var options: ConfigOption

    @Argument(help: "A JSON file holding one CloudEvent or a batch (a JSON array of events).")
    var file: String

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(format: configuration.log.format, level: .warning)
        guard let bytes = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("cannot read \(file); check the path and permissions")
        }
        let events = try Self.validatedEvents(Array(bytes), file: file, identity: configuration.identity)
        let topic = Topic(identity: configuration.identity, channel: .events)
        let client = try MQTTClient(
            configuration: configuration.broker.clientConfiguration(
                clientID: "crossdock-send-\(UInt32.random(in: 0...UInt32.max))"),
            logger: Logger(label: "crossdock.agent.mqtt"))
        do {
            try await client.connect()
            try await client.publish(topic: topic.name, payload: CloudEventBatch(events).encoded(), qos: .atLeastOnce)
        } catch {
            await client.shutdown()
            throw CommandFailure("could not publish to \(topic.name): \(error)")
        }
        await client.shutdown()
        print("sent \(events.count) event\(events.count == 1 ? "" : "s") to \(topic.name) (acknowledged by the broker)")
    }

    /// The file's events, or an error listing every problem with its JSON path.
    static func validatedEvents(_ bytes: [UInt8], file: String, identity: AgentIdentity) throws -> [CloudEvent] {
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let batchBytes = trimmed.first == UInt8(ascii: "{") ? Array("[".utf8) + bytes + Array("]".utf8) : bytes
        let result: BatchDecodingResult
        do {
            result = try CloudEventBatch.decodeEach(batchBytes)
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
        var problems = result.problems
        for (index, event) in result.events.enumerated() {
            problems += event.identity.mismatches(with: identity, at: JSONPath.root.appending(index))
        }
        guard problems.isEmpty else {
            throw CommandFailure(([ "\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s")"] + problems.map { "  \($0)" })
                .joined(separator: "\n"))
        }
        return result.events
    }
}
