import CrossdockTesting
import Logging
import Shared
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One run of crossdock's client: an agent publishing with ``MQTTPipelinedPublisher`` to its `events` topic and
/// the aggregator identity consuming them from an ``MQTTSubscription``, both over TLS.
struct CrossdockClientRun {
    let parameters: MQTTBenchmarkParameters
    let broker: TestBroker
    let logger: Logger

    func run() async throws -> MQTTBenchmarkResult {
        let parameters = self.parameters
        var subscriberConfiguration = broker.clientConfiguration(identity: TestPKI.aggregator)
        subscriberConfiguration.subscriptionBufferCapacity = max(10_000, parameters.window * 10)
        var publisherConfiguration = broker.clientConfiguration(identity: TestPKI.agentA)
        publisherConfiguration.maxInflightMessages = parameters.window
        let subscriber = try MQTTClient(configuration: subscriberConfiguration, logger: logger)
        let publisher = try MQTTClient(configuration: publisherConfiguration, logger: logger)
        defer {
            Task {
                await publisher.shutdown(drainTimeout: .zero)
                await subscriber.shutdown(drainTimeout: .zero)
            }
        }
        try await subscriber.connect()
        try await publisher.connect()
        let subscription = try await subscriber.subscribe(to: parameters.topic)
        let failures = SharedCounter()
        let pipeline = MQTTPipelinedPublisher(client: publisher, window: parameters.window) { completion in
            if case .failure = completion.result { _ = failures.increment() }
        }
        let received = SharedCounter()
        let cpuAtStart = ProcessCPU.seconds()
        let clock = ContinuousClock()
        let start = clock.now
        let finished: Bool = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    for try await _ in subscription {
                        if received.increment() == parameters.messages { return .allReceived }
                    }
                } catch {}
                return .failed
            }
            group.addTask {
                let payload = parameters.payload
                for index in 0..<parameters.messages {
                    do {
                        try await pipeline.publish(topic: parameters.topic, payload: payload, tag: UInt64(index))
                    } catch {
                        return .failed
                    }
                }
                await pipeline.waitForCompletion()
                return .allPublished
            }
            group.addTask {
                try? await Task.sleep(for: parameters.timeout)
                return .failed
            }
            // Done when the subscriber has everything; the publisher finishing first just continues the wait.
            while let outcome = await group.next() {
                switch outcome {
                case .allPublished: continue
                case .allReceived:
                    group.cancelAll()
                    return true
                case .failed:
                    group.cancelAll()
                    return false
                }
            }
            return false
        }
        let elapsed = clock.now - start
        let cpu = ProcessCPU.seconds() - cpuAtStart
        subscription.cancel()
        let failed = failures.value
        return MQTTBenchmarkResult(
            name: "crossdock: pipelined publish (window \(parameters.window)) → crossdock subscriber",
            received: received.value, expected: parameters.messages,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            cpuSeconds: cpu, note: finished ? (failed == 0 ? "" : "\(failed) publishes failed") : "timed out")
    }
}

/// CPU time of this process.
enum ProcessCPU {
    /// User + system CPU seconds this process used so far (all threads).
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

private enum Outcome: Sendable {
    case allReceived
    case allPublished
    case failed
}

/// A counter shared between tasks and libmosquitto's network thread.
final class SharedCounter: Sendable {
    private let count = Mutex(0)

    /// Adds one and returns the new count.
    func increment() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }

    var value: Int { count.withLock { $0 } }
}
