import Shared
import WireProtocol

/// A declarative mapping from a source's records (CSV rows, JSON objects) to canonical events.
///
/// Configured per source under `mapping:`:
///
/// ```yaml
/// mapping:
///   type: com.crossdock.shipment.confirmed.v1
///   subject: shipment_no                 # the business key
///   correlation: order_no
///   validate: false                      # true: also check each payload against its type's rules
///   time: {field: shipped_at, format: "yyyy-MM-dd HH:mm:ss", offset: "-05:00"}
///   fields:                              # canonical field path: record field (or {field|const|template, …})
///     shipmentNumber: shipment_no
///     shipDate: {field: ship_date, format: MM/dd/yyyy}
///     orderNumbers: {field: orders, split: ";"}
///     lines[0].lineNumber: {const: "1"}
///     lines[0].item.sku: sku
///     lines[0].shippedQuantity.value: qty
///     lines[0].shippedQuantity.unit: {const: EA}
/// ```
///
/// The mapping is checked against the event type's canonical payload when it is read (unknown event type, unknown
/// canonical field, a required canonical field nothing maps to); a record that still cannot be mapped (a missing
/// value, text that is not a number) fails with a ``MappingFailure`` that the source quarantines.
public struct RecordMapping: Sendable {
    /// One canonical field and where its value comes from.
    public struct FieldRule: Sendable, Hashable {
        /// The canonical field.
        public var path: CanonicalPath
        /// Its shape in the payload.
        public var schema: CanonicalSchema
        /// Whether the payload is invalid without it.
        public var isRequired: Bool
        /// Where the value comes from.
        public var value: MappingValue
    }

    /// The event type every record becomes.
    public var eventType: EventType
    /// The business key (`subject`).
    public var subject: MappingValue?
    /// The correlation id.
    public var correlation: MappingValue?
    /// When it happened; the capture time when not mapped.
    public var time: MappingValue?
    /// The canonical fields, in the order written.
    public var fields: [FieldRule]
    /// The payload's shape.
    public let schema: CanonicalSchema
    /// Whether each mapped payload is also checked against the payload type's rules (a non-empty `lines`, no
    /// negative quantity, valid codes), at some cost per record; types and required fields are always checked.
    public var validatesPayload: Bool
    let plan: MappingPlan

    /// Reads and checks a `mapping` section, recording every problem with its key path.
    public init(reader: ConfigReader) {
        let typeText = reader.requiredString("type", hint: "give the event type, e.g. \(EventType.shipmentConfirmed)")
        let type = typeText.map(EventType.init(rawValue:))
        if let type, !type.isKnown {
            let known = EventType.known.keys.map(\.rawValue).sorted()
            let guess = ConfigReader.suggestion(for: type.rawValue, among: known)
            reader.problem(
                "type", "unknown event type \"\(type.rawValue)\"" + (guess.map { " (did you mean '\($0)'?)" } ?? "")
                    + "; known types: \(known.joined(separator: ", "))")
        }
        eventType = type ?? .shipmentConfirmed
        let schema = (type.flatMap(CanonicalSchema.of)) ?? .object([:])
        self.schema = schema
        subject = MappingValue(reader: reader, key: "subject")
        correlation = MappingValue(reader: reader, key: "correlation")
        time = MappingValue(reader: reader, key: "time")

        let section = reader.section("fields")
        var rules: [FieldRule] = []
        if !reader.contains("fields") {
            reader.problem("fields", "missing; map at least the required canonical fields of the event type")
        }
        for key in section.keys {
            let spec = MappingValue(reader: section, key: key)
            let path: CanonicalPath
            switch CanonicalPath.parse(key) {
            case .failure(let problem):
                section.problem(key, problem.message)
                continue
            case .success(let parsed): path = parsed
            }
            guard type?.isKnown == true else { continue }
            switch schema.resolve(path) {
            case .failure(let problem):
                section.problem(key, "\(problem.message) (event type \(eventType))")
            case .success(let target):
                guard let spec else { continue }
                if spec.format != nil, !target.acceptsFormat {
                    section.problem(key, "format applies to dates and timestamps; \(key) is \(target.kindName)")
                }
                rules.append(FieldRule(path: path, schema: target, isRequired: schema.isRequired(path), value: spec))
            }
        }
        fields = rules
        plan = MappingPlan.make(rules: rules, schema: schema)
        validatesPayload = reader.bool("validate", default: false)
        if type?.isKnown == true {
            for missing in schema.uncoveredRequiredPaths(covered: rules.map(\.path)) {
                section.problem(
                    nil, "missing required canonical field '\(missing)' for \(eventType); map it under fields")
            }
        }
    }

