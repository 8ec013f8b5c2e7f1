/// Where the aggregator keeps events and jobs during a run, and how many aggregator instances share that store.
public enum ChaosStore: Sendable, Hashable {
    /// One aggregator with its SQLite file (the default run).
    case sqlite
    /// `instances` aggregator processes sharing one throwaway PostgreSQL database through an MQTT v5 shared
    /// subscription; an aggregator kill takes one instance at a time, in turn.
    case postgresql(instances: Int)

    /// How many aggregator processes run.
    public var instances: Int {
        switch self {
        case .sqlite: 1
        case .postgresql(let instances): instances
        }
    }

    /// The summary line naming the store and the instances; `nil` for the default SQLite run, whose output stays
    /// as it was.
    public var line: String? {
        switch self {
        case .sqlite: nil
        case .postgresql(let instances):
            "store: PostgreSQL shared by \(instances) aggregator instance\(instances == 1 ? "" : "s") "
                + "(MQTT v5 shared subscription); each aggregator kill -9 takes one instance, in turn"
        }
    }
}
