import Shared
import WireProtocol

/// Which origin may publish which event type, and which origin each MQTT agent speaks for.
///
/// The defaults follow DESIGN.md: the ERP masters customers, items, pricing and invoice status (`order.released`,
/// `invoice.issued` only from `erp`); the WMS is the authority for inventory and warehouse events
/// (`inventory.*`, `receipt.confirmed`, `transfer.shipped`, `shipment.confirmed`); the TMS for shipment planning and
/// freight milestones (`shipment.tendered` from `tms`, `shipment.milestone` and `freight.invoiced` from `tms` or a
/// `carrier`); the portal reads and masters nothing. Types without a rule (`edi.acknowledged`,
/// `command.completed`, partner types) are not mastered: any origin may publish them.
///
/// ```yaml
/// systems:
///   default_agent_origin: wms          # agents not matched below
///   agents:                            # first match wins; * matches one whole identifier
///     - {match: "acme/*/tms-*", origin: tms}
///     - {match: "acme/dal1/edi", origin: edi}
///   rules:                             # replace the origins allowed for a type
///     com.crossdock.order.created.v1: [erp, ecommerce]
/// ```
public struct SystemOfRecordRules: Sendable {
    /// One `systems.agents` entry: agents whose identity matches ``pattern`` speak for ``origin``.
    public struct AgentMapping: Sendable, Hashable {
        /// `tenant/site/agent`, each part an identifier, `*`, or an identifier with `*` at its end (`tms-*`).
        public var pattern: String
        /// The origin those agents speak for.
        public var origin: SystemOfRecordOrigin

        /// Creates a mapping.
        public init(pattern: String, origin: SystemOfRecordOrigin) {
            self.pattern = pattern
            self.origin = origin
        }

