import Synchronization

/// A bounded hand-over between two stages of ingest: received → decoded → stored.
///
/// Decoding (JSON, validation) and storing (SQLite) then run at the same time, on different cores. A consumer
/// takes everything waiting, up to a limit, so one transaction covers many batches when messages arrive faster
/// than single transactions could commit them. A producer waits while ``capacity`` items are waiting (the
/// subscription's own buffer, then the broker's queue, hold the rest).
final class IngestQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var finished = false
        var consumer: CheckedContinuation<Void, Never>?
        var producers: [CheckedContinuation<Void, Never>] = []
    }

    /// Items waiting at most.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds an item; waits while the queue is full. After ``finish()`` the item is dropped.
    func push(_ item: Item) async {
        while true {
            let (admitted, consumer) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                if state.finished { return (true, nil) }
                guard state.items.count < capacity else { return (false, nil) }
                state.items.append(item)
                let consumer = state.consumer
                state.consumer = nil
                return (true, consumer)
            }
            if admitted {
                consumer?.resume()
                return
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let proceed = state.withLock { state -> Bool in
                    if state.finished || state.items.count < capacity { return true }
                    state.producers.append(continuation)
                    return false
                }
                if proceed { continuation.resume() }
            }
        }
    }

    /// Takes up to `max` waiting items, waiting for at least one; `nil` once finished and empty.
    func take(max: Int) async -> [Item]? {
        while true {
            let (items, producers, finished) = state.withLock {
                state -> ([Item], [CheckedContinuation<Void, Never>], Bool) in
                let count = min(max, state.items.count)
                let items = Array(state.items.prefix(count))
                state.items.removeFirst(count)
                let producers = count > 0 ? state.producers : []
                if count > 0 { state.producers.removeAll() }
                return (items, producers, state.finished)
            }
            for producer in producers { producer.resume() }
            if !items.isEmpty { return items }
            if finished { return nil }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.items.isEmpty || state.finished { return true }
                    state.consumer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Ends the queue: waiting items are still taken, further pushes are dropped.
    func finish() {
        let (consumer, producers) = state.withLock { state in
            state.finished = true
            let result = (state.consumer, state.producers)
            state.consumer = nil
            state.producers.removeAll()
            return result
        }
        consumer?.resume()
        for producer in producers { producer.resume() }
    }
}
