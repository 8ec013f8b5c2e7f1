import EDI
import WireProtocol

/// Writes each command as a file into an inbound folder, atomically (temporary file, `fsync`, rename): an
/// `order.released` for the WMS as X12 940 (through EDI's ``X12ShippingOrderWriter``), CSV (``OrderCSVRenderer``)
/// or JSON; a `shipment.tendered` for a TMS that reads EDI as X12 204 (through EDI's ``X12LoadTenderWriter``) or
/// JSON. X12 control numbers are kept per receiver in a ``ControlNumberStore``; JSON is the command's `data` as it
/// came.
///
/// The file name is derived from the business key (order or shipment number) and the command's `source` + `id`
/// (`SO-10042_5f0c9a3e1d2b4c6a.csv`): the same command always gives the same name, and a file already there is not
/// written again, so a redelivered command never produces a second file.
public struct FolderCommandSink: CommandSink {
    /// How 940s and 204s are enveloped and numbered.
    public struct X12Settings: Sendable {
        /// Sender and receiver ids, versions and delimiters.
        public var envelope: X12ShippingOrderWriter.Envelope
        /// Where the interchange, group and set control numbers are kept.
        public var controlNumbers: any ControlNumberStore

        /// Creates settings.
        public init(envelope: X12ShippingOrderWriter.Envelope, controlNumbers: any ControlNumberStore) {
            self.envelope = envelope
            self.controlNumbers = controlNumbers
        }
    }

    public let name: String
    /// The WMS inbound folder.
    public let folder: String
    /// The file format.
    public let format: OrderFileFormat
    /// The X12 envelope and control numbers; required for ``OrderFileFormat/x12940`` and ``OrderFileFormat/x12204``.
    public let x12: X12Settings?

    /// Creates a sink writing into `folder`.
    public init(name: String, folder: String, format: OrderFileFormat, x12: X12Settings? = nil) {
        self.name = name
        self.folder = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        self.format = format
        self.x12 = x12
    }

    public func deliver(_ command: CloudEvent) async throws(CommandSinkError) -> String {
        let bytes: [UInt8]
        let path: String
        switch format {
        case .json:
            let key = try businessKey(of: command)
            path = "\(folder)/\(fileName(key: key, command: command))"
            if AtomicFileWriter.exists(path) { return path }
            bytes = (command.data ?? .null).encoded(pretty: true) + [0x0A]
        case .csv:
            let order = try order(of: command)
            path = "\(folder)/\(fileName(key: order.orderNumber, command: command))"
            if AtomicFileWriter.exists(path) { return path }
            bytes = OrderCSVRenderer.render(order, eventID: command.id)
        case .x12940:
            let order = try order(of: command)
            path = "\(folder)/\(fileName(key: order.orderNumber, command: command))"
            if AtomicFileWriter.exists(path) { return path }
            let x12 = try x12Settings()
            do {
                let writer = X12ShippingOrderWriter(
                    envelope: x12.envelope, controlNumbers: x12.controlNumbers, timestamp: .now())
                bytes = try writer.render(order)
            } catch {
                throw CommandSinkError(
                    code: .writeFailed, sink: name, message: "the order could not be written as X12 940: \(error)")
            }
        case .x12204:
            let shipment = try shipment(of: command)
            path = "\(folder)/\(fileName(key: shipment.shipmentNumber, command: command))"
            if AtomicFileWriter.exists(path) { return path }
            let x12 = try x12Settings()
            do {
                let writer = X12LoadTenderWriter(
                    envelope: x12.envelope, controlNumbers: x12.controlNumbers, timestamp: .now())
                bytes = try writer.render(shipment)
            } catch {
                throw CommandSinkError(
                    code: .writeFailed, sink: name, message: "the shipment could not be written as X12 204: \(error)")
            }
        }
        do {
            try AtomicFileWriter.write(bytes, to: path)
        } catch {
            throw CommandSinkError(
                code: .writeFailed, sink: name,
                message: "\(error); check that \(folder) exists, is writable by the agent's user and has free space")
        }
        return path
    }

    /// The X12 settings, or an error saying the sink needs them.
    private func x12Settings() throws(CommandSinkError) -> X12Settings {
        guard let x12 else {
            throw CommandSinkError(
                code: .writeFailed, sink: name, message: "format \(format.rawValue) needs the sink's x12 envelope settings")
        }
        return x12
    }

    /// The key in the file name: the order or shipment number, else the command's subject, else its id.
    private func businessKey(of command: CloudEvent) throws(CommandSinkError) -> String {
        switch command.type {
        case .orderReleased: try order(of: command).orderNumber
        case .shipmentTendered: try shipment(of: command).shipmentNumber
        default: command.subject ?? command.id
        }
    }

    /// The command's `data` as a ``Shipment``, or ``CommandSinkError/Code/invalidPayload`` naming every problem.
    func shipment(of command: CloudEvent) throws(CommandSinkError) -> Shipment {
        do {
            return try command.payload(as: Shipment.self)
        } catch {
            throw CommandSinkError(
                code: .invalidPayload, sink: name,
                message: "\(command.type) \(command.id) does not carry a valid shipment: \(error)")
        }
    }

    /// `<business key>_<16 hex digits of the command's source + id>.<extension>`, with characters that are unsafe in
    /// file names replaced by `_`.
    func fileName(key: String, command: CloudEvent) -> String {
        let safe = String(
            key.prefix(80).enumerated().map { offset, character -> Character in
                let allowed =
                    character.isASCII && (character.isLetter || character.isNumber || "-_".contains(character))
                return allowed || (character == "." && offset > 0) ? character : "_"
            })
        return "\(safe)_\(Self.fingerprint(command.idempotencyKey)).\(format.fileExtension)"
    }

    /// FNV-1a 64 of `text`, as 16 lower-case hex digits.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
