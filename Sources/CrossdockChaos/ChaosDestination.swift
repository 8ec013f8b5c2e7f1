import Synchronization

/// The ERP/TMS of the run: a ``StandInServer`` that applies a side effect once per `Idempotency-Key`, counts the
/// calls that repeat a key, and can be told to fail (`503`) or to answer too late for a while.
public final class ChaosDestination: Sendable {
    /// How the destination answers for now.
    public enum Mode: Sendable {
        /// Applies the side effect (once per key) and answers `201` (`200` for a repeated key).
        case normal
        /// Answers `503` without applying anything.
        case failing
        /// Applies the side effect, then answers after ``ChaosDestination/lateAnswer``: the caller times out.
        case late
    }

    /// Everything the destination saw.
    public struct Ledger: Sendable {
        /// The mode later calls are answered in.
        public var mode: Mode = .normal
        /// Every call, in arrival order.
        public var calls = 0
        /// Calls without an `Idempotency-Key` header.
        public var callsWithoutKey = 0
        /// Calls answered `503`.
        public var refused = 0
        /// Calls whose key had already been applied (answered without applying again).
        public var repeats = 0
        /// Applied keys and the shipment (the path's subject) each one was for.
        public var applied: [String: String] = [:]
        /// The keys applied per shipment: more than one is a duplicated side effect.
        public var keysBySubject: [String: Set<String>] = [:]
    }

    private final class Box: Sendable {
        let mutex = Mutex(Ledger())
    }

    private let box: Box
    /// The server.
    public let server: StandInServer
    /// How late answers are in ``Mode/late`` (longer than the connector's timeout).
    public let lateAnswer: Duration

    /// Starts the destination on 127.0.0.1:`port`.
    public init(port: Int, lateAnswer: Duration) async throws {
        let box = Box()
        self.box = box
        self.lateAnswer = lateAnswer
        server = try await StandInServer(port: port) { index, call in
            box.mutex.withLock { ledger in ChaosDestination.answer(index: index, call: call, ledger: &ledger) }
        }
    }

    private static func answer(index: Int, call: StandInServer.Call, ledger: inout Ledger) -> (status: Int, body: String) {
        ledger.calls += 1
        if ledger.mode == .failing {
            ledger.refused += 1
            return (503, "{\"error\":\"the destination is unavailable\"}")
        }
        guard let key = call.idempotencyKey else {
            ledger.callsWithoutKey += 1
            let key = "no-key-\(index)"
            ledger.applied[key] = subject(of: call)
            ledger.keysBySubject[subject(of: call), default: []].insert(key)
            return (201, "{\"applied\":true}")
        }
        if ledger.applied[key] != nil {
            ledger.repeats += 1
            return (200, "{\"applied\":false,\"repeat\":true}")
        }
        let subject = subject(of: call)
        ledger.applied[key] = subject
        ledger.keysBySubject[subject, default: []].insert(key)
        return (201, "{\"applied\":true}")
    }

    /// The shipment number of `/shipments/{subject}/milestones`.
    static func subject(of call: StandInServer.Call) -> String {
        let parts = call.path.split(separator: "/")
        return parts.count >= 2 ? String(parts[1]) : call.path
    }

    /// Changes how later calls are answered.
    public func set(_ mode: Mode) {
        box.mutex.withLock { $0.mode = mode }
        server.delayAnswers(by: mode == .late ? lateAnswer : .zero)
    }

    /// A copy of everything seen so far.
    public var ledger: Ledger { box.mutex.withLock { $0 } }

    /// Stops the server.
    public func stop() async {
        await server.stop()
    }
}
