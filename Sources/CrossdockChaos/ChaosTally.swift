import CrossdockTesting
import Foundation
import Shared

/// The count at the end of a run: what was produced, what the aggregator stored, what the destination applied.
public struct ChaosTally: Sendable {
    /// Records the producer appended.
    public var produced: Int
    /// Distinct shipments among the stored events.
    public var storedDistinct: Int
    /// Stored event rows (more than ``storedDistinct`` when one record was stored twice under different ids).
    public var storedRows: Int
    /// Records produced but not stored.
    public var notStored: [String]
    /// Records stored more than once (under different event ids).
    public var storedTwice: [String]
    /// Distinct idempotency keys the destination applied (answered 2xx to).
    public var sideEffects: Int
    /// Stored records whose side effect never happened.
    public var noSideEffect: [String]
    /// Shipments whose side effect happened under more than one key: duplicated side effects.
    public var duplicatedSideEffects: [String]
    /// Calls that repeated an applied key (answered without applying again).
    public var repeatedCalls: Int
    /// All calls the destination received, and how many it answered 503.
    public var calls: Int
    /// Calls answered 503.
    public var refusedCalls: Int
    /// Jobs by state in the store (`done`, `pending`, `dead`, …).
    public var jobs: [String: Int]

    /// Counts `produced` against the store at `storePath` and the destination's ledger.
    public init(produced subjects: Set<String>, storePath: String, ledger: ChaosDestination.Ledger) throws {
        let database = try SQLiteConnection(path: storePath, options: SQLiteConnection.Options(readOnly: true))
        var stored: [String: Int] = [:]
        for row in try database.rows(Self.storedQuery) {
            stored[row[0].text ?? "", default: 0] += Int(row[1].integer ?? 0)
        }
        var jobs: [String: Int] = [:]
        for row in try database.rows(Self.jobsQuery) {
            jobs[row[0].text ?? "?"] = Int(row[1].integer ?? 0)
        }
        self.init(produced: subjects, stored: stored, jobs: jobs, ledger: ledger)
    }

    /// Counts `produced` against the shared PostgreSQL store (read with `psql`) and the destination's ledger.
    public init(produced subjects: Set<String>, postgres: TestPostgres, ledger: ChaosDestination.Ledger) throws {
        var stored: [String: Int] = [:]
        for (subject, count) in try Self.pairs(postgres.psql(Self.storedQuery)) { stored[subject, default: 0] += count }
        var jobs: [String: Int] = [:]
        for (state, count) in try Self.pairs(postgres.psql(Self.jobsQuery)) { jobs[state] = count }
        self.init(produced: subjects, stored: stored, jobs: jobs, ledger: ledger)
    }

    /// Stored milestone events per subject (the same on SQLite and PostgreSQL).
    static let storedQuery =
        "SELECT subject, count(*) FROM events WHERE type = 'com.crossdock.shipment.milestone.v1' GROUP BY subject"
    /// Jobs per state (the same on SQLite and PostgreSQL).
    static let jobsQuery = "SELECT state, count(*) FROM jobs GROUP BY state"

    /// `psql -At` rows `text|count` as pairs (the count after the last `|`).
    private static func pairs(_ output: String) -> [(String, Int)] {
        output.split(separator: "\n").compactMap { line in
            guard let bar = line.lastIndex(of: "|") else { return nil }
            return (String(line[..<bar]), Int(line[line.index(after: bar)...]) ?? 0)
        }
    }

    private init(produced subjects: Set<String>, stored: [String: Int], jobs: [String: Int], ledger: ChaosDestination.Ledger) {
        produced = subjects.count
        storedDistinct = stored.count
        storedRows = stored.values.reduce(0, +)
        notStored = subjects.subtracting(stored.keys).sorted(by: Self.order)
        storedTwice = stored.filter { $0.value > 1 }.keys.sorted(by: Self.order)
        sideEffects = ledger.applied.count
        let applied = Set(ledger.keysBySubject.keys)
        noSideEffect = Set(stored.keys).subtracting(applied).sorted(by: Self.order)
        duplicatedSideEffects = ledger.keysBySubject.filter { $0.value.count > 1 }.keys.sorted(by: Self.order)
        repeatedCalls = ledger.repeats
        calls = ledger.calls
        refusedCalls = ledger.refused
        self.jobs = jobs
    }

    /// Lost records: not stored, or stored without their side effect.
    public var lost: Int { notStored.count + noSideEffect.count }
    /// Duplicates: side effects applied twice for one record, and records stored twice.
    public var duplicated: Int { duplicatedSideEffects.count + storedTwice.count }
    /// Nothing lost, nothing duplicated.
    public var passed: Bool { lost == 0 && duplicated == 0 && produced > 0 }

    /// Whether everything produced is stored and applied (the run can stop waiting).
    public var settled: Bool { notStored.isEmpty && noSideEffect.isEmpty }

    /// The summary lines a run prints at its end.
    public var lines: [String] {
        var lines = [
            "records produced: \(produced)",
            "events stored: \(storedDistinct) (distinct shipments; \(storedRows) rows)",
            "connector side effects: \(sideEffects) (distinct idempotency keys answered 2xx; \(repeatedCalls) "
                + "repeated calls with an applied key, applied once; \(refusedCalls) calls answered 503; \(calls) calls)",
            "jobs: " + jobs.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            "lost = \(lost)",
            "duplicated side effects = \(duplicatedSideEffects.count)",
        ]
        if !storedTwice.isEmpty { lines.append("stored twice = \(storedTwice.count): \(Self.names(storedTwice))") }
        if !notStored.isEmpty { lines.append("lost, never stored: \(Self.names(notStored))") }
        if !noSideEffect.isEmpty { lines.append("lost, stored but never applied at the destination: \(Self.names(noSideEffect))") }
        if !duplicatedSideEffects.isEmpty {
            lines.append("duplicated, applied under more than one key: \(Self.names(duplicatedSideEffects))")
        }
        return lines
    }

    private static func names(_ subjects: [String]) -> String {
        subjects.prefix(30).joined(separator: ", ") + (subjects.count > 30 ? " … (\(subjects.count) in all)" : "")
    }

    /// `A-2` before `A-10`.
    private static func order(_ left: String, _ right: String) -> Bool {
        left.compare(right, options: .numeric) == .orderedAscending
    }
}
