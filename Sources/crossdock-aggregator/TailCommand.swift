import Aggregator
import ArgumentParser
import Foundation
import Logging
import Shared
import WireProtocol

/// `crossdock-aggregator tail`: prints every event and agent status as it crosses the broker.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print events and agent status as they arrive on the broker, one line each, with every validation problem.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Stop after this many lines (one per event, one per status message).")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var seconds: Int?

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(format: configuration.log.format, level: .warning)
        let client = try MQTTClient(
            configuration: configuration.broker.clientConfiguration(clientID: "crossdock-tail-\(UInt32.random(in: 0...UInt32.max))"),
            logger: Logger(label: "crossdock.aggregator.mqtt"))
        do {
            try await client.connect()
            let events = try await client.subscribe(to: TopicFilter.allEvents.pattern)
            let status = try await client.subscribe(to: TopicFilter.allStatus.pattern)
            print("listening on \(TopicFilter.allEvents.pattern) and \(TopicFilter.allStatus.pattern)")
            let (lines, continuation) = AsyncStream.makeStream(of: String.self)
            let printed = try await withTimeout(.seconds(seconds ?? Int(Int32.max))) { [count] in
                await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in status { continuation.yield(Self.describeStatus(message)) }
                    }
                    group.addTask {
                        for try await message in events { Self.describeEvents(message).forEach { continuation.yield($0) } }
                    }
                    var printed = 0
                    for await line in lines {
                        print(line)
                        printed += 1
                        if let count, printed >= count { break }
                    }
                    group.cancelAll()
                    return printed
                }
            }
            print("\(printed) line\(printed == 1 ? "" : "s")")
        } catch is TimeoutError {
            print("stopped after \(seconds ?? 0) s")
        } catch {
            await client.shutdown()
            throw CommandFailure("tail failed: \(error)")
        }
        await client.shutdown()
    }

    /// One line per event of a message on an events topic, or one line per problem.
    static func describeEvents(_ message: MQTTMessage) -> [String] {
        let topic: Topic
        do {
            topic = try Topic(parsing: message.topic)
        } catch {
            return ["\(message.topic): \(error)"]
        }
        let result: BatchDecodingResult
        do {
            result = try CloudEventBatch.decodeEach(message.payload)
        } catch {
            return ["\(topic.identity) INVALID batch (\(message.payload.count) bytes): \(error)"]
        }
        var lines = result.events.enumerated().map { index, event in
            let problems = event.identity.mismatches(with: topic.identity, at: JSONPath.root.appending(index))
            let head = "\(topic.identity) #\(event.sequence) \(event.type.rawValue) subject=\(event.subject ?? "-") id=\(event.id)"
            return problems.isEmpty ? head : head + " REJECTED: " + problems.map(\.description).joined(separator: "; ")
        }
        for rejected in result.rejected {
            lines.append("\(topic.identity) INVALID event \(rejected.index): " + rejected.problems.map(\.description).joined(separator: "; "))
        }
        return lines
    }

    /// One line for a status message.
    static func describeStatus(_ message: MQTTMessage) -> String {
        guard let status = try? StatusMessage(jsonBytes: message.payload) else {
            return "\(message.topic): unreadable status (\(message.payload.count) bytes)"
        }
        var line = "\(message.topic): \(status.state.rawValue) agent \(status.agentVersion)"
        if let backlog = status.backlog { line += " backlog=\(backlog)" }
        if let reason = status.reason { line += " reason=\(reason)" }
        return line + (message.retain ? " (retained)" : "")
    }
}
