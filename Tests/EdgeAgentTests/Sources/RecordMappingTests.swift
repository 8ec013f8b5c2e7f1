import EdgeAgent
import Foundation
import Shared
import Testing
import WireProtocol

/// Mapping records to canonical payloads: conversions, formats, templates, and failures that name the field.
struct RecordMappingTests {
    private let shipmentMapping = """
        mapping:
          type: com.crossdock.shipment.confirmed.v1
          subject: shipment_no
          correlation: {template: "SO-{order}"}
          time: {field: shipped_at, format: "dd.MM.yyyy HH:mm", offset: "+01:00"}
          fields:
            shipmentNumber: shipment_no
            shipDate: {field: ship_date, format: MM/dd/yyyy}
            orderNumbers: {field: orders, split: "|"}
            packageCount: packages
            totalWeight.value: {field: weight, default: "0"}
            totalWeight.unit: {const: KG}
            lines[0].lineNumber: {const: "1"}
            lines[0].item.sku: sku
            lines[0].shippedQuantity.value: qty
            lines[0].shippedQuantity.unit: {const: EA}
        """

    private func row(_ values: [String: String]) -> MappingRecord {
        let names = ["shipment_no", "order", "shipped_at", "ship_date", "orders", "packages", "weight", "sku", "qty"]
        return .csv(header: CSVHeader(names: names), fields: names.map { values[$0] ?? "" })
    }

    private let good = [
        "shipment_no": "SH-1", "order": "42", "shipped_at": "27.11.2026 09:15", "ship_date": "11/27/2026",
        "orders": "SO-42| SO-43", "packages": "3", "sku": "WIDGET", "qty": "12.50",
    ]

    @Test func aCSVRowBecomesATypedCanonicalPayload() throws {
        let mapping = try SourceTestSupport.mapping(shipmentMapping)
        let mapped = try mapping.map(row(good))
        #expect(mapped.type == .shipmentConfirmed)
        #expect(mapped.subject == "SH-1")
        #expect(mapped.correlationID == "SO-42")
        #expect(mapped.time?.text == "2026-11-27T09:15:00+01:00")
        let event = CloudEvent(
            id: "x", source: "/s", type: mapped.type, time: mapped.time!, identity: try AgentIdentity(tenant: "a", site: "b", agent: "c"),
            sequence: 1, data: mapped.data)
        let shipment = try event.payload(as: Shipment.self)
        #expect(shipment.shipDate == LocalDate(year: 2026, month: 11, day: 27))
        #expect(shipment.orderNumbers == ["SO-42", "SO-43"])
        #expect(shipment.packageCount == 3)
        #expect(shipment.totalWeight == Weight(value: 0, unit: .kilograms))
        #expect(shipment.lines.first?.shippedQuantity == Quantity(value: DecimalNumber("12.50")!, unit: .each))
        #expect(shipment.parties.isEmpty && shipment.packages.isEmpty)
    }

    @Test(arguments: [
        ("qty", "twelve", "lines[0].shippedQuantity.value from field 'qty': \"twelve\" is not a decimal number"),
        ("ship_date", "2026-11-27", "shipDate from field 'ship_date': \"2026-11-27\" is not a date in the format MM/dd/yyyy"),
        ("packages", "3.5", "packageCount from field 'packages': \"3.5\" is not a whole number"),
        ("shipment_no", "", "shipmentNumber is required but field 'shipment_no' is missing or empty"),
        ("shipped_at", "27.11.2026", "time from field 'shipped_at': \"27.11.2026\" is not a timestamp in the format dd.MM.yyyy HH:mm"),
    ])
    func aFailureNamesTheCanonicalFieldTheSourceFieldAndTheValue(field: String, value: String, message: String) throws {
        let mapping = try SourceTestSupport.mapping(shipmentMapping)
        var values = good
        values[field] = value
        let failure = try #require(throws: MappingFailure.self) { try mapping.map(row(values)) }
        #expect(failure.message == message)
    }

    @Test func aMissingColumnIsNamedWithTheHeader() throws {
        let mapping = try SourceTestSupport.mapping()
        let record = MappingRecord.csv(header: CSVHeader(names: ["n", "at"]), fields: ["1", "2026-11-27T09:15:00Z"])
        let failure = try #require(throws: MappingFailure.self) { try mapping.map(record) }
        #expect(failure.message == "statusCode is required but the header has no column 'status' (columns: n, at)")
    }

