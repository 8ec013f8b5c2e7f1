/// How one attempt at a job ended, as the connector classifies it.
public enum ConnectorOutcome: Sendable, Hashable {
    /// The destination accepted it (HTTP 2xx, a JSON-RPC result, a PUBACK). `detail` is kept for `trace`.
    case done(detail: String)
    /// A transient failure (HTTP 5xx, 429, a timeout, a refused connection): try again after a backoff.
    case retry(reason: String)
    /// A permanent failure (HTTP 4xx, a business error from the ERP): park the job as a dead letter, keeping
    /// `responseBody` so an operator sees why; `replay` runs it again once the cause is fixed.
    case deadLetter(reason: String, responseBody: String?)
}
