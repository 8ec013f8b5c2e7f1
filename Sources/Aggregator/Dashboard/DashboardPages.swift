import Foundation
import Hummingbird

/// The operators' pages: flow overview, agents, exceptions, dead letters and the trace of one business key.
///
/// Each page reads through the same ``AdminStore`` calls, with the same scope, as the admin API.
struct DashboardPages: Sendable {
    let service: HTTPAPIService

    private var store: any AdminStore { service.dependencies.store }
    private var branding: Branding { service.dependencies.dashboard.branding }

    /// Serves a page to a logged-in key that reads the admin API; others go to the login or the portal.
    func serve(
        _ request: Request, _ context: APIRequestContext, session: DashboardSession,
        render: (APIKey, AdminScope, String) async throws -> String
    ) async throws -> Response {
        guard let (key, token) = session.key(of: request) else { return HTML.redirect("/login") }
        guard key.role.readsAdmin else { return HTML.redirect("/portal") }
        let suffix = Self.tenantSuffix(request)
        let navigation = [
            ("/dashboard\(suffix)", "Flow"), ("/dashboard/agents\(suffix)", "Agents"),
            ("/dashboard/exceptions\(suffix)", "Exceptions"), ("/dashboard/dead-letters\(suffix)", "Dead letters"),
            ("/dashboard/trace\(suffix)", "Trace"),
        ]
        let logout = "<form class=\"inline\" method=\"post\" action=\"/logout\"><button>Sign out</button></form>"
        do {
            let scope = try AdminRequest.scope(request, key: key)
            let body = try await render(key, scope, DashboardSession.csrfToken(for: token))
            let heading = "<p>Signed in as \(HTML.escape(key.name)) (\(key.role)) · \(HTML.escape(scope.tenant ?? "all tenants")) \(logout)</p>"
            return HTML.response(HTML.page(title: "Dashboard", branding: branding, navigation: navigation, body: heading + body))
        } catch let error as APIError {
            let body = "<h1>\(error.status.code)</h1><p class=\"bad\">\(HTML.escape(error.detail))</p>"
            return HTML.response(HTML.page(title: "Error", branding: branding, navigation: navigation, body: body), status: error.status)
        }
    }

    /// Handles a form POST that changes something: logged in, an operating role, same site and CSRF token; then
    /// redirects to the path `change` returns.
    func change(
        _ request: Request, _ context: APIRequestContext, session: DashboardSession,
        change: (APIKey, AdminScope, [String: String]) async throws -> String
    ) async throws -> Response {
        guard let (key, token) = session.key(of: request) else { return HTML.redirect("/login") }
        let form = try await DashboardSession.form(request)
        do {
            guard DashboardSession.isSameSite(request, form: form, token: token) else {
                throw APIError.forbidden("the form was not sent from this dashboard (CSRF check failed); reload the page")
            }
            let (key, scope) = (key, try AdminRequest.scope(request, key: key))
            guard key.role.operates else {
                throw APIError.forbidden("the key \(key.name) has role \(key.role); this needs role admin or operator")
            }
            let path = try await change(key, scope, form)
            return HTML.redirect(path + Self.tenantSuffix(request))
        } catch let error as APIError {
            let body = "<h1>\(error.status.code)</h1><p class=\"bad\">\(HTML.escape(error.detail))</p>"
            return HTML.response(HTML.page(title: "Error", branding: branding, navigation: [("/dashboard", "Back")], body: body), status: error.status)
        }
    }

    /// `?tenant=…` of the request, to keep on links and form actions.
    static func tenantSuffix(_ request: Request) -> String {
        request.uri.queryParameters.get("tenant").map { "?tenant=\(HTML.component($0))" } ?? ""
    }

    func overview(key: APIKey, scope: AdminScope) async throws -> String {
        let types = try await store.adminTypeCounts(scope: scope)
        let connectors = try await service.connectors(scope: scope)
        let tenants = try await store.adminTenants(scope: scope)
        let typeTable = HTML.table(
            ["Event type", "Events"],
            types.map { ["<span class=\"type\">\(HTML.escape($0.type))</span>", "<span class=\"num count\">\($0.count)</span>"] },
            empty: "No events yet.")
        let connectorTable = HTML.table(
            ["Connector", "Pending", "Done", "Dead letters", "Attempts", "Failure rate", "Circuit"],
            connectors.map { connector in
                let rate = String(format: "%.1f%%", connector.errorRate * 100)
                return [
                    HTML.escape(connector.destination), "\(connector.pending)", "\(connector.done)", "\(connector.dead)",
                    "\(connector.attempts)", "<span class=\"\(connector.errorRate > 0 ? "bad" : "ok") rate\">\(rate)</span>",
                    HTML.escape(connector.circuit ?? "–"),
                ]
            }, empty: "No connector has had work yet.")
        let tenantTable = HTML.table(
            ["Tenant", "Events", "Open exceptions", "Agents", "Orders"],
            tenants.map {
                [
                    "<a href=\"/dashboard?tenant=\(HTML.component($0.tenant))\">\(HTML.escape($0.tenant))</a>", "\($0.events)",
                    "\($0.openExceptions)", "\($0.agents)", "\($0.orders)",
                ]
            }, empty: "No tenant has data yet.")
        return "<h1>Flow</h1><h2>Events by type</h2>\(typeTable)<h2>Connectors</h2>\(connectorTable)<h2>Tenants</h2>\(tenantTable)"
    }

