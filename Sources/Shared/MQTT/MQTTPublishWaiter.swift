import Synchronization

/// The caller's side of one ``MQTTClient/publish(topic:payload:qos:retain:properties:)``: resumed once, by the
/// broker's acknowledgement or by the caller's cancellation, whichever comes first.
///
/// A QoS 1 message published while disconnected waits in libmosquitto's queue until the reconnect. A caller that
/// is cancelled meanwhile (a service shutting down during an outage) stops waiting at once; the message stays
/// queued and may still be sent, and its acknowledgement then goes nowhere.
final class MQTTPublishWaiter: Sendable {
    private let continuation = Mutex<CheckedContinuation<Void, any Error>?>(nil)

    /// Waits for ``resume(_:)``, or throws `CancellationError` when the task is cancelled first.
    func wait(_ submit: (MQTTClientCore.PublishCompletion) -> Void) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiting: CheckedContinuation<Void, any Error>) in
                let cancelled = continuation.withLock { stored -> Bool in
                    if Task.isCancelled { return true }
                    stored = waiting
                    return false
                }
                if cancelled {
                    waiting.resume(throwing: CancellationError())
                    return
                }
                submit(.handler { [self] result in resume(result.mapError { $0 as any Error }) })
            }
        } onCancel: {
            resume(.failure(CancellationError()))
        }
    }

    /// Resumes the waiting caller with `result`; later calls do nothing.
    func resume(_ result: Result<Void, any Error>) {
        continuation.withLock { stored in
            let waiting = stored
            stored = nil
            return waiting
        }?.resume(with: result)
    }
}
