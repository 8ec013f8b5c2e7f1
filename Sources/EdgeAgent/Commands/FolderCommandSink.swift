import EDI
import WireProtocol

/// Writes each `order.released` command as a file into the WMS's inbound folder, atomically (temporary file,
/// `fsync`, rename), as X12 940 (through EDI's ``X12ShippingOrderWriter``, with control numbers kept per receiver
/// in a ``ControlNumberStore``), CSV (``OrderCSVRenderer``) or JSON (the command's `data` as it came).
///
/// The file name is derived from the order number and the command's `source` + `id`
/// (`SO-10042_5f0c9a3e1d2b4c6a.csv`): the same command always gives the same name, and a file already there is not
/// written again, so a redelivered command never produces a second file.
public struct FolderCommandSink: CommandSink {
    /// How 940s are enveloped and numbered.
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
    /// The 940 envelope and control numbers; required for ``OrderFileFormat/x12940``.
    public let x12: X12Settings?

    /// Creates a sink writing into `folder`.
    public init(name: String, folder: String, format: OrderFileFormat, x12: X12Settings? = nil) {
        self.name = name
        self.folder = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        self.format = format
        self.x12 = x12
    }

    public func deliver(_ command: CloudEvent) async throws(CommandSinkError) -> String {
        let order = try order(of: command)
        let path = "\(folder)/\(fileName(for: order, command: command))"
        if AtomicFileWriter.exists(path) { return path }
        let bytes: [UInt8]
        switch format {
        case .json:
            bytes = (command.data ?? .null).encoded(pretty: true) + [0x0A]
        case .csv:
            bytes = OrderCSVRenderer.render(order, eventID: command.id)
        case .x12940:
            guard let x12 else {
                throw CommandSinkError(
                    code: .writeFailed, sink: name, message: "format x12-940 needs the sink's x12 envelope settings")
            }
            do {
                let writer = X12ShippingOrderWriter(
                    envelope: x12.envelope, controlNumbers: x12.controlNumbers, timestamp: .now())
                bytes = try writer.render(order)
            } catch {
                throw CommandSinkError(
                    code: .writeFailed, sink: name, message: "the order could not be written as X12 940: \(error)")
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

    /// `<order number>_<16 hex digits of the command's source + id>.<extension>`, with characters that are unsafe in
    /// file names replaced by `_`.
    func fileName(for order: Order, command: CloudEvent) -> String {
        let safe = String(
            order.orderNumber.prefix(80).enumerated().map { offset, character -> Character in
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
