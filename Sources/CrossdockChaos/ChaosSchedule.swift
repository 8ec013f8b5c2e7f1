/// What a run produces and which faults it injects when: the whole plan, printed before it starts.
public struct ChaosSchedule: Sendable {
    /// The seed the fault times were drawn with.
    public var seed: UInt64
    /// How many agent processes run (each tails its own file).
    public var agents: Int
    /// How long the producer appends records; every fault starts and ends within it.
    public var production: Duration
    /// Records appended per second to each agent's file.
    public var recordsPerSecond: Int
    /// Records appended at once to agent-a's file when the outage starts, so its backlog reaches the quota.
    public var outageBurst: Int
    /// The agents' outbox quota in bytes (the smallest the agent accepts, so the outage backlog reaches it).
    public var quotaBytes: Int64
    /// How long the run waits, after production, for every record to be stored and called.
    public var drainLimit: Duration
    /// The faults, in start order.
    public var faults: [ScheduledFault]

    /// The sizes of a schedule before its times are drawn.
    public struct Size: Sendable {
        /// See ``ChaosSchedule/agents``.
        public var agents = 2
        /// See ``ChaosSchedule/production``.
        public var production: Duration
        /// See ``ChaosSchedule/recordsPerSecond``.
        public var recordsPerSecond = 4
        /// See ``ChaosSchedule/outageBurst``.
        public var outageBurst = 3_000
        /// When the outage starts.
        public var outageStart: Duration
        /// How long the outage lasts.
        public var outage: Duration
        /// `kill -9` of an agent, this many times.
        public var agentKills: Int
        /// Broker restarts.
        public var brokerRestarts: Int
        /// `kill -9` of the aggregator.
        public var aggregatorKills: Int
        /// Periods of `503` answers.
        public var errorPeriods: Int
        /// Periods of answers later than the connector's timeout.
        public var timeoutPeriods: Int
        /// How long each destination period lasts.
        public var periodLength: Duration
        /// See ``ChaosSchedule/drainLimit``.
        public var drainLimit: Duration

        /// The full run (`make chaos`): about ten minutes.
        public static let full = Size(
            production: .seconds(480), outageStart: .seconds(150), outage: .seconds(180), agentKills: 20,
            brokerRestarts: 5, aggregatorKills: 5, errorPeriods: 3, timeoutPeriods: 2, periodLength: .seconds(25),
            drainLimit: .seconds(300))

        /// The short run (`make test`): about a minute and a half.
        public static let short = Size(
            production: .seconds(45), outageStart: .seconds(15), outage: .seconds(10), agentKills: 4,
            brokerRestarts: 1, aggregatorKills: 1, errorPeriods: 1, timeoutPeriods: 1, periodLength: .seconds(6),
            drainLimit: .seconds(240))
    }

    /// Draws the fault times for `size` from `seed`.
    public init(_ size: Size, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let window = Int(size.production.components.seconds)
        let outageStart = Int(size.outageStart.components.seconds)
        let outageEnd = outageStart + Int(size.outage.components.seconds)
        var faults = [ScheduledFault(at: size.outageStart, fault: .outage(size.outage))]
        // Kills land anywhere, the last ones a few seconds before production ends.
        for _ in 0..<size.agentKills {
            let at = Int.random(in: 3...(window - 3), using: &random)
            faults.append(.init(at: .seconds(at), fault: .killAgent(index: Int.random(in: 0..<size.agents, using: &random))))
        }
        for _ in 0..<size.aggregatorKills {
            faults.append(.init(at: .seconds(Int.random(in: 5...(window - 3), using: &random)), fault: .killAggregator))
        }
        // Broker restarts stay clear of the outage (the broker is down then) and of each other.
        var restarts: [Int] = []
        for _ in 0..<(size.brokerRestarts * 200) where restarts.count < size.brokerRestarts {
            let at = Int.random(in: 3...(window - 5), using: &random)
            let clearOfOutage = at + 5 < outageStart || at > outageEnd + 2
            if clearOfOutage, restarts.allSatisfy({ abs($0 - at) >= 6 }) { restarts.append(at) }
        }
        faults += restarts.map { ScheduledFault(at: .seconds($0), fault: .restartBroker) }
        // Destination periods: one per slot of the window, at a random place in it, so they never overlap.
        let length = Int(size.periodLength.components.seconds)
        var kinds = Array(repeating: true, count: size.errorPeriods) + Array(repeating: false, count: size.timeoutPeriods)
        kinds.shuffle(using: &random)
        let slot = window / max(1, kinds.count)
        for (index, errors) in kinds.enumerated() {
            let start = 5 + index * slot + Int.random(in: 0...max(0, slot - length - 6), using: &random)
            let fault: ChaosFault = errors ? .destinationErrors(size.periodLength) : .destinationTimeouts(size.periodLength)
            faults.append(.init(at: .seconds(start), fault: fault))
        }
        self.seed = seed
        agents = size.agents
        production = size.production
        recordsPerSecond = size.recordsPerSecond
        outageBurst = size.outageBurst
        quotaBytes = 1 << 20
        drainLimit = size.drainLimit
        self.faults = faults.sorted { $0.at < $1.at }
    }

    /// How many faults of each kind, e.g. `agent kill -9 ×20`.
    public var counts: [String] {
        func count(_ match: (ChaosFault) -> Bool) -> Int { faults.filter { match($0.fault) }.count }
        return [
            "agent kill -9 ×\(count { if case .killAgent = $0 { true } else { false } })",
            "broker restart ×\(count { $0 == .restartBroker })",
            "aggregator kill -9 ×\(count { $0 == .killAggregator })",
            "network outage ×\(count { if case .outage = $0 { true } else { false } })",
            "destination 503 periods ×\(count { if case .destinationErrors = $0 { true } else { false } })",
            "destination timeout periods ×\(count { if case .destinationTimeouts = $0 { true } else { false } })",
        ]
    }

    /// The schedule as printed at the start of a run: sizes, then one line per fault.
    public var lines: [String] {
        var lines = [
            "chaos schedule (seed \(seed)): \(agents) agents, \(recordsPerSecond) records/s each for "
                + "\(ChaosFault.seconds(production)), +\(outageBurst) for agent-a when the outage starts, outbox quota "
                + "\(quotaBytes >> 20) MiB, drain limit \(ChaosFault.seconds(drainLimit))",
            "faults: " + counts.joined(separator: ", "),
        ]
        for fault in faults {
            let seconds = fault.at.components.seconds
            lines.append("  t+\(String(repeating: " ", count: max(0, 3 - String(seconds).count)))\(seconds) s  \(fault.fault)")
        }
        return lines
    }
}
