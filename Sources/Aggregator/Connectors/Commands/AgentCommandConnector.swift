import Shared
import WireProtocol

/// Sends a job's event to an agent as a command: a CloudEvents batch of one, published at QoS 1 to
/// `crossdock/v1/{tenant}/{site}/{agent}/commands`; done when the broker acknowledges it (PUBACK).
///
/// The agent carries out each command once per `source` + `id` (its processed-commands store), so a retry after a
/// lost PUBACK, or a replay, does not act twice. The event is sent exactly as stored.
public struct AgentCommandConnector: Connector {
    public let name: String
    /// Its settings.
    public let settings: AgentCommandConnectorSettings
    private let client: MQTTClient

    /// Creates a connector named `name` publishing through `client` (the aggregator's broker connection).
    public init(name: String, settings: AgentCommandConnectorSettings, client: MQTTClient) {
        self.name = name
        self.settings = settings
        self.client = client
    }

    public func perform(_ job: JobRequest) async -> ConnectorOutcome {
        let identity: AgentIdentity
        do {
            identity = try AgentIdentity(
                tenant: settings.tenant ?? job.event.identity.tenant, site: settings.site ?? job.event.identity.site,
                agent: settings.agent)
        } catch {
            return .deadLetter(reason: "no valid command topic for this event: \(error)", responseBody: nil)
        }
        let topic = identity.topic(.commands).name
        let payload = [UInt8(ascii: "[")] + job.event.raw + [UInt8(ascii: "]")]
        do {
            try await withTimeout(settings.timeout) { [client] in
                try await client.publish(topic: topic, payload: payload, qos: .atLeastOnce)
            }
            return .done(detail: "published to \(topic) (PUBACK)")
        } catch is TimeoutError {
            return .retry(reason: "no PUBACK for \(topic) within \(DurationText.format(settings.timeout)) (broker unreachable?)")
        } catch let error as MQTTError {
            return .retry(reason: "publishing to \(topic) failed: \(error)")
        } catch {
            return .retry(reason: "publishing to \(topic) failed: \(error)")
        }
    }
}
