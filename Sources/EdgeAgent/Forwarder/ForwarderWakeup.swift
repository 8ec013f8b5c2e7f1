import Synchronization

/// Wakes the forwarder's send loop: a sticky signal with one waiter, waited on with a time limit.
///
/// ``signal()`` may come from any thread (libmosquitto's network thread, the outbox, the ack loop); a signal
/// sent while nobody waits is kept, so the next ``wait(atMost:)`` returns at once.
final class ForwarderWakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or makes the next wait return at once.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when signalled or after `limit`, whichever comes first.
    func wait(atMost limit: Duration) async {
        if state.withLock({ state in
            defer { state.pending = false }
            return state.pending
        }) { return }
        let generation = state.withLock { state -> UInt64 in
            state.generation += 1
            return state.generation
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: limit)
            self?.expire(generation)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.pending || state.generation != generation {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
    }

    private func expire(_ generation: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation, let waiter = state.waiter else {
                if state.generation == generation { state.generation += 1 }
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }
}