    func agents(_ request: Request, key: APIKey, scope: AdminScope, csrf: String) async throws -> String {
        let agents = try await store.adminAgents(scope: scope)
        let table = HTML.table(
            ["Tenant", "Site", "Agent", "State", "Version", "Backlog", "Oldest unacked", "Last seen"],
            agents.map { agent in
                [
                    HTML.escape(agent.tenant), HTML.escape(agent.site), HTML.escape(agent.agent),
                    "<span class=\"\(agent.state == "online" ? "ok" : "bad") state\">\(HTML.escape(agent.state))</span>",
                    HTML.escape(agent.version ?? "–"), "<span class=\"backlog\">\(agent.backlog.map(String.init) ?? "–")</span>",
                    agent.oldestUnackedAgeSeconds.map { "\($0) s" } ?? "–", HTML.escape(agent.lastSeen ?? "–"),
                ]
            }, empty: "No agent has been heard from.")
        return "<h1>Agents</h1>\(table)"
    }

    func exceptions(_ request: Request, key: APIKey, scope: AdminScope, csrf: String) async throws -> String {
        let exceptions = try await store.adminExceptions(scope: scope, state: nil, limit: 200)
        let suffix = Self.tenantSuffix(request)
        let table = HTML.table(
            ["#", "Tenant", "Reason", "Type", "Problems", "State", "Comment", ""],
            exceptions.map { exception in
                var actions = ""
                if key.role.operates && exception.state != .resolved {
                    let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
                    if exception.state == .open {
                        actions += "<form class=\"inline\" method=\"post\" action=\"/dashboard/exceptions/\(exception.id)/acknowledge\(suffix)\">\(hidden)<button>Acknowledge</button></form> "
                    }
                    actions += "<form class=\"inline\" method=\"post\" action=\"/dashboard/exceptions/\(exception.id)/resolve\(suffix)\">\(hidden)<input type=\"text\" name=\"comment\" placeholder=\"what was done\" required><button>Resolve</button></form>"
                }
                let problems = exception.problems.arrayValue?.compactMap { $0["message"]?.stringValue }.joined(separator: "; ") ?? ""
                return [
                    "\(exception.id)", HTML.escape(exception.tenant ?? "–"), HTML.escape(exception.reason),
                    HTML.escape(exception.type ?? "–"), HTML.escape(String(problems.prefix(300))),
                    "<span class=\"state\">\(exception.state.rawValue)</span>", HTML.escape(exception.comment ?? ""), actions,
                ]
            }, empty: "No exceptions.")
        return "<h1>Exceptions</h1>\(table)"
    }

    func deadLetters(_ request: Request, key: APIKey, scope: AdminScope, csrf: String) async throws -> String {
        let letters = try await store.adminDeadLetters(scope: scope, limit: 200)
        let suffix = Self.tenantSuffix(request)
        let table = HTML.table(
            ["Job", "Tenant", "Connector", "Action", "Business key", "Attempts", "Last error", ""],
            letters.map { letter in
                let button = key.role.operates
                    ? "<form class=\"inline\" method=\"post\" action=\"/dashboard/dead-letters/\(letter.job)/replay\(suffix)\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\"><button class=\"replay\">Replay</button></form>"
                    : ""
                let trace = letter.businessKey.map {
                    "<a href=\"/dashboard/trace?key=\(HTML.component($0))\(suffix.isEmpty ? "" : "&" + suffix.dropFirst())\">\(HTML.escape($0))</a>"
                } ?? "–"
                return [
                    "\(letter.job)", HTML.escape(letter.tenant), HTML.escape(letter.destination), HTML.escape(letter.action),
                    trace, "\(letter.attempts)", HTML.escape(String((letter.lastError ?? "").prefix(300))), button,
                ]
            }, empty: "No dead letters.")
        return "<h1>Dead letters</h1>\(table)"
    }

    func trace(_ request: Request, key: APIKey, scope: AdminScope, csrf: String) async throws -> String {
        let asked = try AdminRequest.text(request, "key")
        let tenantField = request.uri.queryParameters.get("tenant").map {
            "<input type=\"hidden\" name=\"tenant\" value=\"\(HTML.escape($0))\">"
        } ?? ""
        var body = """
            <h1>Trace</h1><form method="get" action="/dashboard/trace">\(tenantField)
            <input type="text" name="key" value="\(HTML.escape(asked ?? ""))" placeholder="order or shipment number">
            <button>Trace</button></form>
            """
        guard let asked else { return body }
        let trace = try await store.adminTrace(key: asked, scope: scope)
        body += "<h2>Events</h2>" + HTML.table(
            ["#", "Time", "Type", "Site", "Agent", "Subject"],
            trace.events.map {
                [
                    "\($0.storeSequence)", HTML.escape($0.time), "<span class=\"type\">\(HTML.escape($0.type))</span>",
                    HTML.escape($0.site), HTML.escape($0.agent), HTML.escape($0.subject ?? "–"),
                ]
            }, empty: "No events for this key.")
        body += "<h2>Connector calls</h2>" + HTML.table(
            ["Job", "Connector", "Action", "State", "Attempts", "History"],
            trace.jobs.map { job in
                let history = job.history.map {
                    "\(HTML.escape($0.startedAt)) \(HTML.escape($0.outcome))\($0.httpStatus.map { " \($0)" } ?? "")"
                }.joined(separator: "<br>")
                return [
                    "\(job.job)", HTML.escape(job.destination), HTML.escape(job.action),
                    "<span class=\"state\">\(HTML.escape(job.state))</span>", "\(job.attempts)", history,
                ]
            }, empty: "No connector calls for this key.")
        return body
    }
}
