import Foundation
import Shared
import WireProtocol

/// The `erp` section with `kind: tryton`: where Tryton is, who to log in as, which warehouse is which site.
///
/// ```yaml
/// erp:
///   kind: tryton
///   name: erp                        # the destination routes name (default erp)
///   url: http://127.0.0.1:8000       # trytond's [web] listen address
///   database: crossdock
///   user: admin
///   password: {env: TRYTON_PASSWORD} # or {file: /etc/crossdock/tryton-password}
///   tenant: acme
///   origin: erp                      # identity of the events it originates: {tenant}/{site}/{origin}
///   warehouses: {WH: dal1}           # Tryton warehouse code → crossdock site
///   units: {u: EA}                   # Tryton unit symbol → X12 unit code (u, kg, lb, g, m are known)
///   poll_interval: 30s
///   invoice_lookback: 7d             # how far back the first invoice poll after a start looks
///   timeout: 30s                     # one JSON-RPC call at most
/// ```
public struct TrytonSettings: Sendable {
    /// The connector's name, the `destination` routes give.
    public var name: String
    /// trytond's base URL, without the database.
    public var url: String
    /// The database name.
    public var database: String
    /// The user to log in as (needs the stock force-assignment group).
    public var user: String
    /// The user's password.
    public var password: Secret
    /// The tenant of the events the ERP originates.
    public var tenant: String
    /// The agent part of their identity.
    public var origin: String
    /// Tryton warehouse code → crossdock site; sales from other warehouses are not released.
    public var warehouses: [String: String]
    /// Tryton unit symbol → X12 unit of measure code.
    public var units: [String: String]
    /// How often confirmed sales and invoices are read.
    public var pollInterval: Duration
    /// How far back the first invoice poll after a start looks for changed invoices.
    public var invoiceLookback: Duration
    /// The longest one JSON-RPC call may take.
    public var timeout: Duration

    /// Units Tryton's default data has, as X12 codes.
    public static let defaultUnits: [String: String] = ["u": "EA", "kg": "KG", "lb": "LB", "g": "GR", "m": "MR"]

    /// Creates settings.
    public init(
        name: String = "erp", url: String, database: String, user: String, password: Secret, tenant: String,
        origin: String = "erp", warehouses: [String: String], units: [String: String] = TrytonSettings.defaultUnits,
        pollInterval: Duration = .seconds(30), invoiceLookback: Duration = .seconds(7 * 86_400),
        timeout: Duration = .seconds(30)
    ) {
        self.name = name
        self.url = url
        self.database = database
        self.user = user
        self.password = password
        self.tenant = tenant
        self.origin = origin
        self.warehouses = warehouses
        self.units = units
        self.pollInterval = pollInterval
        self.invoiceLookback = invoiceLookback
        self.timeout = timeout
    }

    /// Reads the `erp` section: `nil` when it is absent; `nil` with problems recorded when it is unusable.
    public static func read(_ reader: ConfigReader, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> TrytonSettings?
    {
        guard reader.isPresent else { return nil }
        guard let kind = reader.requiredString("kind", hint: "the ERP's kind; this build connects to tryton") else {
            return nil
        }
        guard kind == "tryton" else {
            reader.problem("kind", "unknown ERP kind \"\(kind)\"; this build connects to tryton")
            return nil
        }
        let name = reader.string("name", default: "erp")
        if let problem = AgentIdentity.identifierProblem(name, role: "name") { reader.problem("name", problem) }
        let url = reader.requiredString("url", hint: "trytond's address, e.g. http://127.0.0.1:8000")
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) || URL(string: url)?.host == nil {
            reader.problem("url", "expected an http:// or https:// URL with a host, found \"\(url)\"")
        }
        let database = reader.requiredString("database", hint: "the Tryton database name")
        let user = reader.string("user", default: "admin")
        let password: Secret?
        if reader.contains("password") {
            password = reader.secret("password", environment: environment)
        } else {
            reader.problem("password", "missing; give it as {env: VARIABLE} or {file: /path/to/secret}")
            password = nil
        }
        let tenant = reader.requiredString("tenant", hint: "the tenant of the events the ERP originates")
        if let tenant, let problem = AgentIdentity.identifierProblem(tenant, role: "tenant") {
            reader.problem("tenant", problem)
        }
        let origin = reader.string("origin", default: "erp")
        if let problem = AgentIdentity.identifierProblem(origin, role: "origin") { reader.problem("origin", problem) }
        let warehouses = Self.mapping(reader.section("warehouses"), what: "site") { site in
            AgentIdentity.identifierProblem(site, role: "site")
        }
        if warehouses.isEmpty {
            reader.problem("warehouses", "map at least one Tryton warehouse code to a site, e.g. {WH: dal1}")
        }
        var units = defaultUnits
        for (symbol, code) in Self.mapping(reader.section("units"), what: "unit code", check: { _ in nil }) {
            units[symbol] = code
        }
        let pollInterval = reader.duration(
            "poll_interval", default: .seconds(30), in: .milliseconds(100)...(.seconds(86_400)))
        let invoiceLookback = reader.duration(
            "invoice_lookback", default: .seconds(7 * 86_400), in: .zero...(.seconds(366 * 86_400)))
        let timeout = reader.duration("timeout", default: .seconds(30), in: .seconds(1)...(.seconds(600)))
        guard let url, let database, let password, let tenant else { return nil }
        return TrytonSettings(
            name: name, url: url, database: database, user: user, password: password, tenant: tenant, origin: origin,
            warehouses: warehouses, units: units, pollInterval: pollInterval, invoiceLookback: invoiceLookback,
            timeout: timeout)
    }

    private static func mapping(_ section: ConfigReader, what: String, check: (String) -> String?) -> [String: String] {
        var result: [String: String] = [:]
        for key in section.keys {
            guard let value = section.requiredString(key, hint: "the \(what) for \(key)") else { continue }
            if let problem = check(value) {
                section.problem(key, problem)
                continue
            }
            result[key] = value
        }
        return result
    }

    /// One line for `check-config` (the password is shown by origin only).
    public var summary: String {
        let sites = warehouses.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value)" }.joined(separator: ", ")
        return "erp: tryton \(url)/\(database) as \(user) (password \(password)), warehouses \(sites), "
            + "events as \(tenant)/{site}/\(origin), poll every \(DurationText.format(pollInterval))"
    }
}
