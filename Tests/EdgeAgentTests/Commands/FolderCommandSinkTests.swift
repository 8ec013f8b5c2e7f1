import CrossdockTesting
import EDI
import Foundation
import Shared
import Testing
import WireProtocol

@testable import EdgeAgent

/// Commands written as files into a WMS inbound folder, once each, with their outcome events.
struct FolderCommandSinkTests {
    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test(arguments: [OrderFileFormat.csv, .json, .x12940])
    func aCommandDeliveredTwiceIsWrittenOnceAndAnsweredOnce(format: OrderFileFormat) async throws {
        try await withTemporaryDirectory { directory in
            let inbound = directory + "/inbound"
            try FileManager.default.createDirectory(atPath: inbound, withIntermediateDirectories: false)
            let events = CapturingEventSink()
            let x12 = FolderCommandSink.X12Settings(
                envelope: X12ShippingOrderWriter.Envelope(
                    senderQualifier: "ZZ", senderID: "CROSSDOCK", receiverQualifier: "ZZ", receiverID: "WMSDAL1"),
                controlNumbers: FileControlNumberStore(path: directory + "/control-numbers"))
            let sink = FolderCommandSink(name: "wms-inbound", folder: inbound, format: format, x12: x12)
            let processor = try CommandProcessor(
                identity: TestCommands.identity, sinks: [.orderReleased: sink],
                statePath: directory + "/commands.sqlite",
                eventSink: events)
            let message = TestCommands.batch(TestCommands.released())

            let outcomes = try await processor.handle(message: message)
            #expect(outcomes.map(\.status) == ["succeeded"])
            #expect(try await processor.handle(message: message).isEmpty)
            // A new processor on the same state file, as after a restart, also skips it.
            let restarted = try CommandProcessor(
                identity: TestCommands.identity, sinks: [.orderReleased: sink],
                statePath: directory + "/commands.sqlite",
                eventSink: events)
            #expect(try await restarted.handle(message: message).isEmpty)

            let files = try Self.files(in: inbound)
            #expect(files.count == 1)
            let name = try #require(files.first)
            #expect(
                name.hasPrefix("SO-10042_")
                    && name.hasSuffix(".\(format.rawValue.hasPrefix("x12") ? "edi" : format.rawValue)"))
            #expect(outcomes.first?.target == "\(inbound)/\(name)")
            let content = try String(contentsOfFile: "\(inbound)/\(name)", encoding: .utf8)
            switch format {
            case .csv:
                let lines = content.components(separatedBy: "\r\n")
                #expect(lines.count == 4)
                #expect(lines[0].hasPrefix("event_id,order_number,purchase_order_number,order_date,"))
                #expect(
                    lines[1] == "release-SO-10042-1,SO-10042,PO-77,2026-11-26,2026-11-30,,DAL1,UPSN,"
                        + "\"Northwind, \"\"Retail\"\"\",1 Dock Rd,Dallas,TX,75201,US,1,SKU-1,,Widget,12,EA")
                #expect(lines[2].hasSuffix(",2,SKU-2,00614141000012,,2.5,CA"))
            case .json:
                let order = try JSONValueDecoder().decode(Order.self, from: try JSONValue.parse(content))
                #expect(order == TestCommands.order)
            case .x12940:
                #expect(content.hasPrefix("ISA*00*"))
                #expect(content.contains("ST*940*0001~"))
                #expect(content.contains("W05*N*SO-10042*PO-77~"))
                #expect(content.contains("W01*12*EA*") && content.contains("SK*SKU-1~"))
                #expect(content.contains("W76*14.5~"))
            case .x12204:
                Issue.record("x12-204 is written from shipment.tendered, not from this order")
            }

