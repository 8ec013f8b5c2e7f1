import Shared

/// The outbox's tables, created and upgraded by ``SQLiteMigrator``.
///
/// - `meta`: one row per counter; `last_sequence` is the last `sequence` ever given out, so sequences never
///   go back even when every event row has been acknowledged and deleted.
/// - `events`: one row per captured, unacknowledged event: its `sequence` (the rowid, so rows are appended in
///   order and range deletes are cheap), when it was captured (Unix milliseconds), its source and the encoded
///   CloudEvent bytes that are sent as they are.
/// - `cursors`: each source's position (JSON), committed in the same transaction as its events.
/// - `quarantine`: records a source could not turn into events, with the reason, kept for operators.
/// - `damaged_events`: rows `doctor` found undecodable, moved out of `events` so the rest can flow.
/// - `source_health` (version 2): per source, how many problems and quarantined records it met, the last one's
///   reason, place and time, and whether it is failing now; `status` shows it.
enum OutboxSchema {
    /// The `meta` key of the last sequence given out.
    static let lastSequenceKey = "last_sequence"

    static let migrator = SQLiteMigrator([
        SQLiteMigration(
            version: 1, name: "outbox",
            sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO meta (key, value) VALUES ('last_sequence', 0);
                CREATE TABLE events (
                    sequence INTEGER PRIMARY KEY,
                    captured_at INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    body BLOB NOT NULL
                );
                CREATE TABLE cursors (
                    source TEXT PRIMARY KEY,
                    position TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    location TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    raw BLOB NOT NULL,
                    quarantined_at INTEGER NOT NULL
                );
                CREATE TABLE damaged_events (
                    id INTEGER PRIMARY KEY,
                    sequence INTEGER NOT NULL,
                    body BLOB,
                    problem TEXT NOT NULL,
                    found_at INTEGER NOT NULL
                );
                """),
        SQLiteMigration(
            version: 2, name: "source health",
            sql: """
                CREATE TABLE source_health (
                    source TEXT PRIMARY KEY,
                    errors INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    last_error_location TEXT,
                    last_error_at INTEGER,
                    failing INTEGER NOT NULL DEFAULT 0,
                    recovered_at INTEGER
                ) WITHOUT ROWID;
                """),
    ])
}
