import Foundation
import Hummingbird

extension HTTPAPIService {
    /// The portal's read API: orders with their state, one order in full, one shipment with its milestones.
    ///
    /// Every read is bound to the key's tenant; a `customer` key also to its customer. What is outside that scope
    /// does not exist for the key (404), so an order number of another tenant or customer tells nothing.
    func addPortalRoutes(to group: RouterGroup<APIRequestContext>) {
        let store = dependencies.store
        group.get("orders") { request, context in
            let (key, tenant) = try Self.portalScope(request, context)
            var state: OrderState?
            if let text = request.uri.queryParameters.get("state") {
                guard let parsed = OrderState(rawValue: text) else {
                    let states = OrderState.allCases.map(\.rawValue).joined(separator: ", ")
                    throw APIError.invalid("?state=\(text.prefix(40)) is not a state; one of \(states)")
                }
                state = parsed
            }
            var limit = 100
            if let text = request.uri.queryParameters.get("limit") {
                guard let value = Int(text), (1...1000).contains(value) else {
                    throw APIError.invalid("?limit= must be a whole number from 1 to 1000")
                }
                limit = value
            }
            let orders = try await store.portalOrders(tenant: tenant, customer: key.customer, state: state, limit: limit)
            return try Self.json(["tenant": .tenant(tenant), "orders": .orders(orders)] as [String: PortalListBody])
        }
        group.get("orders/:number") { request, context in
            let (key, tenant) = try Self.portalScope(request, context)
            let number = try Self.pathParameter("number", context)
            guard let order = try await store.portalOrder(tenant: tenant, number: number, customer: key.customer) else {
                throw APIError.notFound("no order \(number) for this key")
            }
            return try Self.json(order)
        }
        group.get("shipments/:number") { request, context in
            let (key, tenant) = try Self.portalScope(request, context)
            let number = try Self.pathParameter("number", context)
            guard
                let shipment = try await store.portalShipment(tenant: tenant, number: number, customer: key.customer)
            else {
                throw APIError.notFound("no shipment \(number) for this key")
            }
            return try Self.json(shipment)
        }
    }

    /// The key, which must read the portal, and the tenant of the request.
    private static func portalScope(_ request: Request, _ context: APIRequestContext) throws(APIError)
        -> (APIKey, String)
    {
        let key = try context.requireKey()
        guard key.role.readsPortal else {
            throw APIError.forbidden("the key \(key.name) has role \(key.role), which cannot read the portal")
        }
        return (key, try tenant(of: request, key: key))
    }

    /// A path parameter, percent-decoded and of a sane length.
    private static func pathParameter(_ name: String, _ context: APIRequestContext) throws(APIError) -> String {
        guard let raw = context.parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty,
            value.utf8.count <= 1024
        else {
            throw APIError.invalid("the \(name) in the path is empty, too long or not percent-encoded UTF-8")
        }
        return value
    }
}

/// The members of the order list's body.
enum PortalListBody: Encodable {
    case tenant(String)
    case orders([PortalOrderSummary])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .tenant(let tenant): try container.encode(tenant)
        case .orders(let orders): try container.encode(orders)
        }
    }
}
