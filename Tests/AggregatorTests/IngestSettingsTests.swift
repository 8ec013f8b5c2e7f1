import Aggregator
import Shared
import Testing

/// The `ingest` and `store` settings of the aggregator's configuration.
struct IngestSettingsTests {
    @Test func ingestAndStoreSettingsAreRead() throws {
        let document = try ConfigurationDocument.parse(
            yaml: """
                broker: {tls: {enabled: false}}
                store: {path: /tmp/x/events.sqlite, synchronous: normal}
                ingest: {max_batches_per_transaction: 32, decode_workers: 3, unknown_event_types: store,
                         max_exception_bytes: 4KiB, queue_capacity: 64, ack_drain_timeout: 2s}
                """, path: "aggregator.yaml")
        let configuration = try document.decode(AggregatorConfiguration.init(reader:))
        #expect(configuration.storeDurability == .normal)
        #expect(
            configuration.ingest
                == IngestSettings(
                    maxBatchesPerTransaction: 32, queueCapacity: 64, decodeWorkers: 3, unknownEventTypes: .store,
                    maxExceptionBytes: 4_096, ackDrainTimeout: .seconds(2)))
    }

    @Test func everyBadValueIsReportedWithItsKeyPath() throws {
        let document = try ConfigurationDocument.parse(
            yaml: """
                broker: {tls: {enabled: false}}
                store: {synchronous: sometimes}
                ingest: {max_batches_per_transaction: 0, unknown_event_types: ignore}
                """, path: "aggregator.yaml")
        let error = try #require(throws: ConfigurationError.self) {
            try document.decode(AggregatorConfiguration.init(reader:))
        }
        #expect(error.problems.count == 3)
        for keyPath in ["store.synchronous", "ingest.max_batches_per_transaction", "ingest.unknown_event_types"] {
            #expect(error.description.contains(keyPath), "\(keyPath) missing in \(error)")
        }
    }
}