            let outcomeEvents = await events.events
            #expect(outcomeEvents.count == 1)
            let event = try #require(outcomeEvents.first)
            #expect(event.type == .commandCompleted)
            #expect(event.source == "/acme/dc1/agent-a/commands")
            #expect(event.subject == "SO-10042")
            #expect(event.correlationID == "SO-10042")
            #expect(event.id == "command:/acme/aggregator/orchestration:release-SO-10042-1")
            let outcome = try JSONValueDecoder().decode(CommandOutcome.self, from: try #require(event.data))
            #expect(outcome.status == "succeeded")
            #expect(outcome.sink == "wms-inbound")
            #expect(outcome.commandType == "com.crossdock.order.released.v1")
            #expect(try await processor.processedCount() == 1)
        }
    }

    @Test func unknownCommandTypesAndBadOrdersAreQuarantinedAndRejectedOnce() async throws {
        try await withTemporaryDirectory { directory in
            let events = CapturingEventSink()
            let processor = try CommandProcessor(
                identity: TestCommands.identity,
                sinks: [.orderReleased: FolderCommandSink(name: "wms", folder: directory, format: .json)],
                statePath: directory + "/commands.sqlite", eventSink: events)
            var unknown = TestCommands.released(id: "cancel-1")
            unknown.type = "com.crossdock.order.cancelled.v1"
            var empty = TestCommands.order
            empty.lines = []
            let message = TestCommands.batch(unknown, TestCommands.released(id: "empty-1", order: empty))
            let outcomes = try await processor.handle(message: message).sorted { $0.commandId < $1.commandId }
            #expect(outcomes.map(\.status) == ["rejected", "rejected"])
            #expect(outcomes.map(\.commandId) == ["cancel-1", "empty-1"])
            #expect(
                outcomes[0].reason?.contains("no sink is configured for command type com.crossdock.order.cancelled.v1")
                    == true)
            #expect(outcomes[1].reason?.contains("lines must not be empty") == true)
            #expect(try await processor.handle(message: message).isEmpty)
            let quarantined = await events.quarantined
            #expect(
                Set(quarantined.map(\.location)) == [
                    "command /acme/aggregator/orchestration cancel-1", "command /acme/aggregator/orchestration empty-1",
                ])
            #expect(await events.events.count == 2)
            // Garbage on the topic is quarantined too, and the processor keeps going.
            #expect(try await processor.handle(message: Array("not json".utf8)).isEmpty)
            #expect(await events.quarantined.count == 3)
            #expect(try Self.files(in: directory).allSatisfy { $0.hasPrefix("commands.sqlite") })
        }
    }

    @Test func aFailedWriteIsAnsweredAsFailedAndDoneWhenSentAgain() async throws {
        try await withTemporaryDirectory { directory in
            let inbound = directory + "/not-yet"
            let events = CapturingEventSink()
            let processor = try CommandProcessor(
                identity: TestCommands.identity,
                sinks: [.orderReleased: FolderCommandSink(name: "wms", folder: inbound, format: .csv)],
                statePath: directory + "/commands.sqlite", eventSink: events)
            let message = TestCommands.batch(TestCommands.released())
            let failed = try await processor.handle(message: message)
            #expect(failed.map(\.status) == ["failed"])
            #expect(failed.first?.reason?.contains("check that \(inbound) exists") == true)

            try FileManager.default.createDirectory(atPath: inbound, withIntermediateDirectories: false)
            #expect(try await processor.handle(message: message).map(\.status) == ["succeeded"])
            #expect(try Self.files(in: inbound).count == 1)
            let ids = await events.events.map(\.id)
            #expect(ids.count == 2)
            #expect(Set(ids).count == 2)
            #expect(ids.last == "command:/acme/aggregator/orchestration:release-SO-10042-1")
        }
    }

    /// A `shipment.tendered` as the aggregator sends it (the documented example).
    static func tendered() throws -> CloudEvent {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "docs/examples/shipment-tendered.json")
        return try CloudEvent(jsonBytes: Array(try Data(contentsOf: example)))
    }

    @Test func aShipmentTenderedCommandIsWrittenOnceAsAnX12204ForTheTMS() async throws {
        try await withTemporaryDirectory { directory in
            let inbound = directory + "/tms-inbound"
            try FileManager.default.createDirectory(atPath: inbound, withIntermediateDirectories: false)
            let configuration = try ConfigurationDocument.parse(
                yaml: """
                    identity: {tenant: acme, site: dc1, agent: agent-a}
                    broker: {tls: {enabled: false}}
                    outbox: {path: \(directory)/outbox.sqlite}
                    commands:
                      state: \(directory)/commands.sqlite
                      sinks:
                        - name: tms-tenders
                          command: com.crossdock.shipment.tendered.v1
                          type: folder
                          path: \(inbound)
                          format: x12-204
                          x12: {sender_id: CROSSDOCK, receiver_id: TMSCARRIER, control_numbers: \(directory)/x12}
                    """, path: "agent.yaml"
            ).decode(AgentConfiguration.init(reader:))
            let events = CapturingEventSink()
            let processor = try configuration.commands.makeProcessor(
                identity: TestCommands.identity, eventSink: events)
            let message = TestCommands.batch(try Self.tendered())
            let outcomes = try await processor.handle(message: message)
            #expect(outcomes.map(\.status) == ["succeeded"])
            #expect(try await processor.handle(message: message).isEmpty)

            let files = try Self.files(in: inbound)
            #expect(files.count == 1)
            let name = try #require(files.first)
            #expect(name.hasPrefix("SH-20261130-0042_") && name.hasSuffix(".edi"))
            let x12 = try String(contentsOfFile: "\(inbound)/\(name)", encoding: .utf8)
            #expect(x12.hasPrefix("ISA*00*"))
            #expect(x12.contains("*ZZ*CROSSDOCK      *ZZ*TMSCARRIER     *"))
            #expect(x12.contains("GS*SM*CROSSDOCK*TMSCARRIER*"))
            #expect(x12.contains("ST*204*0001~"))
            #expect(x12.contains("B2**ODFL**SH-20261130-0042**PP~"))
            #expect(x12.contains("S5*1*LD~") && x12.contains("S5*2*UL~"))
            // The EDI library reads it back as the same shipment.
            let document = EDIDocument.parse(Array(x12.utf8), file: name)
            #expect(document.rejections.isEmpty)
            let translated = EDITranslator(file: name).translate(document)
            #expect(translated.problems.isEmpty)
            #expect(translated.events.first?.subject == "SH-20261130-0042")
            let outcome = try #require(await events.events.first)
            #expect(outcome.type == .commandCompleted)
            #expect(outcome.subject == "SH-20261130-0042")
        }
    }

    @Test func checkConfigRejectsAFormatForTheWrongCommandType() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationDocument.parse(
                yaml: """
                    identity: {tenant: acme, site: dc1, agent: agent-a}
                    broker: {tls: {enabled: false}}
                    outbox: {path: /var/lib/crossdock/agent/outbox.sqlite}
                    commands:
                      sinks:
                        - {name: a, command: com.crossdock.order.released.v1, type: folder, path: /in, format: x12-204,
                           x12: {sender_id: S, receiver_id: R, control_numbers: /x}}
                        - {name: b, command: com.crossdock.shipment.tendered.v1, type: folder, path: /in2, format: csv}
                    """, path: "agent.yaml"
            ).decode(AgentConfiguration.init(reader:))
        }
        let problems = error.problems.filter { $0.keyPath.hasSuffix(".format") }
        #expect(problems.map(\.keyPath) == ["commands.sinks[0].format", "commands.sinks[1].format"])
        #expect(error.description.contains("x12-204 is written from com.crossdock.shipment.tendered.v1 commands"))
        #expect(error.description.contains("use x12-204 or json"))
    }

    @Test func fileNamesAreDeterministicAndSafe() {
        let sink = FolderCommandSink(name: "wms", folder: "/srv/in/", format: .json)
        #expect(sink.folder == "/srv/in")
        #expect(FolderCommandSink.fingerprint("a") == "af63dc4c8601ec8c")
        #expect(FolderCommandSink.fingerprint("/x y") == FolderCommandSink.fingerprint("/x y"))
        #expect(FolderCommandSink.fingerprint("/x y") != FolderCommandSink.fingerprint("/x z"))
    }
}
