import Foundation
import WireProtocol

/// One event size of the codec benchmark: a batch of events built from a documented example, as typed payloads,
/// as `CloudEvent`s and as the batch's JSON bytes.
struct CodecWorkload {
    /// The size class shown in the table (`small`, `medium`, `large`).
    let size: String
    /// The event type of every event in the batch.
    let eventType: EventType
    /// The events, each with its own `id` and `sequence`.
    let events: [CloudEvent]
    /// The batch as compact JSON (`application/cloudevents-batch+json`).
    let bytes: [UInt8]
    /// Decodes the batch with Foundation's `JSONDecoder` into the typed payload; the number of events read.
    let foundationDecodeTyped: ([UInt8]) throws -> Int
    /// Decodes the batch's envelopes with `JSONDecoder`, skipping `data`; the number of events read.
    let foundationDecodeEnvelope: ([UInt8]) throws -> Int
    /// Encodes the batch from typed payloads with `JSONEncoder`; the bytes written.
    let foundationEncode: () throws -> Int
    /// Encodes the batch from typed payloads with crossdock's encoder and serialiser; the bytes written.
    let crossdockEncode: () throws -> Int

    /// The mean size of one event in bytes.
    var bytesPerEvent: Double { Double(bytes.count) / Double(events.count) }

    /// Builds a batch of `count` events from the example `file` in `directory`, whose data is a `P`.
    static func make<P: EventPayload>(
        size: String, example file: String, in directory: String, as payloadType: P.Type, count: Int
    ) throws -> CodecWorkload {
        let path = directory + "/" + file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CodecBenchmarkError(
                description: "cannot read the example \(path); pass --examples with the docs/examples directory")
        }
        let example = try CloudEvent(jsonBytes: Array(data))
        let payload = try example.payload(as: P.self)
        var events: [CloudEvent] = []
        events.reserveCapacity(count)
        for index in 0..<count {
            events.append(
                try CloudEvent(
                    id: "\(example.id)-\(index)", source: example.source, type: example.type, subject: example.subject,
                    time: example.time, identity: example.identity, sequence: UInt64(index + 1),
                    correlationID: example.correlationID, payload: payload))
        }
        let bytes = CloudEventBatch(events).encoded()
        let foundationEvents = events.map { FoundationEvent(event: $0, data: payload) }
        return CodecWorkload(
            size: size, eventType: example.type, events: events, bytes: bytes,
            foundationDecodeTyped: { bytes in
                try JSONDecoder().decode([FoundationEvent<P>].self, from: Data(bytes)).count
            },
            foundationDecodeEnvelope: { bytes in
                try JSONDecoder().decode([FoundationEnvelope].self, from: Data(bytes)).count
            },
            foundationEncode: { try JSONEncoder().encode(foundationEvents).count },
            crossdockEncode: {
                var encoded: [CloudEvent] = []
                encoded.reserveCapacity(events.count)
                for event in events {
                    encoded.append(
                        try CloudEvent(
                            id: event.id, source: event.source, type: event.type, subject: event.subject,
                            time: event.time, identity: event.identity, sequence: event.sequence,
                            correlationID: event.correlationID, payload: payload))
                }
                return CloudEventBatch(encoded).encoded().count
            })
    }

    /// The workloads of the table: inventory adjustment, order, shipment and advance ship notice.
    static func all(examples directory: String, count: Int) throws -> [CodecWorkload] {
        [
            try make(
                size: "small", example: "inventory-adjusted.json", in: directory, as: InventoryAdjustment.self,
                count: count),
            try make(size: "medium", example: "order-created.json", in: directory, as: Order.self, count: count),
            try make(size: "large", example: "shipment-confirmed.json", in: directory, as: Shipment.self, count: count),
            try make(
                size: "large", example: "shipment-advised.json", in: directory, as: AdvanceShipNotice.self,
                count: count),
        ]
    }
}

/// A CloudEvent as a plain `Codable` struct, the way an application using only Foundation would read it.
struct FoundationEvent<P: Codable>: Codable {
    var specversion: String
    var id: String
    var source: String
    var type: String
    var subject: String?
    var time: String
    var datacontenttype: String?
    var tenant: String
    var site: String
    var agent: String
    var sequence: UInt64
    var correlationid: String?
    var data: P

    init(event: CloudEvent, data: P) {
        specversion = CloudEvent.specVersion
        id = event.id
        source = event.source
        type = event.type.rawValue
        subject = event.subject
        time = event.time.text
        datacontenttype = event.dataContentType
        tenant = event.identity.tenant
        site = event.identity.site
        agent = event.identity.agent
        sequence = event.sequence
        correlationid = event.correlationID
        self.data = data
    }
}

/// A CloudEvent's attributes without its data, for the envelope-only Foundation baseline.
struct FoundationEnvelope: Decodable {
    var specversion: String
    var id: String
    var source: String
    var type: String
    var subject: String?
    var time: String
    var datacontenttype: String?
    var tenant: String
    var site: String
    var agent: String
    var sequence: UInt64
    var correlationid: String?
}
