import ArgumentParser
import EDI
import Foundation
import Shared
import WireProtocol

/// `crossdock-agent edi render --type 940 EVENT.json`: X12 for a canonical event, on stdout.
struct EDIRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write X12 for a canonical event: a 940 from order.released, a 204 from shipment.tendered.")

    /// The transaction sets that can be rendered.
    enum SetType: String, ExpressibleByArgument, CaseIterable {
        case x940 = "940"
        case x204 = "204"
    }

    @Option(help: "The transaction set: 940 (from order.released) or 204 (from shipment.tendered).")
    var type: SetType

    @Option(help: "ISA05:ISA06 of the sender, e.g. ZZ:CROSSDOCK.")
    var sender = "ZZ:CROSSDOCK"

    @Option(help: "ISA07:ISA08 of the receiver, e.g. ZZ:WAREHOUSE.")
    var receiver = "ZZ:RECEIVER"

    @Option(help: "The file that keeps outbound control numbers per partner.")
    var controlNumbers = EDIControlNumberFile.defaultPath

    @Argument(help: "A JSON file with one CloudEvent.")
    var event: String

    func run() throws {
        guard let bytes = FileManager.default.contents(atPath: event) else {
            throw CommandFailure("cannot read \(event); check the path and permissions")
        }
        let cloudEvent: CloudEvent
        do {
            cloudEvent = try CloudEvent(jsonBytes: Array(bytes))
        } catch {
            throw CommandFailure("\(event): \(error)")
        }
        let envelope = X12ShippingOrderWriter.Envelope(
            senderQualifier: try Self.part(sender, 0, "--sender"), senderID: try Self.part(sender, 1, "--sender"),
            receiverQualifier: try Self.part(receiver, 0, "--receiver"), receiverID: try Self.part(receiver, 1, "--receiver"))
        try EDIControlNumberFile.prepare(controlNumbers)
        let store = FileControlNumberStore(path: controlNumbers)
        let x12: [UInt8]
        switch type {
        case .x940:
            guard cloudEvent.type == .orderReleased else {
                throw CommandFailure("\(event): a 940 is rendered from \(EventType.orderReleased.rawValue), not \(cloudEvent.type.rawValue)")
            }
            x12 = try X12ShippingOrderWriter(envelope: envelope, controlNumbers: store).render(cloudEvent.payload(as: Order.self))
        case .x204:
            guard cloudEvent.type == .shipmentTendered else {
                throw CommandFailure("\(event): a 204 is rendered from \(EventType.shipmentTendered.rawValue), not \(cloudEvent.type.rawValue)")
            }
            x12 = try X12LoadTenderWriter(envelope: envelope, controlNumbers: store).render(cloudEvent.payload(as: Shipment.self))
        }
        FileHandle.standardOutput.write(Data(x12))
    }

    private static func part(_ text: String, _ index: Int, _ option: String) throws -> String {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("\(option) must be QUALIFIER:ID (e.g. ZZ:CROSSDOCK), got \"\(text)\"")
        }
        return parts[index]
    }
}
