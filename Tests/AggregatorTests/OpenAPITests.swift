import Aggregator
import CrossdockTesting
import Foundation
import Testing
import WireProtocol

/// `docs/openapi.yaml` is a valid OpenAPI 3.1 document, and real responses of every JSON endpoint (successes and
/// errors) match the schema it declares for their status.
struct OpenAPITests {
    /// One observed response: the spec's path template, method, status and body.
    struct Observed: Encodable {
        var path: String
        var method: String
        var status: Int
        var body: String
    }

    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml").path

    /// Validates the spec with openapi-spec-validator, then each response with jsonschema (Draft 2020-12, the
    /// dialect of OpenAPI 3.1); prints one line per mismatch and exits 1 if there is any.
    static let validator = #"""
        import json, sys, yaml
        from openapi_spec_validator import validate
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        spec = yaml.safe_load(open(sys.argv[1]))
        validate(spec)
        def rebase(node):
            if isinstance(node, dict):
                return {k: ("urn:spec" + v if k == "$ref" and v.startswith("#") else rebase(v)) for k, v in node.items()}
            if isinstance(node, list):
                return [rebase(v) for v in node]
            return node
        spec = rebase(spec)
        registry = Registry().with_resource("urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012))
        def resolve(node):
            while "$ref" in node:
                node = registry.resolver().lookup(node["$ref"]).contents
            return node
        failures = 0
        cases = json.load(open(sys.argv[2]))
        for case in cases:
            where = f'{case["method"].upper()} {case["path"]} {case["status"]}'
            operation = spec["paths"].get(case["path"], {}).get(case["method"])
            response = operation and operation["responses"].get(str(case["status"]))
            if response is None:
                print(f"{where}: status not in the spec"); failures += 1; continue
            schema = resolve(response)["content"]["application/json"]["schema"]
            errors = list(Draft202012Validator(schema, registry=registry).iter_errors(json.loads(case["body"])))
            for error in errors:
                print(f"{where}: {error.json_path}: {error.message}")
            failures += len(errors)
        print(f"{len(cases)} responses checked, {failures} problem(s)")
        sys.exit(1 if failures else 0)
        """#

    @Test func theSpecIsValidAndRealResponsesMatchIt() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await AdminFixture.start(dir)
            typealias F = AdminFixture
            var observed: [Observed] = []
            func record(_ method: String, _ path: String, _ template: String, key: String?, body: [UInt8]? = nil) async throws {
                let response = try await api.raw(method, path, key: key, body: body, contentType: "application/json")
                observed.append(
                    Observed(path: template, method: method.lowercased(), status: response.status, body: String(decoding: response.body, as: UTF8.self)))
            }
            let viewer = F.acmeViewer.token
            let operatorKey = F.acmeOperator.token
            try await record("GET", "/healthz", "/healthz", key: nil)
            try await record("GET", "/v1/portal/orders", "/v1/portal/orders", key: viewer)
            try await record("GET", "/v1/portal/orders/SO-1", "/v1/portal/orders/{number}", key: viewer)
            try await record("GET", "/v1/portal/orders/G-SO-7", "/v1/portal/orders/{number}", key: viewer)
            try await record("GET", "/v1/portal/shipments/SH-1", "/v1/portal/shipments/{number}", key: viewer)
            try await record("GET", "/v1/admin/events?limit=2", "/v1/admin/events", key: viewer)
            try await record("GET", "/v1/admin/events?limit=0", "/v1/admin/events", key: viewer)
            try await record("GET", "/v1/admin/events", "/v1/admin/events", key: F.acmeCustomer.token)
            try await record("GET", "/v1/admin/events", "/v1/admin/events", key: nil)
            try await record("GET", "/v1/admin/events/1", "/v1/admin/events/{sequence}", key: viewer)
            try await record("GET", "/v1/admin/events/999", "/v1/admin/events/{sequence}", key: viewer)
            try await record("GET", "/v1/admin/trace/SO-2", "/v1/admin/trace/{key}", key: viewer)
            try await record("GET", "/v1/admin/trace/nothing", "/v1/admin/trace/{key}", key: viewer)
            try await record("GET", "/v1/admin/exceptions", "/v1/admin/exceptions", key: viewer)
            let id = try #require(F.numbers(try await api.get("/v1/admin/exceptions", key: viewer).json, "exceptions", "id").first)
            try await record("POST", "/v1/admin/exceptions/\(id)/acknowledge", "/v1/admin/exceptions/{id}/acknowledge", key: operatorKey)
            try await record("POST", "/v1/admin/exceptions/\(id)/resolve", "/v1/admin/exceptions/{id}/resolve", key: operatorKey)
            try await record(
                "POST", "/v1/admin/exceptions/\(id)/resolve", "/v1/admin/exceptions/{id}/resolve", key: operatorKey,
                body: Array(#"{"comment":"done"}"#.utf8))
            try await record("POST", "/v1/admin/exceptions/\(id)/resolve", "/v1/admin/exceptions/{id}/resolve", key: operatorKey,
                body: Array(#"{"comment":"again"}"#.utf8))
            try await record("GET", "/v1/admin/dead-letters", "/v1/admin/dead-letters", key: viewer)
            let job = try #require(F.numbers(try await api.get("/v1/admin/dead-letters", key: viewer).json, "deadLetters", "job").first)
            try await record("POST", "/v1/admin/dead-letters/\(job)/replay", "/v1/admin/dead-letters/{job}/replay", key: viewer)
            try await record("POST", "/v1/admin/dead-letters/\(job)/replay", "/v1/admin/dead-letters/{job}/replay", key: operatorKey)
            try await record("GET", "/v1/admin/agents", "/v1/admin/agents", key: viewer)
            try await record("GET", "/v1/admin/connectors", "/v1/admin/connectors", key: viewer)
            try await record("GET", "/v1/admin/flow", "/v1/admin/flow", key: F.partner.token)
            try await record("GET", "/v1/admin/tenants", "/v1/admin/tenants", key: F.partner.token)
            try await record("GET", "/v1/admin/tenants?tenant=globex", "/v1/admin/tenants", key: viewer)
            try await record("GET", "/v1/admin/audit", "/v1/admin/audit", key: F.acmeAdmin.token)
            #expect(Set(observed.map(\.status)) == [200, 400, 401, 403, 404, 409])
            let cases = dir + "/responses.json"
            try JSONEncoder().encode(observed).write(to: URL(fileURLWithPath: cases))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.validator, Self.specPath, cases]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains("\(observed.count) responses checked, 0 problem(s)"), "\(text)")
            await api.stop()
        }
    }
}
