import EdgeAgent
import Shared
import Testing
import WireProtocol

/// The `sources:` list and the declarative mapping as `check-config` reads them: every problem with its key path.
struct SourceSettingsTests {
    private let head = """
        identity: {tenant: acme, site: dc1, agent: wms-1}
        broker: {tls: {enabled: false}}

        """

    @Test func aValidListOfFileAndFolderSources() throws {
        let document = try ConfigurationDocument.parse(yaml: head + """
            sources:
              - name: shipments
                type: file
                paths: [/var/spool/wms/shipments*.csv]
                format: csv
                delimiter: ";"
                poll_interval: 250ms
                batch_size: 2000
                mapping:
                  type: com.crossdock.shipment.confirmed.v1
                  subject: shipment_no
                  correlation: order_no
                  time: {field: shipped_at, format: "yyyy-MM-dd HH:mm:ss", offset: "-05:00"}
                  fields:
                    shipmentNumber: shipment_no
                    shipDate: {field: ship_date, format: MM/dd/yyyy}
                    orderNumbers: {field: orders, split: "|"}
                    lines[0].lineNumber: {const: "1"}
                    lines[0].item.sku: sku
                    lines[0].shippedQuantity.value: qty
                    lines[0].shippedQuantity.unit: {const: EA}
              - name: edi-in
                type: folder
                inbox: /var/spool/edi/inbox
                format: edi
                stable_for: 5s
                edi: {acknowledgments: /var/spool/edi/outbound, acknowledge: [ACME]}
            """, path: "agent.yaml")
        let configuration = try document.decode(AgentConfiguration.init(reader:))
        #expect(configuration.sources.map(\.name) == ["shipments", "edi-in"])
        guard case .file(let file) = configuration.sources[0], case .folder(let folder) = configuration.sources[1] else {
            Issue.record("wrong source types")
            return
        }
        #expect(file.format == .csv(delimiter: UInt8(ascii: ";")))
        #expect(file.rotatedPaths == ["/var/spool/wms/shipments*.csv.[0-9]*"])
        #expect(file.pollInterval == .milliseconds(250))
        #expect(file.mapping.eventType == .shipmentConfirmed)
        #expect(file.mapping.fields.count == 7)
        #expect(folder.archive == "/var/spool/edi/archive")
        #expect(folder.edi.wantsAcknowledgment(sender: "ACME"))
        #expect(!folder.edi.wantsAcknowledgment(sender: "OTHER"))
        #expect(configuration.sources[1].sourceURI(tenant: "acme", site: "dc1", agent: "wms-1") == "/acme/dc1/wms-1/folder/edi-in")
    }

    @Test func everyProblemOfTheSourcesIsReportedWithItsKeyPath() throws {
        let document = try ConfigurationDocument.parse(yaml: head + """
            sources:
              - name: orders
                type: file
                paths: [relative/*.jsonl]
                mapping:
                  type: com.crossdock.order.create.v1
                  fields: {orderNumber: no}
              - name: orders
                type: tail
              - type: folder
                inbox: /in
              - name: ships
                type: file
                paths: [/data/*.jsonl]
                poll_intervall: 1s
                mapping:
                  type: com.crossdock.shipment.confirmed.v1
                  time: {field: at, format: "yyyy-MM-dd hh"}
                  fields:
                    shipmentNumber: no
                    shipDate: {field: d, format: yyyyMMdd}
                    lines[0].item.sku: sku
                    lines[0].shippedQty: qty
                    carrier.scac: {field: a, const: b}
            """, path: "agent.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(AgentConfiguration.init(reader:)) }
        let text = error.description
        let paths = Set(error.problems.map(\.keyPath))
        #expect(paths.isSuperset(of: [
            "sources[0].paths", "sources[0].mapping.type", "sources[1].name", "sources[1].type", "sources[2].name",
            "sources[3].poll_intervall", "sources[3].mapping.time.format", "sources[3].mapping.fields.lines[0].shippedQty",
            "sources[3].mapping.fields.carrier.scac", "sources[3].mapping.fields",
        ]))
        #expect(text.contains("unknown event type \"com.crossdock.order.create.v1\" (did you mean 'com.crossdock.order.created.v1'?)"))
        #expect(text.contains("\"orders\" is already the name of sources[0]; source names must be unique"))
        #expect(text.contains("expected one of 'file', 'folder', 'database', found \"tail\""))
        #expect(text.contains("unknown key (did you mean 'poll_interval'?)"))
        #expect(text.contains("unknown canonical field 'shippedQty' of lines[0]"))
        #expect(text.contains("give exactly one of field, const or template"))
        #expect(text.contains("missing required canonical field 'lines[0].lineNumber' for com.crossdock.shipment.confirmed.v1"))
        #expect(text.contains("missing required canonical field 'lines[0].shippedQuantity'"))
        #expect(text.contains("format \"yyyy-MM-dd hh\" has the unknown letter 'h'"))
        #expect(text.contains("\"relative/*.jsonl\" is not an absolute path"))
    }
}
