#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import ServiceLifecycle
import Synchronization

/// Serves `GET /metrics` (Prometheus text) and `GET /healthz` over plain HTTP/1.1, without a web framework.
///
/// One thread of its own accepts connections one at a time (the agent's scrape traffic is a request every few
/// seconds): it reads one request of at most 8 KiB within 2 s, answers it, and closes the connection. The
/// listening socket is polled so a graceful shutdown stops it within a quarter of a second.
public final class MetricsServer: Service, Sendable {
    /// The answer to `/healthz`: status 200 when healthy, 503 otherwise, with a short text body.
    public struct Health: Sendable {
        /// Whether the agent is healthy.
        public var healthy: Bool
        /// One line per check.
        public var text: String

        /// Creates a health answer.
        public init(healthy: Bool, text: String) {
            self.healthy = healthy
            self.text = text
        }
    }

    private let listener: Int32
    /// The port the server listens on (useful when configured with port 0).
    public let port: Int
    private let render: @Sendable () -> [UInt8]
    private let health: @Sendable () -> Health
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// Binds `host:port` now, so a port in use is reported at start-up.
    /// - Throws: ``MetricsServerError`` saying which address could not be bound and why.
    public init(
        host: String, port: Int, logger: Logger = Logger(label: "crossdock.agent.metrics"),
        render: @escaping @Sendable () -> [UInt8], health: @escaping @Sendable () -> Health
    ) throws {
        guard let address = IPv4Address.parse(host) else {
            throw MetricsServerError(message: "metrics.listen: \(host) is not an IPv4 address")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw MetricsServerError(message: "cannot create a socket: \(Self.errorText())") }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = UInt16(port).bigEndian
        socketAddress.sin_addr.s_addr = address
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let text = Self.errorText()
            close(descriptor)
            throw MetricsServerError(
                message: "cannot listen on \(host):\(port) for /metrics: \(text); choose another metrics.listen "
                    + "port or stop what uses it")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.listener = descriptor
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.render = render
        self.health = health
        self.logger = logger
    }

    deinit {
        close(listener)
    }

    public func run() async throws {
        logger.info("serving /metrics and /healthz", metadata: ["port": "\(port)"])
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    ServerThread.start { [self] in
                        serve()
                        continuation.resume()
                    }
                }
            } onCancel: {
                stopping.store(true, ordering: .relaxed)
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }

    /// The accept loop, on its own thread.
    private func serve() {
        while !stopping.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 250) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2_048)
        while request.count < 8_192, !HTTPRequestLine.isComplete(request) {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            request.append(contentsOf: buffer[0..<count])
        }
        let response: HTTPResponse
        switch HTTPRequestLine.parse(request) {
        case .some(("GET", "/metrics")), .some(("HEAD", "/metrics")):
            response = HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: render())
        case .some(("GET", "/healthz")), .some(("HEAD", "/healthz")):
            let health = health()
            response = HTTPResponse(
                status: health.healthy ? 200 : 503, contentType: "text/plain; charset=utf-8",
                body: Array((health.text + "\n").utf8))
        case .some(("GET", _)), .some(("HEAD", _)):
            response = HTTPResponse(status: 404, contentType: "text/plain", body: Array("try /metrics or /healthz\n".utf8))
        case .some:
            response = HTTPResponse(status: 405, contentType: "text/plain", body: Array("only GET\n".utf8))
        case .none:
            response = HTTPResponse(status: 400, contentType: "text/plain", body: Array("bad request\n".utf8))
        }
        let head = HTTPRequestLine.parse(request)?.method == "HEAD"
        let bytes = response.encoded(includeBody: !head)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// The metrics endpoint could not start.
public struct MetricsServerError: Error, CustomStringConvertible {
    /// What happened and what to do.
    public let message: String
    public var description: String { message }
}
