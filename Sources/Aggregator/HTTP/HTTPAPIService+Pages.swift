import Foundation
import Hummingbird

extension HTTPAPIService {
    /// The browser pages: `/login`, the operators' `/dashboard…` and the customers' `/portal…`.
    ///
    /// The browser logs in with its API key (a form POST); the key then travels in an HttpOnly, SameSite=Strict
    /// cookie. Pages enforce the same roles and tenant scope as the JSON API; forms that change something carry a
    /// CSRF token.
    func addPageRoutes(to router: Router<APIRequestContext>) {
        let session = DashboardSession(keyring: settings.keys, secureCookies: dependencies.dashboard.secureCookies)
        let branding = dependencies.dashboard.branding
        router.get("login") { request, _ in
            HTML.response(Self.loginPage(branding: branding, failed: false))
        }
        router.post("login") { request, _ in
            let form = try await DashboardSession.form(request)
            let token = (form["key"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let key = session.keyring.authenticate(token: token), key.role.readsPortal else {
                return HTML.response(Self.loginPage(branding: branding, failed: true), status: .unauthorized)
            }
            let home = key.role.readsAdmin ? "/dashboard" : "/portal"
            return HTML.redirect(home, headers: [.setCookie: session.loginCookie(token)])
        }
        router.post("logout") { _, _ in
            HTML.redirect("/login", headers: [.setCookie: session.logoutCookie])
        }
        let pages = DashboardPages(service: self)
        router.get("dashboard") { request, context in
            try await pages.serve(request, context, session: session) { key, scope, csrf in
                try await pages.overview(key: key, scope: scope)
            }
        }
        for (path, render) in [
            ("dashboard/agents", DashboardPages.agents), ("dashboard/exceptions", DashboardPages.exceptions),
            ("dashboard/dead-letters", DashboardPages.deadLetters), ("dashboard/trace", DashboardPages.trace),
        ] as [(String, @Sendable (DashboardPages) -> (Request, APIKey, AdminScope, String) async throws -> String)] {
            router.get(RouterPath(path)) { request, context in
                try await pages.serve(request, context, session: session) { key, scope, csrf in
                    try await render(pages)(request, key, scope, csrf)
                }
            }
        }
        for verb in ["acknowledge", "resolve"] {
            router.post("dashboard/exceptions/:id/\(verb)") { request, context in
                try await pages.change(request, context, session: session) { key, scope, form in
                    let id = try AdminRequest.number("id", context)
                    let state: AdminExceptionState = verb == "resolve" ? .resolved : .acknowledged
                    let comment = form["comment"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    if state == .resolved && (comment ?? "").isEmpty {
                        throw APIError.invalid("resolving needs a comment: say what was done")
                    }
                    let record = AuditRecord(
                        key: key, tenant: scope.tenant, action: state == .resolved ? .exceptionResolve : .exceptionAcknowledge,
                        target: "exception \(id)", comment: comment.map { String($0.prefix(2000)) })
                    switch try await self.dependencies.store.setExceptionState(id: id, state: state, scope: scope, audit: record) {
                    case .notFound: throw APIError.notFound("no exception \(id) for this key")
                    case .alreadyResolved: throw APIError(.conflict, "conflict", "exception \(id) is already resolved")
                    case .changed: return "/dashboard/exceptions"
                    }
                }
            }
        }
        router.post("dashboard/dead-letters/:job/replay") { request, context in
            try await pages.change(request, context, session: session) { key, scope, form in
                let job = try AdminRequest.number("job", context)
                _ = try await self.replay(
                    job: job, key: key, scope: scope, comment: form["comment"].map { String($0.prefix(2000)) },
                    context: context)
                return "/dashboard/dead-letters"
            }
        }
        let portal = PortalPages(service: self)
        router.get("portal") { request, context in
            try await portal.serve(request, session: session) { key, tenant in
                try await portal.orders(key: key, tenant: tenant)
            }
        }
        router.get("portal/orders/:number") { request, context in
            try await portal.serve(request, session: session) { key, tenant in
                try await portal.order(AdminRequest.pathText("number", context), key: key, tenant: tenant)
            }
        }
    }

    /// The login form.
    static func loginPage(branding: Branding, failed: Bool) -> String {
        let message = failed ? "<p class=\"bad\">That key is not valid here.</p>" : ""
        return HTML.page(
            title: "Sign in", branding: branding, navigation: [],
            body: """
                <h1>Sign in</h1>\(message)
                <form method="post" action="/login">
                <label>API key <input type="password" name="key" autocomplete="off" required></label>
                <button type="submit">Sign in</button></form>
                """)
    }
}
