import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// An in-process orchestration: a real SQLite store planning jobs from the configuration's routes, and a job runner
/// with the configuration's HTTP connectors, running in a task.
final class RunningOrchestration: Sendable {
    let configuration: AggregatorConfiguration
    let store: SQLiteEventStore
    let runner: JobRunner
    private let task: Task<Void, any Error>

    /// Loads `yaml` (written to `dir/aggregator.yaml`, store in `dir`) and starts the runner.
    init(dir: String, yaml: String) async throws {
        let path = "\(dir)/aggregator.yaml"
        try ("broker: {tls: {enabled: false}}\nstore: {path: \(dir)/events.sqlite}\n" + yaml).write(toFile: path, atomically: true, encoding: .utf8)
        configuration = try ConfigurationLoader.load(path: path, environment: [:], AggregatorConfiguration.init(reader:))
        store = try SQLiteEventStore(path: configuration.storePath, planner: configuration.orchestration.planner)
        let connectors: [any Connector] = configuration.orchestration.connectors.compactMap { name, settings in
            guard case .http(let http) = settings else { return nil }
            return HTTPConnector(name: name, settings: http)
        }
        let runner = JobRunner(store: store, connectors: connectors, settings: configuration.orchestration.jobs)
        self.runner = runner
        task = Task { try await runner.run() }
    }

    /// Stores `events` as one agent batch (as ingest does).
    @discardableResult
    func deliver(_ events: [CloudEvent]) async throws -> IngestReceipt {
        let batch = IngestBatch(
            topic: events[0].identity.topic(.events).name, identity: events[0].identity,
            receivedAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000),
            events: events.map { IncomingEvent(event: $0) }, exceptions: [])
        return try await store.ingest([batch])[0]
    }

    /// Waits (hang guard 60 s) until every job is `done` or `dead`.
    func waitUntilSettled(jobs count: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let settled = try await eventually(within: .seconds(60)) {
            let jobs = try await store.jobs()
            return jobs.count == count && jobs.allSatisfy { $0.state == .done || $0.state == .dead }
        }
        let jobs = try await store.jobs()
        #expect(settled, "jobs not settled: \(jobs)", sourceLocation: sourceLocation)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        await store.close()
    }
}

/// Milestone events of one agent, each with the given subject (business key).
func milestones(subject: String, sequences: some Sequence<UInt64>) -> [CloudEvent] {
    sequences.map { sequence in
        var event = TestEvents.milestone(TestEvents.identity(of: TestPKI.agentA), sequence: sequence)
        event.subject = subject
        return event
    }
}

/// The `seq` member of a call's JSON body.
func sequenceNumber(of call: StandInServer.Call) -> Int? {
    guard let value = try? JSONValue.parse(call.body), let text = value["seq"]?.stringValue ?? value["seq"]?.numberValue?.text
    else { return nil }
    return Int(text)
}

/// A route configuration sending every milestone to the stand-in at `url`.
func milestoneRoutes(url: String, jobs: String) -> String {
    """
    connectors:
      tms:
        kind: http
        url: \(url)
        timeout: 5s
        auth: {type: none}
    routes:
      - name: milestones-to-tms
        match: {type: com.crossdock.shipment.milestone.v1}
        destination: tms
        action: milestone.post
        request:
          path: /shipments/{{subject}}/milestones
          body: '{"seq": "{{sequence}}", "id": "{{id}}", "status": "{{data.statusCode}}", "tenant": "{{tenant}}"}'
    jobs: \(jobs)
    """
}
