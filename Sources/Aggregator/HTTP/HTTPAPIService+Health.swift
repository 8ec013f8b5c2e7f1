import Hummingbird

extension HTTPAPIService {
    /// `GET /healthz` (the process answers) and `GET /readyz` (the store answers, the broker is connected).
    func addHealthRoutes(to router: Router<APIRequestContext>) {
        router.get("healthz") { _, _ in
            try Self.json(["status": "ok"])
        }
        let dependencies = self.dependencies
        router.get("readyz") { _, context in
            var checks: [String: String] = [:]
            var ready = true
            do {
                let position = try await dependencies.store.orderToCashPosition()
                checks["store"] = "ok"
                checks["orderToCashLag"] = "\(max(0, position.latest - position.checkpoint))"
            } catch {
                context.logger.warning("readiness: the store does not answer: \(error)")
                checks["store"] = "unavailable"
                ready = false
            }
            if let brokerState = dependencies.brokerState {
                let state = brokerState()
                checks["broker"] = state.description
                if state != .connected { ready = false }
            }
            checks["status"] = ready ? "ready" : "not-ready"
            return try Self.json(checks, status: ready ? .ok : .serviceUnavailable)
        }
    }
}
