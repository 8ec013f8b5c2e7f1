/// What `POST /v1/events` did with one event of the request.
public struct InboundEventResult: Sendable, Hashable, Codable {
    /// One problem of a rejected event.
    public struct Problem: Sendable, Hashable, Codable {
        /// The JSON path from the request body's root (`$[2].data.lines[0].quantity`).
        public var path: String
        /// What is wrong and what to do.
        public var message: String
    }

    /// The event's position in the batch (0 for a single event).
    public var index: Int
    /// `stored`, `duplicate` or `rejected`.
    public var status: String
    /// The event's `source`, when readable.
    public var source: String?
    /// The event's `id`, when readable.
    public var id: String?
    /// The sequence number the origin gave it (stored events).
    public var sequence: UInt64?
    /// The store's order number of the event (stored and duplicate events).
    public var storeSequence: Int64?
    /// Why it was rejected: `invalid-event`, `unknown-event-type` or `system-of-record`.
    public var reason: String?
    /// Every problem of a rejected event.
    public var problems: [Problem]?
}

/// The body of a `202 Accepted` answer to `POST /v1/events`.
public struct InboundEventsResponse: Sendable, Hashable, Codable {
    /// Events stored for the first time.
    public var stored: Int
    /// Events already stored (same `source` + `id`).
    public var duplicates: Int
    /// Events kept as exceptions.
    public var rejected: Int
    /// One result per event, in request order.
    public var results: [InboundEventResult]
}
