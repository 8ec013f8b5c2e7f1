import Foundation
import Hummingbird
import Metrics

extension HTTPAPIService {
    /// The admin API under `/v1/admin`: events, traces, exceptions, dead letters, agents, connectors, tenants and
    /// the audit log.
    ///
    /// Reads need role `admin`, `operator` or `viewer`; acknowledge, resolve and replay need `admin` or `operator`
    /// and are audited; the audit log needs `admin`. Every read is bound to the key's tenant (a partner-wide key
    /// sees every tenant, or the one `?tenant=` names): another tenant's exception or job is a 404.
    func addAdminRoutes(to group: RouterGroup<APIRequestContext>) {
        let store = dependencies.store
        group.get("events") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            let query = AdminEventQuery(
                scope: scope, site: try AdminRequest.text(request, "site"), type: try AdminRequest.text(request, "type"),
                businessKey: try AdminRequest.text(request, "key"), fromMilliseconds: try AdminRequest.time(request, "from"),
                toMilliseconds: try AdminRequest.time(request, "to"),
                after: try AdminRequest.integer(request, "after", in: 0...Int64.max, default: nil),
                limit: Int(try AdminRequest.integer(request, "limit", in: 1...1000, default: 100) ?? 100))
            return try Self.json(try await store.adminEvents(query))
        }
        group.get("events/:sequence") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            let sequence = try AdminRequest.number("sequence", context)
            guard let event = try await store.adminEvent(storeSequence: sequence, scope: scope) else {
                throw APIError.notFound("no event \(sequence) for this key")
            }
            return try Self.json(event)
        }
        group.get("trace/:key") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            let key = try AdminRequest.pathText("key", context)
            let trace = try await store.adminTrace(key: key, scope: scope)
            guard !trace.events.isEmpty || !trace.jobs.isEmpty else {
                throw APIError.notFound("nothing is known of \(key.prefix(80)) for this key")
            }
            return try Self.json(trace)
        }
        group.get("exceptions") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            var state: AdminExceptionState?
            if let text = request.uri.queryParameters.get("state") {
                guard let parsed = AdminExceptionState(rawValue: text) else {
                    throw APIError.invalid("?state= must be open, acknowledged or resolved")
                }
                state = parsed
            }
            let limit = Int(try AdminRequest.integer(request, "limit", in: 1...1000, default: 100) ?? 100)
            let exceptions = try await store.adminExceptions(scope: scope, state: state, limit: limit)
            return try Self.json(["exceptions": exceptions])
        }
        for (verb, state) in [("acknowledge", AdminExceptionState.acknowledged), ("resolve", .resolved)] {
            group.post("exceptions/:id/\(verb)") { request, context in
                let (key, scope) = try AdminRequest.authorize(request, context, .operate)
                let id = try AdminRequest.number("id", context)
                let comment = try await AdminRequest.comment(request, required: state == .resolved)
                let action: AuditAction = state == .resolved ? .exceptionResolve : .exceptionAcknowledge
                let record = AuditRecord(key: key, tenant: scope.tenant, action: action, target: "exception \(id)", comment: comment)
                switch try await store.setExceptionState(id: id, state: state, scope: scope, audit: record) {
                case .notFound:
                    throw APIError.notFound("no exception \(id) for this key")
                case .alreadyResolved:
                    throw APIError(.conflict, "conflict", "exception \(id) is already resolved; nothing was changed")
                case .changed(let exception):
                    Counter(label: "crossdock_aggregator_admin_actions_total", dimensions: [("action", action.rawValue)])
                        .increment()
                    context.logger.info("exception \(id) \(state.rawValue)", metadata: ["tenant": "\(exception.tenant ?? "-")"])
                    return try Self.json(exception)
                }
            }
        }
        group.get("dead-letters") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            let limit = Int(try AdminRequest.integer(request, "limit", in: 1...1000, default: 100) ?? 100)
            return try Self.json(["deadLetters": try await store.adminDeadLetters(scope: scope, limit: limit)])
        }
        group.post("dead-letters/:job/replay") { request, context in
            let (key, scope) = try AdminRequest.authorize(request, context, .operate)
            let job = try AdminRequest.number("job", context)
            let comment = try await AdminRequest.comment(request, required: false)
            return try Self.json(try await self.replay(job: job, key: key, scope: scope, comment: comment, context: context))
        }
        group.get("agents") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            return try Self.json(["agents": try await store.adminAgents(scope: scope)])
        }
        group.get("connectors") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            return try Self.json(["connectors": try await self.connectors(scope: scope)])
        }
        group.get("flow") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            let flow = AdminFlow(
                eventTypes: try await store.adminTypeCounts(scope: scope),
                connectors: try await self.connectors(scope: scope))
            return try Self.json(flow)
        }
        group.get("tenants") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .read)
            return try Self.json(["tenants": try await store.adminTenants(scope: scope)])
        }
        group.get("audit") { request, context in
            let (_, scope) = try AdminRequest.authorize(request, context, .audit)
            let limit = Int(try AdminRequest.integer(request, "limit", in: 1...1000, default: 100) ?? 100)
            return try Self.json(["entries": try await store.auditEntries(scope: scope, limit: limit)])
        }
    }

    /// Connectors with the job runner's circuit state, when it runs in this process.
    func connectors(scope: AdminScope) async throws -> [AdminConnector] {
        var connectors = try await dependencies.store.adminConnectors(scope: scope)
        if let circuit = dependencies.circuitState {
            for index in connectors.indices { connectors[index].circuit = circuit(connectors[index].destination) }
        }
        return connectors
    }

    /// Replays one dead letter of the scope through the job runner's store and audits it.
    func replay(job: Int64, key: APIKey, scope: AdminScope, comment: String?, context: APIRequestContext) async throws
        -> AdminReplayResult
    {
        guard let tenant = try await dependencies.store.tenantOfJob(job), scope.tenant == nil || scope.tenant == tenant
        else {
            throw APIError.notFound("no job \(job) for this key")
        }
        guard let replay = dependencies.replay else {
            throw APIError(.serviceUnavailable, "unavailable", "replay needs the job runner, which this aggregator lacks")
        }
        let replayed = try await replay(job)
        guard !replayed.isEmpty else {
            throw APIError(.conflict, "conflict", "job \(job) is not a dead letter; nothing was replayed")
        }
        try await dependencies.store.appendAudit(
            AuditRecord(key: key, tenant: tenant, action: .replay, target: "job \(job)", comment: comment))
        Counter(label: "crossdock_aggregator_admin_actions_total", dimensions: [("action", AuditAction.replay.rawValue)])
            .increment()
        context.logger.info("replayed job \(job)", metadata: ["tenant": "\(tenant)"])
        return AdminReplayResult(replayed: replayed)
    }
}

/// The flow overview: stored events per type and every connector's jobs and failures.
struct AdminFlow: Codable {
    var eventTypes: [AdminTypeCount]
    var connectors: [AdminConnector]
}

/// What `POST /v1/admin/dead-letters/{job}/replay` did.
struct AdminReplayResult: Codable {
    /// The jobs made pending again.
    var replayed: [Int64]
}
