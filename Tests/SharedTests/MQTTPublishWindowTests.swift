import Testing

@testable import Shared

/// The window that bounds unacknowledged messages.
@Suite struct MQTTPublishWindowTests {
    @Test func aFullWindowSuspendsUntilABatchOfSlotsIsFree() async throws {
        let window = MQTTPublishWindow(capacity: 4, resumeBatch: 2)
        for _ in 0..<4 { try await window.acquire() }
        #expect(window.inUse == 4)
        let waiting = Task { try await window.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        window.release()
        try await Task.sleep(for: .milliseconds(50))
        // One free slot is below the batch: the waiter still waits.
        #expect(window.inUse == 3)
        window.release()
        try await withTimeout(5, "the waiting acquire") { try await waiting.value }
        #expect(window.inUse == 3)
    }

    @Test func closingFailsWaitersAndLaterAcquires() async throws {
        let window = MQTTPublishWindow(capacity: 1)
        try await window.acquire()
        let waiting = Task { try await window.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        window.close(MQTTError(.shutDown, "closed"))
        await #expect(throws: MQTTError.self) { try await waiting.value }
        await #expect(throws: MQTTError.self) { try await window.acquire() }
    }

    @Test func cancellingAWaiterFreesNothingAndThrows() async throws {
        let window = MQTTPublishWindow(capacity: 1)
        try await window.acquire()
        let waiting = Task { try await window.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(window.inUse == 1)
        window.release()
        #expect(window.inUse == 0)
        try await withTimeout(5, "an idle window") { await window.waitUntilIdle() }
    }
}
