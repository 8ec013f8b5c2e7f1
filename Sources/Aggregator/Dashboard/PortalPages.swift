import Foundation
import Hummingbird

/// The customer portal's pages: a customer's orders with their state, and one order with its shipments,
/// milestones and invoices, under the tenant's own branding (or the partner's).
struct PortalPages: Sendable {
    let service: HTTPAPIService

    /// Serves a page to a logged-in key that reads the portal, bound to its tenant (and customer).
    func serve(_ request: Request, session: DashboardSession, render: (APIKey, String) async throws -> String)
        async throws -> Response
    {
        guard let (key, _) = session.key(of: request) else { return HTML.redirect("/login") }
        let settings = service.dependencies.dashboard
        var branding = settings.branding
        do {
            guard key.role.readsPortal else {
                throw APIError.forbidden("the key \(key.name) has role \(key.role), which cannot read the portal")
            }
            let tenant = try HTTPAPIService.tenant(of: request, key: key)
            branding = settings.portalBranding(tenant: tenant)
            let suffix = DashboardPages.tenantSuffix(request)
            let logout = "<form class=\"inline\" method=\"post\" action=\"/logout\"><button>Sign out</button></form>"
            let body = try await render(key, tenant) + logout
            return HTML.response(
                HTML.page(title: "Orders", branding: branding, navigation: [("/portal\(suffix)", "Orders")], body: body))
        } catch let error as APIError {
            let body = "<h1>\(error.status.code)</h1><p class=\"bad\">\(HTML.escape(error.detail))</p>"
            return HTML.response(
                HTML.page(title: "Error", branding: branding, navigation: [("/portal", "Orders")], body: body),
                status: error.status)
        }
    }

    func orders(key: APIKey, tenant: String) async throws -> String {
        let orders = try await service.dependencies.store.portalOrders(
            tenant: tenant, customer: key.customer, state: nil, limit: 500)
        let suffix = key.scope == .partner ? "?tenant=\(HTML.component(tenant))" : ""
        return "<h1>Orders</h1>" + HTML.table(
            ["Order", "Purchase order", "Customer", "Status", "Updated"],
            orders.map {
                [
                    "<a class=\"order\" href=\"/portal/orders/\(HTML.component($0.orderNumber))\(suffix)\">\(HTML.escape($0.orderNumber))</a>",
                    HTML.escape($0.purchaseOrderNumber ?? "–"), HTML.escape($0.customerName ?? $0.customer ?? "–"),
                    "<span class=\"state\">\(HTML.escape($0.state.rawValue))</span>", HTML.escape($0.updatedAt),
                ]
            }, empty: "No orders yet.")
    }

    func order(_ number: String, key: APIKey, tenant: String) async throws -> String {
        guard
            let order = try await service.dependencies.store.portalOrder(
                tenant: tenant, number: number, customer: key.customer)
        else {
            throw APIError.notFound("no order \(number) for this key")
        }
        var body = """
            <h1>Order \(HTML.escape(order.orderNumber))</h1>
            <p>Status: <span class="state">\(HTML.escape(order.state.rawValue))</span> ·
            PO \(HTML.escape(order.purchaseOrderNumber ?? "–"))</p>
            """
        body += "<h2>Lines</h2>" + HTML.table(
            ["Line", "Item", "Ordered", "Shipped", "Backordered"],
            order.lines.map {
                [
                    HTML.escape($0.lineNumber), HTML.escape($0.sku ?? "–"), HTML.escape($0.ordered ?? "–"),
                    HTML.escape($0.shipped), HTML.escape($0.backordered),
                ]
            }, empty: "No lines.")
        body += "<h2>Shipments</h2>"
        if order.shipments.isEmpty { body += "<p>Not shipped yet.</p>" }
        for shipment in order.shipments {
            body += "<h3>Shipment \(HTML.escape(shipment.shipmentNumber)) · \(HTML.escape(shipment.status))</h3>"
            body += HTML.table(
                ["Milestone", "Time", "Description"],
                shipment.milestones.map {
                    [HTML.escape($0.statusCode), HTML.escape($0.eventTime), HTML.escape($0.statusDescription ?? "")]
                }, empty: "No milestones yet.")
        }
        body += "<h2>Invoices</h2>" + HTML.table(
            ["Invoice", "Date", "Due", "Total"],
            order.invoices.map {
                [
                    HTML.escape($0.invoiceNumber), HTML.escape($0.invoiceDate), HTML.escape($0.dueDate ?? "–"),
                    HTML.escape("\($0.total) \($0.currency)"),
                ]
            }, empty: "No invoices yet.")
        return body
    }
}
