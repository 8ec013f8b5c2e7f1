import EdgeAgent
import Foundation
import Logging
import Shared
import WireProtocol

/// Builders shared by the source tests.
enum SourceTestSupport {
    /// A milestone mapping for JSON-lines records `{"n": "1", "status": "X1", "at": "…"}` and CSV rows with the
    /// columns n, status, at.
    static let milestoneMapping = """
        mapping:
          type: com.crossdock.shipment.milestone.v1
          subject: n
          time: at
          fields:
            shipmentNumber: n
            statusCode: status
            eventTime: at
        """

    /// Decodes a `RecordMapping` from YAML holding a `mapping:` section.
    static func mapping(_ yaml: String = milestoneMapping) throws -> RecordMapping {
        try ConfigurationDocument.parse(yaml: yaml, path: "test.yaml").decode { RecordMapping(reader: $0.section("mapping")) }
    }

    /// A JSON line for record `n`.
    static func jsonLine(_ n: Int, status: String = "X1") -> String {
        "{\"n\":\"\(n)\",\"status\":\"\(status)\",\"at\":\"2026-11-27T09:15:00-05:00\"}\n"
    }

    /// A CSV row for record `n`.
    static func csvRow(_ n: Int) -> String {
        "\(n),X1,2026-11-27T09:15:00Z\n"
    }

    static let logger = Logger(label: "test.sources")

    /// A file source over `paths` writing to `sink`.
    static func fileSource(
        _ paths: [String], format: RecordFormat = .jsonLines, sink: any EventSink, batchSize: Int = 1000,
        chunk: Int = 1 << 16, name: String = "test"
    ) throws -> FileSource {
        FileSource(
            settings: FileSourceSettings(
                name: name, paths: paths, format: format, pollInterval: .milliseconds(20), batchSize: batchSize,
                readChunkBytes: chunk, mapping: try mapping()),
            sourceURI: "/acme/dc1/agent-1/file/\(name)", sink: sink, logger: logger)
    }

    /// Appends `text` to the file at `path`, creating it.
    static func append(_ text: String, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Truncates the file at `path` in place (same inode).
    static func truncate(_ path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
    }
}
