import CrossdockTesting
import Shared
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The test broker itself: it starts, restarts on the same port, and never outlives its scope.
@Suite struct BrokerProcessTests {
    @Test(arguments: [TestBroker.Security.plain, .tls])
    func brokerStopsRestartsOnTheSamePortAndIsRemoved(security: TestBroker.Security) async throws {
        let directory = try await TestBroker.withBroker(security) { broker in
            let port = broker.port
            #expect(broker.isRunning)
            await broker.stop()
            #expect(!broker.isRunning)
            try await broker.restart()
            #expect(broker.isRunning)
            #expect(broker.port == port)
            let client = try await MQTTClient.connected(to: broker)
            await client.shutdown()
            #expect(broker.logText().contains("mosquitto version"))
            return broker.directory
        }
        #expect(access(directory, F_OK) != 0)
    }

    @Test func brokerIsStoppedWhenTheBodyThrows() async throws {
        struct Planned: Error {}
        let captured = CapturedBroker()
        await #expect(throws: Planned.self) {
            try await TestBroker.withBroker(.plain) { broker in
                captured.set(broker)
                throw Planned()
            }
        }
        let broker = try #require(captured.get())
        #expect(!broker.isRunning)
        #expect(access(broker.directory, F_OK) != 0)
    }
}

final class CapturedBroker: Sendable {
    private let broker = Mutex<TestBroker?>(nil)
    func set(_ value: TestBroker) { broker.withLock { $0 = value } }
    func get() -> TestBroker? { broker.withLock { $0 } }
}