    @Test func jsonRecordsKeepTheirTypesAndNestedFieldsAreReachable() throws {
        let mapping = try SourceTestSupport.mapping("""
            mapping:
              type: com.crossdock.shipment.milestone.v1
              subject: shipment.number
              time: {field: ts, format: unix_ms}
              fields:
                shipmentNumber: shipment.number
                statusCode: status
                eventTime: {field: ts, format: unix_ms}
                stopNumber: stop
                location: where
            """)
        let object = try #require(
            try JSONValue.parse(#"{"shipment":{"number":"S9"},"status":"D1","ts":1790000000000,"stop":2,"where":{"city":"Dallas","region":"TX"}}"#)
                .objectValue)
        let mapped = try mapping.map(.json(object))
        #expect(mapped.subject == "S9")
        #expect(mapped.data["stopNumber"] == .number(2))
        #expect(mapped.data["location"]?["city"] == "Dallas")
        #expect(mapped.data["eventTime"]?.stringValue == "2026-09-21T14:13:20.000Z")
    }

    @Test(arguments: [
        ("rfc3339", "Z", "2026-11-27T09:15:00.5-05:00", "2026-11-27T09:15:00.5-05:00"),
        ("yyyy-MM-dd HH:mm:ss", "-05:00", "2026-11-27 09:15:07", "2026-11-27T09:15:07-05:00"),
        ("yyyyMMddHHmmss", "Z", "20261127091507", "2026-11-27T09:15:07Z"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "Z", "2026-11-27T09:15:07.123+02:00", "2026-11-27T09:15:07.123+02:00"),
        ("unix", "Z", "1790000000", "2026-09-21T14:13:20.000Z"),
    ])
    func timestampFormats(format: String, offset: String, text: String, expected: String) throws {
        let parsed = try TimestampFormat(format, offset: offset).timestamp(text).get()
        #expect(parsed.text == expected)
    }

    @Test(arguments: [
        ("unix", "1e15"), ("unix", "-99999999999"), ("unix_ms", "1e300"), ("unix_ms", "253402300800000"),
    ])
    func unixTimestampsOutsideTheYears1To9999AreRefusedNotFatal(format: String, text: String) throws {
        let result = try TimestampFormat(format).timestamp(text)
        guard case .failure(let problem) = result else {
            Issue.record("\(text) in \(format) was accepted: \(result)")
            return
        }
        #expect(problem.message.contains(text))
        #expect(problem.message.contains("outside the years 1–9999"))
    }

    @Test func unixTimestampsAtTheEdgesOfTheYears1To9999AreRead() throws {
        #expect(try TimestampFormat("unix").timestamp("253402300799").get().text == "9999-12-31T23:59:59.000Z")
        #expect(try TimestampFormat("unix").timestamp("-62135596800").get().text == "0001-01-01T00:00:00.000Z")
        #expect(try TimestampFormat("unix_ms").timestamp("1790000000123").get().fractionDigits == "123")
    }

    @Test func twoLinesFromOneRowAndPayloadRulesWhenValidateIsOn() throws {
        let yaml = """
            mapping:
              type: com.crossdock.order.created.v1
              subject: order
              validate: true
              fields:
                orderNumber: order
                lines[1].lineNumber: {const: "2"}
                lines[1].item.sku: sku2
                lines[1].quantity.value: qty2
                lines[1].quantity.unit: {const: EA}
                lines[0].lineNumber: {const: "1"}
                lines[0].item.sku: sku1
                lines[0].quantity.value: qty1
                lines[0].quantity.unit: {const: EA}
            """
        let mapping = try SourceTestSupport.mapping(yaml)
        let header = CSVHeader(names: ["order", "sku1", "qty1", "sku2", "qty2"])
        let mapped = try mapping.map(.csv(header: header, fields: ["SO-1", "A", "1", "B", "2"]))
        #expect(mapped.data["lines"]?.arrayValue?.map { $0["item"]?["sku"] } == ["A", "B"])
        #expect(mapped.data["parties"] == .array([]))
        let failure = try #require(throws: MappingFailure.self) {
            try mapping.map(.csv(header: header, fields: ["SO-1", "A", "-1", "B", "2"]))
        }
        #expect(failure.message.contains("lines[0].quantity.value: quantity -1 must not be negative"))
    }
}
