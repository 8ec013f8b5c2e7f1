import Shared
import WireProtocol

/// Valid events and batches for tests and benchmarks: tracking milestones (`com.crossdock.shipment.milestone.v1`)
/// of about 700 bytes, with deterministic ids (`file:bench-<agent>:<sequence>`), one per sequence number.
public enum TestEvents {
    /// The agent identity of an agent certificate (`acme/dc1/agent-a` for ``TestPKI/agentA``).
    public static func identity(of pkiIdentity: PKIIdentity) -> AgentIdentity {
        guard case .agent(let tenant, let site, let agent) = pkiIdentity,
            let identity = try? AgentIdentity(tenant: tenant, site: site, agent: agent)
        else { preconditionFailure("\(pkiIdentity) is not a valid agent identity") }
        return identity
    }

    /// The `source` of the events of `identity`.
    public static func source(of identity: AgentIdentity) -> String {
        "/\(identity.tenant)/\(identity.site)/\(identity.agent)/files/milestones"
    }

    /// A valid milestone event of `identity` with `sequence`; its id is derived from the sequence unless given.
    public static func milestone(_ identity: AgentIdentity, sequence: UInt64, id: String? = nil) -> CloudEvent {
        let shipment = "SH-\(sequence)"
        return CloudEvent(
            id: id ?? EventIDBuilder.fileRecord(fileIdentity: "bench-\(identity.agent)", offset: sequence),
            source: source(of: identity), type: .shipmentMilestone, subject: shipment,
            time: ZonedDateTime("2026-12-01T07:12:00-05:00")!, identity: identity, sequence: sequence,
            correlationID: "SO-\(sequence % 1000)", data: milestoneData(shipment: shipment))
    }

    /// A batch of milestone events with the given sequence numbers, encoded as agents publish it.
    public static func batch(_ identity: AgentIdentity, sequences: some Sequence<UInt64>) -> [UInt8] {
        CloudEventBatch(sequences.map { milestone(identity, sequence: $0) }).encoded()
    }

    private static func milestoneData(shipment: String) -> JSONValue {
        var data = milestoneTemplate.objectValue ?? JSONObject()
        data["shipmentNumber"] = .string(shipment)
        return .object(data)
    }

    private static let milestoneTemplate: JSONValue = {
        let text = """
            {"shipmentNumber":"SH-0","billOfLading":"BOL-DAL1-0042","proNumber":"07714432111",
             "purchaseOrderNumbers":["PO-77812"],"carrier":{"scac":"ODFL"},"statusCode":"X6",
             "statusDescription":"En route to delivery location","eventTime":"2026-12-01T07:12:00-05:00",
             "location":{"name":"ODFL Memphis service center","city":"Memphis","region":"TN","postalCode":"38118",
             "country":"US"},"equipmentNumber":"TRL-55021"}
            """
        guard let value = try? JSONValue.parse(text) else { preconditionFailure("the milestone template is not JSON") }
        return value
    }()
}