        /// Whether `identity` matches the pattern.
        public func matches(_ identity: AgentIdentity) -> Bool {
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return false }
            return zip(parts, [identity.tenant, identity.site, identity.agent]).allSatisfy { part, value in
                if part == "*" { return true }
                if part.hasSuffix("*") { return value.hasPrefix(part.dropLast()) }
                return part == value
            }
        }
    }

    /// The rule of one type: the origins that may publish it and what they master.
    public struct Rule: Sendable, Hashable {
        /// The origins allowed.
        public var origins: Set<SystemOfRecordOrigin>
        /// What the type carries, in words, for messages ("invoice status").
        public var subject: String

        /// Creates a rule.
        public init(origins: Set<SystemOfRecordOrigin>, subject: String) {
            self.origins = origins
            self.subject = subject
        }
    }

    /// The rules by type; types without a rule are not mastered.
    public var rules: [EventType: Rule]
    /// The agent mappings, first match wins.
    public var agents: [AgentMapping]
    /// The origin of agents no mapping matches.
    public var defaultAgentOrigin: SystemOfRecordOrigin

    /// The defaults from DESIGN.md.
    public static let defaultRules: [EventType: Rule] = [
        .orderCreated: Rule(origins: [.erp, .ecommerce, .edi], subject: "sales orders"),
        .orderReleased: Rule(origins: [.erp], subject: "order release to the warehouse"),
        .orderAcknowledged: Rule(origins: [.erp, .wms, .edi], subject: "order acknowledgements"),
        .shipmentConfirmed: Rule(origins: [.wms], subject: "warehouse shipments"),
        .shipmentAdvised: Rule(origins: [.wms, .edi], subject: "advance ship notices"),
        .shipmentTendered: Rule(origins: [.tms], subject: "shipment planning and carrier selection"),
        .shipmentMilestone: Rule(origins: [.tms, .carrier], subject: "freight milestones"),
        .inventorySnapshot: Rule(origins: [.wms], subject: "inventory"),
        .inventoryAdjusted: Rule(origins: [.wms], subject: "inventory movements"),
        .receiptConfirmed: Rule(origins: [.wms], subject: "goods receipts"),
        .transferShipped: Rule(origins: [.wms], subject: "stock transfers"),
        .invoiceIssued: Rule(origins: [.erp], subject: "invoice status"),
        .freightInvoiced: Rule(origins: [.tms, .carrier], subject: "freight invoices"),
    ]

    /// Creates rules; the defaults are DESIGN.md's.
    public init(
        rules: [EventType: Rule] = SystemOfRecordRules.defaultRules, agents: [AgentMapping] = [],
        defaultAgentOrigin: SystemOfRecordOrigin = .wms
    ) {
        self.rules = rules
        self.agents = agents
        self.defaultAgentOrigin = defaultAgentOrigin
    }

    /// Reads the `systems` section, recording every problem with its key path.
    public init(reader: ConfigReader) {
        self.init()
        defaultAgentOrigin = reader.choice("default_agent_origin", default: .wms)
        for entry in reader.list("agents") {
            guard let pattern = entry.requiredString("match", hint: "give tenant/site/agent, e.g. acme/*/tms-*"),
                let originText = entry.requiredString("origin", hint: Self.originHint)
            else { continue }
            if let problem = Self.patternProblem(pattern) { entry.problem("match", problem) }
            guard let origin = SystemOfRecordOrigin(rawValue: originText) else {
                entry.problem("origin", "unknown origin \"\(originText)\"; \(Self.originHint)")
                continue
            }
            agents.append(AgentMapping(pattern: pattern, origin: origin))
        }
        let overrides = reader.section("rules")
        for type in overrides.keys {
            let eventType = EventType(rawValue: type)
            if let problem = eventType.problem {
                overrides.problem(type, "not an event type: \(problem)")
                continue
            }
            var origins = Set<SystemOfRecordOrigin>()
            for name in overrides.stringList(type) {
                guard let origin = SystemOfRecordOrigin(rawValue: name) else {
                    overrides.problem(type, "unknown origin \"\(name)\"; \(Self.originHint)")
                    continue
                }
                origins.insert(origin)
            }
            rules[eventType] = Rule(origins: origins, subject: rules[eventType]?.subject ?? "\(type) events")
        }
    }

    /// The origin an MQTT agent speaks for.
    public func origin(of identity: AgentIdentity) -> SystemOfRecordOrigin {
        agents.first { $0.matches(identity) }?.origin ?? defaultAgentOrigin
    }

    /// Whether `origin` may publish `type`.
    public func allows(type: EventType, origin: SystemOfRecordOrigin) -> Bool {
        rules[type]?.origins.contains(origin) ?? true
    }

    /// Why `origin` may not publish `type`, naming the rule; `nil` when it may.
    public func violation(type: EventType, origin: SystemOfRecordOrigin, publisher: String) -> String? {
        guard let rule = rules[type], !rule.origins.contains(origin) else { return nil }
        let allowed = rule.origins.sorted().map(\.rawValue).joined(separator: ", ")
        return """
            system-of-record rule: \(type) (\(rule.subject)) may be published only by \
            \(allowed.isEmpty ? "no origin" : allowed); \(publisher) speaks for \(origin). Publish it from the system \
            that masters it, or, if this publisher is that system, map it under systems.agents (agents) or \
            api_keys[].origin (HTTP)
            """
    }

    static let originHint =
        "expected one of " + SystemOfRecordOrigin.allCases.map(\.rawValue).joined(separator: ", ")

    /// Why `pattern` is not `tenant/site/agent` with identifiers or `*`, or `nil`.
    static func patternProblem(_ pattern: String) -> String? {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return "expected tenant/site/agent with * wildcards, found \"\(pattern)\"" }
        for (part, role) in zip(parts, ["tenant", "site", "agent"]) where part != "*" {
            let name = part.hasSuffix("*") ? String(part.dropLast()) : String(part)
            if let problem = AgentIdentity.identifierProblem(name, role: role) {
                return "\(problem) (in \"\(pattern)\")"
            }
        }
        return nil
    }
}
