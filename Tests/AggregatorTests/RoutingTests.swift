import Aggregator
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// Routes in the configuration, their validation, and the jobs ``RoutePlanner`` plans from them.
struct RoutingTests {
    static let yaml = """
        broker: {tls: {enabled: false}}
        connectors:
          erp:
            kind: http
            url: https://erp.example.com/api
            headers: {X-Tenant: "{{tenant}}"}
          wms: {kind: agent_command, agent: wms}
        routes:
          - name: shipment-to-erp
            match: {type: com.crossdock.shipment.confirmed.v1, tenant: [acme, globex]}
            destination: erp
            action: shipment.confirm
            request:
              method: PUT
              path: /shipments/{{subject}}/confirm
              body: '{"shipment": "{{subject}}", "lines": "{{data.lines}}", "note": "from {{site}}/{{agent}}"}'
          - name: release-to-wms
            match: {type: com.crossdock.order.released.v1, site: dal1}
            destination: wms
            action: order.release
            business_key: "{{correlationid}}"
          - name: all-milestones
            match: {type: com.crossdock.shipment.milestone.v1, partner: ACME-TMS}
            destination: erp
        """

    static func configuration(_ yaml: String = yaml) throws -> AggregatorConfiguration {
        try ConfigurationDocument.parse(yaml: yaml, path: "aggregator.yaml").decode(AggregatorConfiguration.init(reader:))
    }

    static func event(type: EventType, subject: String?, site: String = "dal1", data: JSONValue) -> CloudEvent {
        CloudEvent(
            id: "file:wms-945:\(subject ?? "none")", source: "/acme/\(site)/wms/files/945", type: type, subject: subject,
            time: ZonedDateTime("2026-12-01T07:12:00-05:00")!, identity: try! AgentIdentity(tenant: "acme", site: site, agent: "wms"),
            sequence: 7, correlationID: "SO-1001", data: data)
    }

    @Test func aRouteMatchesByTypeAndFiltersAndBuildsItsRequest() throws {
        let configuration = try Self.configuration()
        #expect(configuration.orchestration.routes.count == 3)
        let planner = RoutePlanner(routes: configuration.orchestration.routes)
        let shipment = Self.event(
            type: .shipmentConfirmed, subject: "SH 1/2", data: ["lines": [["sku": "A-1", "quantity": 2]]])
        let jobs = planner.jobs(for: shipment)
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)
        #expect(job.destination == "erp")
        #expect(job.action == "shipment.confirm")
        #expect(job.businessKey == "SH 1/2")
        #expect(job.idempotencyKey == JobIdempotencyKey.make(source: shipment.source, id: shipment.id, route: "shipment-to-erp"))
        #expect(job.idempotencyKey.count == 68)
        let request = try RoutedRequest(payload: job.payload)
        #expect(request.method == "PUT")
        #expect(request.path == "/shipments/SH%201%2F2/confirm")
        #expect(request.body["shipment"] == "SH 1/2")
        #expect(request.body["lines"] == [["sku": "A-1", "quantity": 2]])
        #expect(request.body["note"] == "from dal1/wms")
        #expect(request.mappingError == nil)

