import Aggregator
import Foundation
import Shared
import Testing
import WireProtocol

/// The `erp` section (`kind: tryton`) and what the connector does without a reachable Tryton.
struct TrytonSettingsTests {
    @Test func theSectionIsReadWithTheSecretFromTheEnvironment() throws {
        let document = try ConfigurationDocument.parse(
            yaml: """
                erp:
                  kind: tryton
                  url: http://127.0.0.1:8000
                  database: crossdock
                  user: integration
                  password: {env: TRYTON_PASSWORD}
                  tenant: acme
                  warehouses: {WH: dal1, WH2: hou1}
                  units: {box: BX}
                  poll_interval: 15s
                  invoice_lookback: 2d
                """, path: "aggregator.yaml")
        let settings = try #require(
            try document.decode { TrytonSettings.read($0.section("erp"), environment: ["TRYTON_PASSWORD": "s3cret"]) })
        #expect(settings.name == "erp")
        #expect(settings.url == "http://127.0.0.1:8000")
        #expect(settings.user == "integration")
        #expect(settings.password.reveal() == "s3cret")
        #expect(settings.warehouses == ["WH": "dal1", "WH2": "hou1"])
        #expect(settings.units["box"] == "BX")
        #expect(settings.units["u"] == "EA")
        #expect(settings.pollInterval == .seconds(15))
        #expect(settings.invoiceLookback == .seconds(2 * 86_400))
        #expect(!settings.summary.contains("s3cret"))
        #expect(settings.summary.contains("environment variable TRYTON_PASSWORD"))
    }

    @Test func everyProblemIsReportedWithItsKeyPath() throws {
        let document = try ConfigurationDocument.parse(
            yaml: """
                erp:
                  kind: tryton
                  url: ftp://erp
                  password: hunter2
                  tenant: Acme Corp
                  warehouses: {WH: "bad site"}
                  poll_interval: soon
                """, path: "aggregator.yaml")
        let error = try #require(throws: ConfigurationError.self) {
            try document.decode { TrytonSettings.read($0.section("erp"), environment: [:]) }
        }
        for keyPath in [
            "erp.url", "erp.database", "erp.password", "erp.tenant", "erp.warehouses.WH", "erp.poll_interval",
        ] {
            #expect(error.description.contains(keyPath), "\(keyPath) missing in \(error)")
        }
        #expect(!error.description.contains("hunter2"))
    }

    @Test func anAbsentSectionIsNoERPAndAnotherKindIsRefused() throws {
        let empty = try ConfigurationDocument.parse(yaml: "log: {level: info}", path: "a.yaml")
        #expect(try empty.decode { reader -> TrytonSettings? in
            _ = reader.section("log").string("level")
            return TrytonSettings.read(reader.section("erp"), environment: [:])
        } == nil)
        let other = try ConfigurationDocument.parse(yaml: "erp: {kind: odoo}", path: "a.yaml")
        let error = try #require(throws: ConfigurationError.self) {
            try other.decode { TrytonSettings.read($0.section("erp"), environment: [:]) }
        }
        #expect(error.description.contains("erp.kind"))
    }

    @Test func anUnreachableServerIsRetriedNotDeadLettered() async throws {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused.
        let client = TrytonClient(
            url: "http://127.0.0.1:9", database: "crossdock", user: "admin", password: Secret("x", origin: "test"),
            timeout: .seconds(5))
        do {
            _ = try await client.searchRead("sale.sale", domain: [], fields: ["number"])
            Issue.record("a call to a closed port succeeded")
        } catch {
            #expect(error.isTransient)
            guard case .retry(let reason) = TrytonConnector.outcome(of: error) else {
                Issue.record("expected retry for \(error)")
                return
            }
            #expect(reason.contains("erp.url"))
        }
    }

    @Test func trytonValuesKeepDecimalsExact() {
        #expect(TrytonValue.number(.object(["__class__": "Decimal", "decimal": "12.5000"])) == DecimalNumber("12.5"))
        #expect(TrytonValue.number(.number(DecimalNumber("10.0")!)) == DecimalNumber("10"))
        #expect(TrytonValue.float(DecimalNumber(3)).encodedString() == "3.0")
        #expect(TrytonValue.decimal(DecimalNumber("80.00")!).encodedString() == #"{"__class__":"Decimal","decimal":"80.00"}"#)
        #expect(TrytonValue.localDate(TrytonValue.date(LocalDate(year: 2026, month: 3, day: 2)!))
            == LocalDate(year: 2026, month: 3, day: 2))
        let stamp = TrytonTimestamp(secondsSince1970: 86_400 + 3_661)
        #expect(stamp == TrytonTimestamp(year: 1970, month: 1, day: 2, hour: 1, minute: 1, second: 1, microsecond: 0))
        #expect(TrytonValue.timestamp(TrytonValue.dateTime(stamp)) == stamp)
    }
}
