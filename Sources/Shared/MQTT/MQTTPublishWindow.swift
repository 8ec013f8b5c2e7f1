import Synchronization

/// A counting window of unacknowledged messages: ``acquire()`` takes a slot and suspends while none is free,
/// ``release()`` gives one back when a message completes.
///
/// Both the client (to keep message ids below libmosquitto's 16-bit wrap) and each pipelined publisher (to bound
/// what it has in flight) keep one: `mosquitto_publish` itself never blocks and queues without bound.
final class MQTTPublishWindow: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var nextWaiterID: UInt64 = 0
        var closedError: MQTTError?
    }

    /// The number of slots.
    let capacity: Int
    /// Free slots needed before a waiting ``acquire()`` is resumed.
    ///
    /// A pipelined publisher that keeps its window full would otherwise be woken (a task switch) for every single
    /// acknowledgement; waking it once a batch of slots is free lets it publish that batch without suspending.
    let resumeBatch: Int
    private let state: Mutex<State>

    init(capacity: Int, resumeBatch: Int = 1) {
        self.capacity = max(1, capacity)
        self.resumeBatch = min(max(1, resumeBatch), max(1, capacity))
        self.state = Mutex(State(available: max(1, capacity)))
    }

    /// Slots taken and not yet released.
    var inUse: Int {
        state.withLock { capacity - $0.available }
    }

    /// Takes a slot, suspending while the window is full. Throws when the window is closed or the task cancelled.
    func acquire() async throws {
        let outcome: Result<Bool, MQTTError> = state.withLock { state in
            if let error = state.closedError { return .failure(error) }
            if state.available > 0 && state.waiters.isEmpty {
                state.available -= 1
                return .success(true)
            }
            return .success(false)
        }
        if try outcome.get() { return }
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if let error = state.closedError { return .failure(error) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.available > 0 && state.waiters.isEmpty {
                        state.available -= 1
                        return .success(())
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back; resumes waiting ``acquire()`` calls (oldest first) once ``resumeBatch`` slots are free.
    func release() {
        let (waiters, idle): ([Waiter], [CheckedContinuation<Void, Never>]) = state.withLock { state in
            state.available = min(capacity, state.available + 1)
            var resumed: [Waiter] = []
            if !state.waiters.isEmpty && state.available >= resumeBatch {
                while state.available > 0 && !state.waiters.isEmpty {
                    resumed.append(state.waiters.removeFirst())
                    state.available -= 1
                }
            }
            if state.available == capacity && !state.idleWaiters.isEmpty {
                let idle = state.idleWaiters
                state.idleWaiters.removeAll()
                return (resumed, idle)
            }
            return (resumed, [])
        }
        for waiter in waiters { waiter.continuation.resume() }
        for continuation in idle { continuation.resume() }
    }

    /// Waits until every slot is free again, i.e. every message taken in has completed.
    func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.available == capacity { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Fails every waiting and future ``acquire()`` with `error`, and wakes ``waitUntilIdle()`` callers.
    func close(_ error: MQTTError) {
        let (waiters, idle) = state.withLock { state in
            state.closedError = error
            let waiters = state.waiters
            let idle = state.idleWaiters
            state.waiters.removeAll()
            state.idleWaiters.removeAll()
            return (waiters, idle)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
        for continuation in idle { continuation.resume() }
    }
}