        // Planning again gives the same job (a redelivery is the same job, written once).
        #expect(planner.jobs(for: shipment) == jobs)
    }

    @Test func filtersThatDoNotMatchPlanNothingAndTheDefaultBodyIsTheEvent() throws {
        let planner = RoutePlanner(routes: try Self.configuration().orchestration.routes)
        #expect(planner.jobs(for: Self.event(type: .orderReleased, subject: "SO-1", site: "chi2", data: [:])).isEmpty)
        #expect(planner.jobs(for: Self.event(type: .shipmentMilestone, subject: "SH-1", data: [:])).isEmpty)
        var milestone = Self.event(type: .shipmentMilestone, subject: "SH-1", data: [:])
        milestone.extensions["partner"] = "ACME-TMS"
        #expect(planner.jobs(for: milestone).count == 1)

        let release = Self.event(type: .orderReleased, subject: "SO-1", data: ["orderNumber": "SO-1"])
        let job = try #require(planner.jobs(for: release).first)
        #expect(job.businessKey == "SO-1001")
        let request = try RoutedRequest(payload: job.payload)
        #expect(request.body == release.jsonValue)
    }

    @Test func aValueTheEventLacksBecomesAMappingErrorNotAHalfFilledRequest() throws {
        let planner = RoutePlanner(routes: try Self.configuration().orchestration.routes)
        let job = try #require(planner.jobs(for: Self.event(type: .shipmentConfirmed, subject: "SH-1", data: [:])).first)
        let request = try RoutedRequest(payload: job.payload)
        #expect(request.mappingError == "route shipment-to-erp: the event has no value at {{data.lines}}")
    }

    @Test func checkConfigNamesEveryRouteProblemWithItsKeyPath() throws {
        let yaml = """
            broker: {tls: {enabled: false}}
            connectors:
              erp: {kind: http, url: "ftp://erp"}
              tms: {kind: carrier-pigeon}
              hook: {kind: http, url: "https://hook.example.com", auth: {type: bearer, token: plain-text}}
            routes:
              - name: one
                match: {type: com.crossdock.shipment.confirmed.v1}
                destination: epr
                request: {path: "/x/{{subjct}}", body: '{"a": "{{data.lines}"}'}
              - name: one
                match: {type: Not A Type}
                destination: erp
                request: {path: "no-slash", body: "not json"}
              - destination: erp
            jobs: {retry: {initial_backoff: 10s, max_backoff: 1s}}
            """
        let error = try #require(throws: ConfigurationError.self) { try Self.configuration(yaml) }
        let text = error.description
        for expected in [
            "connectors.erp.url", "expected an http:// or https:// URL",
            "connectors.tms.kind", "unknown connector kind \"carrier-pigeon\"",
            "connectors.hook.auth.token", "secrets are not written into the file",
            "routes[0].destination", "unknown connector \"epr\" (did you mean 'erp'?)",
            "routes[0].request.path", "unknown event attribute \"subjct\"", "(did you mean 'subject'?)",
            "routes[0].request.body", "without a closing",
            "routes[1].name", "already named \"one\"",
            "routes[1].match.type", "not a reverse-DNS type",
            "routes[1].request.path", "must start with /",
            "routes[1].request.body", "the body is not JSON",
            "routes[2].name", "missing",
            "jobs.retry.max_backoff", "shorter than initial_backoff",
        ] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
    }

    @Test func templatesFillValuesAndRefuseMalformedPaths() throws {
        let event: JSONValue = ["subject": "SH-1", "sequence": 12, "data": ["lines": [["sku": "A"], ["sku": "B"]]]]
        #expect(try RouteTemplate("{{subject}}-{{data.lines[1].sku}}/{{sequence}}").render(event) == "SH-1-B/12")
        #expect(try RouteTemplate("{{ data.lines[0] }}").render(event) == "{\"sku\":\"A\"}")
        #expect(throws: RouteTemplateError.self) { try RouteTemplate("{{data..x}}") }
        #expect(throws: RouteTemplateError.self) { try RouteTemplate("{{}}") }
        #expect(throws: RouteTemplateError.self) { try RouteTemplate("{{data.lines[x]}}") }
        #expect(throws: RouteTemplateError.self) { try RouteTemplate("{{subject}").render(event) }
        #expect(throws: RouteTemplateError.self) { try RouteTemplate("{{data.missing}}").render(event) }
    }

    @Test func backoffDoublesUpToItsCapWithFullJitter() {
        let backoff = RetryBackoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.cap(afterAttempt: 1) == .milliseconds(100))
        #expect(backoff.cap(afterAttempt: 3) == .milliseconds(400))
        #expect(backoff.cap(afterAttempt: 30) == .seconds(1))
        for attempt in 1...10 {
            let delay = backoff.delay(afterAttempt: attempt)
            #expect(delay >= .zero && delay <= backoff.cap(afterAttempt: attempt))
        }
    }

    @Test func circuitBreakerStates() {
        var breaker = CircuitBreaker(failureThreshold: 2, coolDown: .seconds(10))
        let start = ContinuousClock.now
        #expect(breaker.allowance(at: start) == nil)
        breaker.record(success: false, at: start)
        #expect(breaker.state.name == "closed")
        breaker.record(success: false, at: start)
        #expect(breaker.state.name == "open")
        #expect(breaker.allowance(at: start + .seconds(9)) == 0)
        #expect(breaker.allowance(at: start + .seconds(10)) == 1)
        #expect(breaker.state.name == "half-open")
        breaker.claimed()
        #expect(breaker.allowance(at: start + .seconds(10)) == 0)
        breaker.record(success: false, at: start + .seconds(11))
        #expect(breaker.state.name == "open")
        #expect(breaker.allowance(at: start + .seconds(20)) == 0)
        #expect(breaker.allowance(at: start + .seconds(21)) == 1)
        breaker.claimed()
        breaker.record(success: true, at: start + .seconds(22))
        #expect(breaker.state.name == "closed")
    }
}
