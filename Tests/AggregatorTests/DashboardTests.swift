import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// The dashboard and portal pages over the real server: login cookie, tenant scope, CSRF-checked forms that
/// replay and resolve, escaping, and the partner's or tenant's branding.
struct DashboardTests {
    typealias F = AdminFixture

    static func start(_ dir: String) async throws -> RunningAPI {
        let api = try await F.start(dir)
        return api
    }

    /// Logs in with `token` and returns the session cookie and where the login sent the browser.
    static func login(_ api: RunningAPI, _ token: String) async throws -> (cookie: String, location: String?) {
        let response = try await api.raw(
            "POST", "/login", body: Array("key=\(token)".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(response.status == 303)
        let setCookie = try #require(response.headers.first { $0.0.lowercased() == "set-cookie" }?.1)
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
        let cookie = String(setCookie.split(separator: ";")[0])
        return (cookie, response.headers.first { $0.0.lowercased() == "location" }?.1)
    }

    static func page(_ api: RunningAPI, _ path: String, cookie: String?) async throws -> (status: Int, html: String) {
        let response = try await api.raw("GET", path, headers: cookie.map { [("Cookie", $0)] } ?? [])
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test func operatorsSeeFlowAndReplayAndResolveThroughForms() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await Self.start(dir)
            #expect(try await Self.page(api, "/dashboard", cookie: nil).status == 303)
            let bad = try await api.raw("POST", "/login", body: Array("key=wrong".utf8), contentType: "application/x-www-form-urlencoded")
            #expect(bad.status == 401)
            let (cookie, location) = try await Self.login(api, F.acmeOperator.token)
            #expect(location == "/dashboard")
            let overview = try await Self.page(api, "/dashboard", cookie: cookie)
            #expect(overview.status == 200)
            #expect(overview.html.contains("com.crossdock.order.released.v1"))
            #expect(overview.html.contains("<span class=\"num count\">1</span>"))
            #expect(overview.html.contains("100.0%"))  // erp: the dead job's 3 attempts all failed, the other has none yet
            #expect(!overview.html.contains("globex"))
            #expect(!overview.html.lowercased().contains("crossdock</"))
            let dead = try await Self.page(api, "/dashboard/dead-letters", cookie: cookie)
            #expect(dead.html.contains("class=\"replay\""))
            let jobs = try await api.get("/v1/admin/dead-letters", key: F.acmeViewer.token)
            let job = try #require(F.numbers(jobs.json, "deadLetters", "job").first)
            // Without the CSRF token, or from another origin: refused, nothing replayed.
            let forged = try await api.raw(
                "POST", "/dashboard/dead-letters/\(job)/replay", body: Array("csrf=guess".utf8),
                contentType: "application/x-www-form-urlencoded", headers: [("Cookie", cookie)])
            #expect(forged.status == 403)
            let csrf = try #require(dead.html.range(of: "name=\"csrf\" value=\"").map { dead.html[$0.upperBound...].prefix(64) })
            let crossSite = try await api.raw(
                "POST", "/dashboard/dead-letters/\(job)/replay", body: Array("csrf=\(csrf)".utf8),
                contentType: "application/x-www-form-urlencoded", headers: [("Cookie", cookie), ("Origin", "https://evil.example")])
            #expect(crossSite.status == 403)
            #expect(F.numbers(try await api.get("/v1/admin/dead-letters", key: F.acmeViewer.token).json, "deadLetters", "job") == [job])
            let replay = try await api.raw(
                "POST", "/dashboard/dead-letters/\(job)/replay", body: Array("csrf=\(csrf)".utf8),
                contentType: "application/x-www-form-urlencoded", headers: [("Cookie", cookie)])
            #expect(replay.status == 303)
            #expect(try await api.get("/v1/admin/dead-letters", key: F.acmeViewer.token).json["deadLetters"]?.arrayValue?.isEmpty == true)
            let exceptions = try await Self.page(api, "/dashboard/exceptions", cookie: cookie)
            let id = try #require(F.numbers(try await api.get("/v1/admin/exceptions", key: F.acmeViewer.token).json, "exceptions", "id").first)
            #expect(exceptions.html.contains("/dashboard/exceptions/\(id)/resolve"))
            let resolve = try await api.raw(
                "POST", "/dashboard/exceptions/\(id)/resolve", body: Array("csrf=\(csrf)&comment=%3Cb%3Efixed%3C%2Fb%3E".utf8),
                contentType: "application/x-www-form-urlencoded", headers: [("Cookie", cookie)])
            #expect(resolve.status == 303)
            let after = try await Self.page(api, "/dashboard/exceptions", cookie: cookie)
            #expect(after.html.contains("&lt;b&gt;fixed&lt;/b&gt;"))
            #expect(!after.html.contains("<b>fixed</b>"))
            let log = try await api.get("/v1/admin/audit", key: F.acmeAdmin.token)
            #expect(F.strings(log.json, "entries", "action") == ["exception.resolve", "replay"])
            let trace = try await Self.page(api, "/dashboard/trace?key=SO-1", cookie: cookie)
            #expect(trace.html.contains("com.crossdock.order.released.v1"))
            #expect(trace.html.contains("order.import"))
            await api.stop()
        }
    }

    @Test func viewersCannotReplayAndCustomersSeeOnlyTheirPortal() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await F.start(dir)
            let (viewer, _) = try await Self.login(api, F.acmeViewer.token)
            let dead = try await Self.page(api, "/dashboard/dead-letters", cookie: viewer)
            #expect(!dead.html.contains("class=\"replay\""))
            #expect(DashboardTokenProbe.token(in: dead.html).isEmpty)
            let jobs = try await api.get("/v1/admin/dead-letters", key: F.acmeViewer.token)
            let job = try #require(F.numbers(jobs.json, "deadLetters", "job").first)
            let refused = try await api.raw(
                "POST", "/dashboard/dead-letters/\(job)/replay", body: Array("csrf=x".utf8),
                contentType: "application/x-www-form-urlencoded", headers: [("Cookie", viewer)])
            #expect(refused.status == 403)
            let (customer, location) = try await Self.login(api, F.acmeCustomer.token)
            #expect(location == "/portal")
            #expect(try await Self.page(api, "/dashboard", cookie: customer).status == 303)
            let portal = try await Self.page(api, "/portal", cookie: customer)
            #expect(portal.status == 200)
            #expect(portal.html.contains(">SO-1<"))
            #expect(!portal.html.contains(">SO-2<"))  // customer C-2's order
            #expect(!portal.html.contains("G-SO-7"))
            #expect(try await Self.page(api, "/portal/orders/SO-2", cookie: customer).status == 404)
            let order = try await Self.page(api, "/portal/orders/SO-1", cookie: customer)
            #expect(order.html.contains("Shipment SH-1"))
            #expect(try await Self.page(api, "/portal?tenant=globex", cookie: customer).status == 403)
            await api.stop()
        }
    }

    @Test func brandingComesFromConfigurationPerPartnerAndTenant() throws {
        let good = try ConfigurationDocument.parse(
            yaml: """
                dashboard:
                  branding: {name: Northwind Logistics, logo_url: "https://northwind.example/logo.svg", primary_color: "#0f766e"}
                  tenants:
                    acme: {name: "Acme <Supply>", primary_color: "#b91c1c"}
                """, path: nil
        ).decode { DashboardSettings(reader: $0.section("dashboard")) }
        #expect(good.branding.name == "Northwind Logistics")
        #expect(good.portalBranding(tenant: "acme").name == "Acme <Supply>")
        #expect(good.portalBranding(tenant: "acme").logoURL == "https://northwind.example/logo.svg")
        #expect(good.portalBranding(tenant: "globex").name == "Northwind Logistics")
        let bad = try ConfigurationDocument.parse(
            yaml: """
                dashboard:
                  branding: {logo_url: "javascript:alert(1)", colour: blue}
                  tenants:
                    acme: {primary_color: "red; background:url(x)"}
                """, path: nil)
        let error = try #require(throws: ConfigurationError.self) { try bad.decode { DashboardSettings(reader: $0.section("dashboard")) } }
        let paths = error.problems.map(\.keyPath)
        #expect(paths.contains("dashboard.branding.logo_url"), "\(paths)")
        #expect(paths.contains("dashboard.tenants.acme.primary_color"), "\(paths)")
        #expect(paths.contains("dashboard.branding.colour"), "\(paths)")
    }
}

/// Reads the CSRF token out of a page (empty when the page has no form).
enum DashboardTokenProbe {
    static func token(in html: String) -> String {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return "" }
        return String(html[range.upperBound...].prefix(64))
    }
}
