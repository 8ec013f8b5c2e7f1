import Foundation
import Hummingbird
import WireProtocol

extension HTTPAPIService {
    /// `POST /v1/events`: CloudEvents pushed by a system over HTTP, stored as MQTT ingest stores an agent's.
    func addEventRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post("events") { request, context in
            try await self.receiveEvents(request, context: context)
        }
    }

    private func receiveEvents(_ request: Request, context: APIRequestContext) async throws -> Response {
        let key = try context.requireKey()
        guard key.role.pushesEvents else {
            throw APIError.forbidden("the key \(key.name) has role \(key.role); pushing events needs role ingest")
        }
        guard let origin = key.origin else {
            throw APIError.forbidden(
                "the key \(key.name) names no origin; set api_keys[].origin to the system it speaks for")
        }
        let mediaType = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let single: Bool?
        switch mediaType {
        case CloudEvent.contentType: single = true
        case CloudEventBatch.contentType: single = false
        case "application/json": single = nil
        default:
            throw APIError(
                .unsupportedMediaType, "unsupported-media-type",
                "send Content-Type \(CloudEvent.contentType) (one event) or \(CloudEventBatch.contentType) (a batch)")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: settings.maxBodyBytes)
        let body = Array(buffer.readableBytesView)
        let options = CloudEventDecodingOptions(maxEventBytes: settings.maxBodyBytes, maxBatchBytes: settings.maxBodyBytes)
        let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(body, limits: JSONLimits(maxBytes: options.maxBatchBytes, maxDepth: options.maxDepth))
        } catch {
            try await keepUnreadable(body, problems: error.problems, key: key, origin: origin, at: receivedAt)
            throw APIError.invalid(
                "the body is not JSON: \(error.problems.map(\.description).joined(separator: "; ")); kept as an "
                    + "exception")
        }
        let decoder = InboundEventDecoder(
            options: options, unknownEventTypes: dependencies.ingest.unknownEventTypes,
            rules: dependencies.systemOfRecord)
        let isSingle: Bool
        if let single {
            isSingle = single
        } else if case .array = parsed {
            isSingle = false
        } else {
            isSingle = true
        }
        let items = try decoder.decode(parsed, single: isSingle, key: key, origin: origin)
        let response = try await store(items, key: key, at: receivedAt)
        if response.rejected > 0 {
            context.logger.warning(
                "POST /v1/events: \(response.rejected) of \(items.count) event(s) kept as exceptions",
                metadata: ["origin": "\(origin)"])
        }
        return try Self.json(response, status: .accepted)
    }

    /// Appends the valid events for their origin and keeps the rejected ones as exceptions.
    private func store(_ items: [InboundEventDecoder.Item], key: APIKey, at receivedAt: Int64) async throws
        -> InboundEventsResponse
    {
        var valid: [(index: Int, event: CloudEvent)] = []
        var results = [InboundEventResult?](repeating: nil, count: items.count)
        var exceptions: [AgentIdentity?: [IngestException]] = [:]
        var identities: [AgentIdentity?] = []
        for (index, item) in items.enumerated() {
            switch item {
            case .valid(let event):
                valid.append((index, event))
            case .rejected(let rejection):
                let cap = dependencies.ingest.maxExceptionBytes
                let fingerprint = BatchIngestDecoder.fingerprint(rejection.raw)
                let exception = IngestException(
                    reason: rejection.reason, problems: rejection.problems, sequence: nil, source: rejection.source,
                    eventID: rejection.id, type: rejection.type, raw: Array(rejection.raw.prefix(cap)),
                    rawSize: rejection.raw.count,
                    dedupKey: "http \(key.name) \(rejection.reason) fnv1a:\(fingerprint):\(rejection.raw.count)")
                if exceptions[rejection.identity] == nil { identities.append(rejection.identity) }
                exceptions[rejection.identity, default: []].append(exception)
                results[index] = InboundEventResult(
                    index: index, status: "rejected", source: rejection.source, id: rejection.id, sequence: nil,
                    storeSequence: nil, reason: rejection.reason.rawValue,
                    problems: rejection.problems.map { .init(path: $0.path.description, message: $0.message) })
            }
        }
        if !identities.isEmpty {
            let batches = identities.map { identity in
                IngestBatch(
                    topic: "http POST /v1/events (key \(key.name))", identity: identity,
                    receivedAtMilliseconds: receivedAt, events: [], exceptions: exceptions[identity] ?? [])
            }
            _ = try await dependencies.store.ingest(batches)
        }
        var stored = 0
        var duplicates = 0
        if !valid.isEmpty {
            let outcomes = try await dependencies.store.appendCentral(valid.map(\.event))
            for ((index, event), outcome) in zip(valid, outcomes) {
                switch outcome {
                case .stored(let sequence, let storeSequence):
                    stored += 1
                    results[index] = InboundEventResult(
                        index: index, status: "stored", source: event.source, id: event.id, sequence: sequence,
                        storeSequence: storeSequence)
                case .duplicate(let storeSequence):
                    duplicates += 1
                    results[index] = InboundEventResult(
                        index: index, status: "duplicate", source: event.source, id: event.id,
                        storeSequence: storeSequence)
                }
            }
        }
        let all = results.compactMap { $0 }
        return InboundEventsResponse(
            stored: stored, duplicates: duplicates, rejected: all.count - stored - duplicates, results: all)
    }

    /// Keeps a body that is not JSON as an `unreadable-batch` exception of the key's tenant.
    private func keepUnreadable(
        _ body: [UInt8], problems: [ValidationProblem], key: APIKey, origin: SystemOfRecordOrigin, at receivedAt: Int64
    ) async throws {
        var identity: AgentIdentity?
        if case .tenant(let tenant) = key.scope {
            identity = try? AgentIdentity(tenant: tenant, site: InboundEventDecoder.defaultSite, agent: origin.rawValue)
        }
        let cap = dependencies.ingest.maxExceptionBytes
        let exception = IngestException(
            reason: .unreadableBatch, problems: problems, sequence: nil, source: nil, eventID: nil, type: nil,
            raw: Array(body.prefix(cap)), rawSize: body.count,
            dedupKey: "http \(key.name) fnv1a:\(BatchIngestDecoder.fingerprint(body)):\(body.count)")
        _ = try await dependencies.store.ingest([
            IngestBatch(
                topic: "http POST /v1/events (key \(key.name))", identity: identity, receivedAtMilliseconds: receivedAt,
                events: [], exceptions: [exception])
        ])
    }
}
