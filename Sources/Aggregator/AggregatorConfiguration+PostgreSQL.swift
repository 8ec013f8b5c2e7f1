import Shared

/// `store.postgresql`, and the parts of the aggregator that do not run on PostgreSQL yet.
///
/// On PostgreSQL the aggregator runs ingest (events, exceptions, per-agent records, deduplication across
/// instances) and the job runner (routes, connectors, retries, dead letters, order per business key across
/// instances). These keep their data in SQLite only and are refused with `store.postgresql`, each with a message
/// saying so: the ERP poller (`erp`), the HTTP API with the admin API, dashboard and portal (`http`, `api_keys`,
/// `dashboard`) and the order-to-cash projection (`order_to_cash`). `store.path` then holds only the instance's
/// own state: the audit of its configuration loads and the agents' last status messages.
extension AggregatorConfiguration {
    /// The sections refused next to `store.postgresql`, with why.
    static let sqliteOnlySections: [(key: String, what: String)] = [
        ("erp", "the ERP poller keeps its position in SQLite"),
        ("http", "the HTTP API (inbound events, admin API, dashboard, portal) reads the SQLite store"),
        ("api_keys", "the HTTP API (inbound events, admin API, dashboard, portal) reads the SQLite store"),
        ("dashboard", "the dashboard reads the SQLite store"),
        ("order_to_cash", "the order-to-cash projection is kept in SQLite"),
    ]

    /// Reads `store.postgresql` and refuses, each with a problem, the sections that do not run on PostgreSQL yet.
    static func readPostgreSQL(_ reader: ConfigReader) -> PostgreSQLStoreSettings? {
        guard let settings = PostgreSQLStoreSettings.read(reader.section("store").section("postgresql")) else {
            return nil
        }
        for (key, what) in sqliteOnlySections where reader.section(key).isPresent {
            reader.problem(
                key,
                "not available with store.postgresql: \(what); remove this section or the store's postgresql "
                    + "section (docs/postgresql.md says what runs on PostgreSQL)")
        }
        return settings
    }
}
