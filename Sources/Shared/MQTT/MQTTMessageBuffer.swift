#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bounded queue between libmosquitto's network thread and a subscription's consumer.
///
/// Buffering policy — QoS 1 messages are never dropped silently:
/// - Up to `capacity` messages are buffered.
/// - When the buffer is full, the network thread waits (up to `overflowWait`) for the consumer to take one.
///   While it waits it reads nothing from the socket, so the broker holds further messages in its own queue
///   (`max_queued_messages`): that is the backpressure.
/// - If the consumer still has not made room after `overflowWait` (it may itself be waiting for a PUBACK that
///   only this network thread can read), the message is buffered beyond `capacity` and the client logs a
///   warning, rather than dropping it or deadlocking. Until the consumer has brought the buffer back below
///   `capacity`, further messages are buffered without waiting (one stall per episode, not per message).
/// - Messages arriving after the subscription ended are discarded: nobody can consume them.
final class MQTTMessageBuffer: @unchecked Sendable {
    /// What ``push(_:)`` did with a message.
    enum PushOutcome {
        case buffered
        /// The first message buffered beyond the capacity since the buffer was last below it.
        case overflowStarted
        case discarded
    }

    let capacity: Int
    private let overflowWaitNanoseconds: Int64
    // Guarded by `mutex`; `condition` wakes the network thread when the consumer takes a message.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var messages: [MQTTMessage] = []
    private var head = 0
    private var consumer: CheckedContinuation<MQTTMessage?, any Error>?
    private var finished = false
    private var failure: MQTTError?
    /// Whether messages are being buffered beyond the capacity (after a wait that timed out).
    private var overflowing = false

    init(capacity: Int, overflowWait: Duration) {
        self.capacity = max(1, capacity)
        self.overflowWaitNanoseconds = Int64(MQTTReconnectPolicy.seconds(overflowWait) * 1e9)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    private var count: Int { messages.count - head }

    /// Hands a message to the consumer; called on the network thread. May block (see the type's policy).
    func push(_ message: MQTTMessage) -> PushOutcome {
        pthread_mutex_lock(mutex)
        if finished {
            pthread_mutex_unlock(mutex)
            return .discarded
        }
        if let consumer {
            self.consumer = nil
            pthread_mutex_unlock(mutex)
            consumer.resume(returning: message)
            return .buffered
        }
        var outcome = PushOutcome.buffered
        if count >= capacity && !overflowing {
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let total = Int64(deadline.tv_nsec) + overflowWaitNanoseconds
            deadline.tv_sec += Int(total / 1_000_000_000)
            deadline.tv_nsec = Int(total % 1_000_000_000)
            while count >= capacity && !finished && consumer == nil {
                if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
            }
            if finished {
                pthread_mutex_unlock(mutex)
                return .discarded
            }
            if let consumer {
                self.consumer = nil
                pthread_mutex_unlock(mutex)
                consumer.resume(returning: message)
                return .buffered
            }
            if count >= capacity {
                overflowing = true
                outcome = .overflowStarted
            }
        }
        messages.append(message)
        pthread_mutex_unlock(mutex)
        return outcome
    }

    /// The next message, suspending until one arrives; `nil` once the subscription ended normally.
    func next() async throws -> MQTTMessage? {
        if let ready = try takeReady() { return ready.message }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<MQTTMessage?, any Error>) in
                pthread_mutex_lock(mutex)
                if count > 0 {
                    let message = popLocked()
                    pthread_mutex_unlock(mutex)
                    continuation.resume(returning: message)
                } else if finished || Task.isCancelled {
                    let failure = self.failure
                    pthread_mutex_unlock(mutex)
                    if let failure {
                        continuation.resume(throwing: failure)
                    } else {
                        continuation.resume(returning: nil)
                    }
                } else {
                    precondition(consumer == nil, "an MQTT subscription supports one consumer at a time")
                    consumer = continuation
                    // Wake the network thread if it waits for room: a waiting consumer is room.
                    pthread_cond_signal(condition)
                    pthread_mutex_unlock(mutex)
                }
            }
        } onCancel: {
            pthread_mutex_lock(mutex)
            let consumer = self.consumer
            self.consumer = nil
            pthread_mutex_unlock(mutex)
            consumer?.resume(returning: nil)
        }
    }

    private struct Ready { let message: MQTTMessage? }

    /// A buffered message, or the end of the stream, without suspending; `nil` if the consumer must wait.
    private func takeReady() throws -> Ready? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if count > 0 { return Ready(message: popLocked()) }
        if finished {
            if let failure { throw failure }
            return Ready(message: nil)
        }
        return nil
    }

    private func popLocked() -> MQTTMessage {
        let message = messages[head]
        head += 1
        if overflowing && count < capacity { overflowing = false }
        if head == messages.count {
            messages.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= messages.count {
            messages.removeFirst(head)
            head = 0
        }
        pthread_cond_signal(condition)
        return message
    }

    /// Ends the stream: the consumer gets what is buffered, then `nil` (or `error`). Wakes a waiting producer.
    func finish(error: MQTTError? = nil) {
        pthread_mutex_lock(mutex)
        if finished {
            pthread_mutex_unlock(mutex)
            return
        }
        finished = true
        failure = error
        let consumer = self.consumer
        self.consumer = nil
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        if let consumer {
            if let error { consumer.resume(throwing: error) } else { consumer.resume(returning: nil) }
        }
    }
}
