import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A local HTTP server that stands in for an ERP, TMS or webhook: records every call and answers as told.
public final class StandInServer: Sendable {
    /// One call as it arrived.
    public struct Call: Sendable, Hashable {
        /// `POST` or `PUT`.
        public var method: String
        /// The request path.
        public var path: String
        /// The `Idempotency-Key` header, if the call had one.
        public var idempotencyKey: String?
        /// Every header, names in lower case.
        public var headers: [String: String]
        /// The body as text.
        public var body: String
    }

    /// What the server answers: status and body, decided per call (`index` counts from 0).
    public typealias Behaviour = @Sendable (_ index: Int, _ call: Call) -> (status: Int, body: String)

    private struct State {
        var calls: [Call] = []
        var answered: [(call: Call, status: Int)] = []
        var behaviour: Behaviour
        var delay: Duration = .zero
    }

    /// The state, shared with the request handler.
    private final class Box: Sendable {
        let mutex: Mutex<State>
        init(_ state: State) { mutex = Mutex(state) }
        func withLock<T>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    private let state: Box
    private let task: Mutex<Task<Void, any Error>?> = Mutex(nil)
    /// The port it listens on (127.0.0.1).
    public let port: Int

    /// Starts the server on 127.0.0.1 (a free port unless `port` is given).
    public init(port: Int = 0, behaviour: @escaping Behaviour = { _, _ in (200, "{\"ok\":true}") }) async throws {
        state = Box(State(behaviour: behaviour))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        let state = self.state
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let call = Call(
                method: request.method.rawValue, path: request.uri.path, idempotencyKey: headers["idempotency-key"],
                headers: headers, body: String(buffer: buffer))
            let (answer, delay) = state.withLock { state -> ((status: Int, body: String), Duration) in
                let answer = state.behaviour(state.calls.count, call)
                state.calls.append(call)
                state.answered.append((call, answer.status))
                return (answer, state.delay)
            }
            if delay > .zero { try? await Task.sleep(for: delay) }
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
        }
        router.post("**", use: handler)
        router.put("**", use: handler)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let running = Task {
            // A server that cannot bind ends here: finishing the stream ends the wait below instead of hanging.
            defer { continuation.finish() }
            try await app.run()
        }
        task.withLock { $0 = running }
        var bound = 0
        for await value in ports {
            bound = value
            break
        }
        guard bound > 0 else {
            let failure: String
            if case .failure(let error) = await running.result { failure = "\(error)" } else { failure = "it stopped" }
            throw StandInServerError(description: "the stand-in server did not start on port \(port): \(failure)")
        }
        self.port = bound
    }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Every call so far, in arrival order.
    public var calls: [Call] { state.withLock { $0.calls } }

    /// Calls answered with a 2xx status, in arrival order.
    public var accepted: [Call] { state.withLock { $0.answered.filter { (200...299).contains($0.status) }.map(\.call) } }

    /// Changes how later calls are answered.
    public func answer(_ behaviour: @escaping Behaviour) { state.withLock { $0.behaviour = behaviour } }

    /// Makes later answers wait `delay` (a slow destination).
    public func delayAnswers(by delay: Duration) { state.withLock { $0.delay = delay } }

    /// Stops the server.
    public func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = await running?.result
    }
}

/// The stand-in server could not start.
public struct StandInServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}
