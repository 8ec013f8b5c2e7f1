/// What an agent did with a command the aggregator sent it on `…/commands` (an `order.released` written for the
/// WMS, for example): the `data` of ``EventType/commandCompleted``.
///
/// `subject` is the command's subject (the order number) and `correlationid` the command's, so the outcome joins
/// the order's chain. The agent publishes one outcome per command (its `id` is derived from the command's `source`
/// and `id`): a redelivered command is not acted on twice and produces the same outcome event again, which the
/// aggregator's deduplication drops.
public struct CommandOutcome: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.commandCompleted]

    /// `succeeded`: done (a file written, a row inserted). `failed`: the sink could not do it; the reason says why
    /// and the command can be sent again. `rejected`: the agent will never do it (a type it has no sink for, a
    /// payload that does not validate); the command is quarantined on the agent.
    public static let statuses = ["succeeded", "failed", "rejected"]

    /// The command event's `id`.
    public var commandId: String
    /// The command event's `source`.
    public var commandSource: String
    /// The command event's `type`.
    public var commandType: String
    /// `succeeded`, `failed` or `rejected` (see ``statuses``).
    public var status: String
    /// The name of the agent's sink that handled it (`wms-inbound-940`).
    public var sink: String?
    /// What was written: a file path or `table` name.
    public var target: String?
    /// Why it failed or was rejected, one line.
    public var reason: String?

    /// Creates the value from its members.
    public init(
        commandId: String,
        commandSource: String,
        commandType: String,
        status: String,
        sink: String? = nil,
        target: String? = nil,
        reason: String? = nil
    ) {
        self.commandId = commandId
        self.commandSource = commandSource
        self.commandType = commandType
        self.status = status
        self.sink = sink
        self.target = target
        self.reason = reason
    }

    /// The status is one of ``statuses``.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        checker.oneOf(status, Self.statuses, "status")
        return checker.problems
    }
}
