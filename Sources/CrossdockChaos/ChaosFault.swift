/// One fault the run injects.
public enum ChaosFault: Sendable, Hashable, CustomStringConvertible {
    /// `kill -9` of agent number `index` (restarted at once).
    case killAgent(index: Int)
    /// The broker stops and starts again a moment later.
    case restartBroker
    /// `kill -9` of the aggregator (restarted a second later).
    case killAggregator
    /// The broker is stopped for this long: agents and aggregator lose the network to each other.
    case outage(Duration)
    /// The ERP/TMS destination answers `503` for this long.
    case destinationErrors(Duration)
    /// The ERP/TMS destination answers only after the connector's timeout for this long (the side effect happens,
    /// the answer comes too late).
    case destinationTimeouts(Duration)

    /// One line: what is injected.
    public var description: String {
        switch self {
        case .killAgent(let index): "kill -9 agent-\(ChaosFault.letter(index))"
        case .restartBroker: "broker restart"
        case .killAggregator: "kill -9 aggregator"
        case .outage(let length): "network outage (broker stopped) for \(ChaosFault.seconds(length))"
        case .destinationErrors(let length): "destination answers 503 for \(ChaosFault.seconds(length))"
        case .destinationTimeouts(let length): "destination times out for \(ChaosFault.seconds(length))"
        }
    }

    /// How long the fault lasts (zero for a kill or restart).
    public var length: Duration {
        switch self {
        case .outage(let length), .destinationErrors(let length), .destinationTimeouts(let length): length
        case .killAgent, .restartBroker, .killAggregator: .zero
        }
    }

    /// `a`, `b`, … for agent 0, 1, …
    static func letter(_ index: Int) -> String {
        String(Character(Unicode.Scalar(UInt8(97 + index % 26))))
    }

    /// `12 s`.
    static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }
}

/// A fault and when it starts, counted from the start of production.
public struct ScheduledFault: Sendable, Hashable {
    /// When the fault starts.
    public var at: Duration
    /// What is injected.
    public var fault: ChaosFault

    /// A fault starting at `at`.
    public init(at: Duration, fault: ChaosFault) {
        self.at = at
        self.fault = fault
    }
}
