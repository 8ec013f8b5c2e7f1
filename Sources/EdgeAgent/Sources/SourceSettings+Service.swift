import Logging
import ServiceLifecycle
import WireProtocol

extension SourceSettings {
    /// The running source for these settings, committing into `sink` (the outbox).
    ///
    /// - Parameters:
    ///   - identity: the agent's identity; it prefixes the events' `source` attribute.
    ///   - sink: where events, quarantined records and the cursor are committed.
    ///   - logger: the agent's logger; the source adds its name to every line.
    public func makeService(identity: AgentIdentity, sink: any EventSink, logger: Logger) -> any Service {
        let uri = sourceURI(tenant: identity.tenant, site: identity.site, agent: identity.agent)
        var logger = logger
        logger[metadataKey: "source"] = "\(name)"
        switch self {
        case .file(let settings): return FileSource(settings: settings, sourceURI: uri, sink: sink, logger: logger)
        case .folder(let settings): return FolderSource(settings: settings, sourceURI: uri, sink: sink, logger: logger)
        case .database(let settings): return DatabaseSource(settings: settings, sourceURI: uri, sink: sink, logger: logger)
        }
    }
}