    /// Maps one record; `location` (file:line) is only for the failure's message.
    public func map(_ record: MappingRecord) throws(MappingFailure) -> MappedRecord {
        var values: [JSONValue?] = []
        values.reserveCapacity(fields.count)
        // By index, reading each rule in place: iterating would copy every rule for every record.
        for index in fields.indices {
            guard let raw = fields[index].value.raw(record) else {
                if fields[index].isRequired { throw MappingFailure(missing: fields[index], record: record) }
                values.append(nil)
                continue
            }
            switch RecordMapping.convert(raw, to: fields[index].schema, spec: fields[index].value) {
            case .success(let converted): values.append(converted)
            case .failure(let problem):
                throw MappingFailure(
                    message: "\(fields[index].path) from \(fields[index].value.label): \(problem.message)")
            }
        }
        let data = plan.build(values) ?? .object(JSONObject())
        if validatesPayload, let problem = RecordMapping.validate(data, as: eventType) {
            throw MappingFailure(message: problem)
        }
        let subjectText = try text(subject, record, "subject")
        let correlationText = try text(correlation, record, "correlation")
        var timestamp: ZonedDateTime?
        if let time, let raw = time.raw(record) {
            let format = time.format ?? .rfc3339
            let text = raw.stringValue ?? raw.numberValue?.text ?? raw.description
            switch format.timestamp(text) {
            case .success(let value): timestamp = value
            case .failure(let problem): throw MappingFailure(message: "time from \(time.label): \(problem.message)")
            }
        } else if let time {
            throw MappingFailure(message: "time: \(time.label) is missing or empty")
        }
        return MappedRecord(
            type: eventType, subject: subjectText, correlationID: correlationText, time: timestamp, data: data)
    }

    private func text(_ spec: MappingValue?, _ record: MappingRecord, _ name: String) throws(MappingFailure) -> String? {
        guard let spec else { return nil }
        guard let raw = spec.raw(record) else {
            throw MappingFailure(message: "\(name): \(spec.label) is missing or empty")
        }
        return raw.stringValue ?? raw.numberValue?.text ?? raw.description
    }

    /// Every problem of `data` as the payload of `type`, joined into one line; `nil` when valid.
    static func validate(_ data: JSONValue, as type: EventType) -> String? {
        guard let payload = type.payloadType else { return nil }
        let problems = problems(data, payload)
        guard !problems.isEmpty else { return nil }
        return "the mapped data is not a valid \(type): " + problems.prefix(5).map(\.description).joined(separator: "; ")
    }

    private static func problems<P: EventPayload>(_ data: JSONValue, _ type: P.Type) -> [ValidationProblem] {
        do {
            return try JSONValueDecoder().decode(P.self, from: data).ruleViolations()
        } catch {
            return error.problems
        }
    }
}

/// A record mapped to the parts of a canonical event; the source adds the id and its `source`.
public struct MappedRecord: Sendable, Hashable {
    /// The event type.
    public var type: EventType
    /// The business key.
    public var subject: String?
    /// The correlation id.
    public var correlationID: String?
    /// When it happened, if the mapping says.
    public var time: ZonedDateTime?
    /// The canonical payload.
    public var data: JSONValue
}

/// Why a record could not be mapped; the source quarantines the record with this reason and its location.
public struct MappingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, one line.
    public var message: String

    /// Creates a failure.
    public init(message: String) {
        self.message = message
    }

    init(missing rule: RecordMapping.FieldRule, record: MappingRecord) {
        var message = "\(rule.path) is required but \(rule.value.label) is missing or empty"
        if let columns = record.columnNames, let absent = rule.value.fields.first(where: { !record.knows($0) }) {
            message = "\(rule.path) is required but the header has no column '\(absent)' (columns: "
                + columns.prefix(20).joined(separator: ", ") + ")"
        }
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
