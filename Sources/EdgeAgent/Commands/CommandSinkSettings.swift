import EDI
import Foundation
import Shared
import WireProtocol

/// One item of `commands.sinks`: which command type it carries out, and how.
///
/// ```yaml
/// - name: wms-inbound
///   command: com.crossdock.order.released.v1
///   type: folder
///   path: /srv/wms/inbound
///   format: x12-940               # x12-940, csv or json (x12-204 or json for shipment.tendered)
///   x12:                          # for x12-940
///     sender_id: CROSSDOCK        # ISA06 / GS02 (qualifier: sender_qualifier, default ZZ)
///     receiver_id: WMSDAL1        # ISA08 / GS03 (qualifier: receiver_qualifier, default ZZ)
///     control_numbers: /var/lib/crossdock/agent/x12-control-numbers
///     test: false                 # ISA15 T or P
/// - name: tms-tenders
///   command: com.crossdock.shipment.tendered.v1
///   type: folder
///   path: /srv/tms/inbound
///   format: x12-204               # a 204 load tender per command; x12 as above
///   x12: {sender_id: CROSSDOCK, receiver_id: TMSCARRIER, control_numbers: /var/lib/crossdock/agent/x12-204}
/// - name: wms-table
///   command: com.crossdock.order.released.v1
///   type: database
///   driver: sqlite                # or postgresql with host, port, database, user, password: {env: …}
///   path: /srv/wms/wms.db
///   table: inbound_orders
///   id_column: event_id           # receives the command id; checked before inserting
///   columns:                      # column: order field path (orderNumber, lines.0.item.sku) or $id, $source,
///     order_no: orderNumber       #   $type, $subject, $time, $correlationid, $data (the order as JSON)
///     payload: $data
/// ```
public struct CommandSinkSettings: Sendable {
    /// How the command is carried out.
    public enum Kind: Sendable {
        /// A file in a folder.
        case folder(path: String, format: OrderFileFormat, x12: X12Settings?)
        /// A row in a table.
        case database(DatabaseTarget, table: String, idColumn: String, columns: [(column: String, value: String)])
    }

    /// The envelope of an `x12-940` or `x12-204` folder sink.
    public struct X12Settings: Sendable {
        /// Sender, receiver, versions.
        public var envelope: X12ShippingOrderWriter.Envelope
        /// The control number file.
        public var controlNumbersPath: String
    }

    /// The command types with a sink in this build.
    public static let supportedCommands: [EventType] = [.orderReleased, .shipmentTendered]

    /// The sink's name.
    public var name: String
    /// The command type it carries out.
    public var command: EventType
    /// How.
    public var kind: Kind

    /// Reads one `commands.sinks` item, recording every problem with its key path; `nil` when unusable.
    public init?(reader: ConfigReader, environment: [String: String]) {
        let name = reader.requiredString("name", hint: "name the sink, e.g. wms-inbound") ?? "unnamed"
        let commandText = reader.string("command", default: EventType.orderReleased.rawValue)
        let command = EventType(rawValue: commandText)
        if !Self.supportedCommands.contains(command) {
            reader.problem(
                "command",
                "\"\(commandText)\" has no sink in this build; supported: "
                    + Self.supportedCommands.map(\.rawValue).joined(separator: ", "))
        }
        guard let type = reader.requiredString("type", hint: "folder or database") else { return nil }
        switch type {
        case "folder":
            guard let path = reader.requiredString("path", hint: "give the WMS inbound folder") else { return nil }
            if !path.hasPrefix("/") { reader.problem("path", "\"\(path)\" is not an absolute path") }
            let format = reader.choice("format", default: OrderFileFormat.json)
            if let needed = format.commandType, needed != command, Self.supportedCommands.contains(command) {
                reader.problem(
                    "format",
                    "\(format.rawValue) is written from \(needed.rawValue) commands, not \(command.rawValue); use "
                        + OrderFileFormat.allCases.filter { $0.commandType == nil || $0.commandType == command }
                        .map(\.rawValue).joined(separator: " or "))
            }
            var x12: X12Settings?
            if format == .x12940 || format == .x12204 || reader.contains("x12") {
                let section = reader.section("x12")
                let sender = section.requiredString("sender_id", hint: "give ISA06, the sender id") ?? ""
                let receiver = section.requiredString("receiver_id", hint: "give ISA08, the WMS's receiver id") ?? ""
                let numbers =
                    section.requiredString(
                        "control_numbers", hint: "give the file that keeps the X12 control numbers") ?? ""
                x12 = X12Settings(
                    envelope: X12ShippingOrderWriter.Envelope(
                        senderQualifier: section.string("sender_qualifier", default: "ZZ"), senderID: sender,
                        receiverQualifier: section.string("receiver_qualifier", default: "ZZ"), receiverID: receiver,
                        isTest: section.bool("test", default: false)),
                    controlNumbersPath: numbers)
            }
            kind = .folder(path: path, format: format, x12: x12)
        case "database":
            let target = DatabaseTarget(reader: reader, environment: environment)
            let table = reader.requiredString("table", hint: "give the table the orders are inserted into")
            let idColumn = reader.requiredString("id_column", hint: "name the column that receives the command id")
            let section = reader.section("columns")
            var columns: [(column: String, value: String)] = []
            for column in section.keys {
                guard let value = section.string(column), !value.isEmpty else { continue }
                if value.hasPrefix("$") && !DatabaseCommandSink.attributes.contains(value) {
                    section.problem(
                        column,
                        "\"\(value)\" is not one of \(DatabaseCommandSink.attributes.sorted().joined(separator: ", "))")
                }
                columns.append((column, value))
            }
            guard let target, let table, let idColumn else { return nil }
            kind = .database(target, table: table, idColumn: idColumn, columns: columns)
        default:
            reader.problem("type", "expected 'folder' or 'database', found \"\(type)\"")
            return nil
        }
        self.name = name
        self.command = command
    }

    /// The sink these settings describe.
    public func makeSink() -> any CommandSink {
        switch kind {
        case .folder(let path, let format, let x12):
            return FolderCommandSink(
                name: name, folder: path, format: format,
                x12: x12.map {
                    FolderCommandSink.X12Settings(
                        envelope: $0.envelope, controlNumbers: FileControlNumberStore(path: $0.controlNumbersPath))
                })
        case .database(let target, let table, let idColumn, let columns):
            return DatabaseCommandSink(
                name: name, table: table, idColumn: idColumn, columns: columns,
                worker: DatabaseWorker(
                    connection: target.makeConnection(readOnly: false), label: "crossdock.commands.\(name)"))
        }
    }
}
