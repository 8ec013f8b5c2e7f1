import Aggregator
import AggregatorPostgreSQL
import ArgumentParser
import Foundation
import Shared

/// `crossdock-aggregator replay`: makes dead-lettered jobs pending again; the running aggregator picks them up.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Make dead-lettered jobs pending again (by event id, job, business key or destination).",
        discussion: """
            The running aggregator attempts them again with their original idempotency key, so a destination that \
            honours it never acts twice. Prints every job replayed.
            """)

    @OptionGroup var options: ConfigOption

    @Option(name: .customLong("event-id"), help: "Replay the dead letters of the event with this id.")
    var eventID: String?

    @Option(help: "Replay one job by its number (as trace prints it).")
    var job: Int64?

    @Option(name: .customLong("business-key"), help: "Replay every dead letter of this business key.")
    var businessKey: String?

    @Option(help: "Replay every dead letter of this destination (connector name).")
    var destination: String?

    func validate() throws {
        let given = [eventID != nil, job != nil, businessKey != nil, destination != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("give exactly one of --event-id, --job, --business-key or --destination")
        }
    }

    func run() async throws {
        let configuration = try options.load()
        let selector: JobReplaySelector =
            if let eventID { .eventID(eventID) } else if let job { .job(job) } else if let businessKey {
                .businessKey(businessKey)
            } else { .destination(destination ?? "") }
        let store: any EventStore & JobStore
        do {
            if let settings = configuration.postgreSQL {
                store = try await PostgreSQLEventStore.connect(settings: settings)
            } else {
                store = try SQLiteEventStore(path: configuration.storePath, durability: configuration.storeDurability)
            }
        } catch {
            throw CommandFailure("cannot open the store \(configuration.postgreSQL?.description ?? configuration.storePath): \(error)")
        }
        do {
            let replayed = try await store.replayDeadLetters(selector, now: Date())
            await store.close()
            if replayed.isEmpty {
                print("no dead-lettered job matches \(selector); nothing replayed")
                return
            }
            for job in replayed {
                print(
                    "replayed job \(job.jobSequence) → \(job.destination) \(job.action) key=\(job.businessKey ?? "-") idempotency=\(job.idempotencyKey)"
                )
            }
            print("\(replayed.count) job\(replayed.count == 1 ? "" : "s") pending again; the running aggregator attempts them")
        } catch {
            await store.close()
            throw CommandFailure("replay failed: \(error)")
        }
    }
}
