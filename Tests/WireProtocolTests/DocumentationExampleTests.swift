import Testing
import WireProtocol

/// The usage snippets of docs/wire-protocol.md, run as written.
struct DocumentationExampleTests {
    @Test func produceAndConsumeAsDocumented() throws {
        let order = try CloudEvent(jsonBytes: TestSupport.exampleBytes("order-released.json")).payload(as: Order.self)

        // Producing (agent side).
        let identity = try AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-1")
        let event = try CloudEvent(
            id: EventIDBuilder.tableRow(table: "sales_order", primaryKey: "SO-1001", version: "2"),
            source: "/acme/dal1/agent-1/db/erp",
            type: .orderReleased,
            subject: "SO-1001",
            time: .now(),
            identity: identity,
            sequence: 2,
            correlationID: "SO-1001",
            payload: order)
        let payload = CloudEventBatch([event]).encoded()
        let topicName = identity.topic(.events).name

        // Consuming (aggregator side).
        let topic = try Topic(parsing: topicName)
        let result = try CloudEventBatch.decodeEach(
            payload, options: CloudEventDecodingOptions(expectedIdentity: topic.identity))
        #expect(result.rejected.isEmpty)
        let received = try #require(result.events.first)
        #expect(received.idempotencyKey == "/acme/dal1/agent-1/db/erp row:sales_order:SO-1001:2")
        let ack = AckMessage(stored: [received.sequence...received.sequence])
        #expect(try AckMessage(jsonBytes: ack.encoded()).stored.contains(2))
        #expect(topic.identity.topic(.acks).name == "crossdock/v1/acme/dal1/agent-1/acks")
        if received.type == .orderReleased {
            #expect(try received.payload(as: Order.self) == order)
        }

        // An agent publishing another agent's identity is caught.
        let intruder = try Topic(parsing: "crossdock/v1/acme/dal1/agent-2/events")
        let foreign = try CloudEventBatch.decodeEach(
            payload, options: CloudEventDecodingOptions(expectedIdentity: intruder.identity))
        #expect(foreign.events.isEmpty)
        #expect(foreign.problems.map(\.path.description) == ["$[0].agent"])
    }
}
