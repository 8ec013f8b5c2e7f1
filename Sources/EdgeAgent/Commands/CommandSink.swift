import WireProtocol

/// Where the agent carries out one type of command for the WMS: a file in its inbound folder or a row in its
/// database.
///
/// ``deliver(_:)`` must be idempotent: delivering the same command (`source` + `id`) again leaves one file or one
/// row, never two. ``CommandProcessor`` also records each command it carried out, so a redelivered command normally
/// never reaches the sink again; sink-level idempotency covers a crash between the write and that record.
public protocol CommandSink: Sendable {
    /// The sink's configured name, for logs and outcome events.
    var name: String { get }

    /// Carries out `command` and returns what was written (a file path, `table` plus key).
    ///
    /// - Throws: ``CommandSinkError``: ``CommandSinkError/Code/invalidPayload`` when the command can never be carried
    ///   out, ``CommandSinkError/Code/writeFailed`` when it may succeed later.
    func deliver(_ command: CloudEvent) async throws(CommandSinkError) -> String
}

extension CommandSink {
    /// The command's `data` as an ``Order``, or ``CommandSinkError/Code/invalidPayload`` naming every problem.
    func order(of command: CloudEvent) throws(CommandSinkError) -> Order {
        do {
            return try command.payload(as: Order.self)
        } catch {
            throw CommandSinkError(
                code: .invalidPayload, sink: name,
                message: "\(command.type) \(command.id) does not carry a valid order: \(error)")
        }
    }
}
