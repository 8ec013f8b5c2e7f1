import Foundation
import CrossdockTesting
import Shared
import Testing

struct ConfigurationTests {
    struct Sample {
        var host: String
        var port: Int
        var quota: Int64
        var flush: Duration
        var level: Level
        var names: [String]

        enum Level: String, CaseIterable { case debug, info, warning }

        init(_ reader: ConfigReader) {
            let server = reader.section("server")
            host = server.string("host", default: "127.0.0.1")
            port = server.int("port", default: 8883, in: 1...65_535)
            quota = reader.byteCount("quota", default: 1 << 30)
            flush = reader.duration("flush", default: .seconds(1))
            level = reader.choice("level", default: .info)
            names = reader.stringList("names")
        }
    }

    @Test func readsTypedValuesAndDefaults() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            server:
              port: 1884
            quota: 512MiB
            flush: 250ms
            level: debug
            names: [a, b]
            """, path: "agent.yaml")
        let sample = try document.decode(Sample.init)
        #expect(sample.host == "127.0.0.1")
        #expect(sample.port == 1884)
        #expect(sample.quota == 512 << 20)
        #expect(sample.flush == .milliseconds(250))
        #expect(sample.level == .debug)
        #expect(sample.names == ["a", "b"])
    }

    @Test func reportsEveryProblemWithKeyPathAndLine() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            server:
              port: seventy
              hots: example
            quota: lots
            flush: soon
            level: verbose
            extra: 1
            """, path: "agent.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(Sample.init) }
        let text = error.description
        #expect(error.problems.count == 6, "\(text)")
        #expect(text.contains("server.port (agent.yaml:2): expected a whole number between 1 and 65535, found \"seventy\""))
        #expect(text.contains("server.hots (agent.yaml:3): unknown key (did you mean 'host'?)"))
        #expect(text.contains("quota (agent.yaml:4): expected a size"))
        #expect(text.contains("flush (agent.yaml:5): expected a duration"))
        #expect(text.contains("level (agent.yaml:6): expected one of 'debug', 'info', 'warning', found \"verbose\""))
        #expect(text.contains("extra (agent.yaml:7): unknown key"))
    }

    @Test func environmentOverridesTheFileAndIsNamedInProblems() throws {
        let document = try ConfigurationDocument.parse(yaml: "server:\n  port: 1884\n", path: "agent.yaml")
            .overridden(by: ["CROSSDOCK_SERVER__PORT": "99999", "CROSSDOCK_SERVER__HOST": "10.0.0.1", "CROSSDOCK_BIN": "/opt", "HOME": "/root"])
        let error = try #require(throws: ConfigurationError.self) { try document.decode(Sample.init) }
        #expect(error.problems.map(\.keyPath) == ["server.port"])
        #expect(error.description.contains("environment variable CROSSDOCK_SERVER__PORT"))

        let fixed = document.overridden(by: ["CROSSDOCK_SERVER__PORT": "2000"])
        let sample = try fixed.decode(Sample.init)
        #expect(sample.port == 2000)
        #expect(sample.host == "10.0.0.1")
    }

    @Test func wrongShapesAreReportedNotCrashed() throws {
        let document = try ConfigurationDocument.parse(yaml: "server: [1, 2]\nnames: {a: 1}\n", path: "x.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(Sample.init) }
        #expect(error.description.contains("server (x.yaml:1): expected a mapping of keys, found a list"))
        #expect(error.description.contains("names (x.yaml:2): expected a list, found a mapping"))
    }

    @Test func invalidYAMLAndMissingFilesSayWhat() throws {
        let yamlError = try #require(throws: ConfigurationError.self) {
            _ = try ConfigurationDocument.parse(yaml: "server:\n  port: [1, 2\n", path: "bad.yaml")
        }
        #expect(yamlError.description.contains("not valid YAML"))
        let fileError = try #require(throws: ConfigurationError.self) {
            _ = try ConfigurationDocument.load(path: "/nonexistent/agent.yaml", environment: [:])
        }
        #expect(fileError.description.contains("/nonexistent/agent.yaml"))
        #expect(fileError.description.contains("cannot read the file"))
    }

    @Test func secretsComeFromEnvironmentOrFileAndNeverPrint() async throws {
        try await withTemporaryDirectory { dir in
            try "s3cret-file\n".write(toFile: "\(dir)/pw", atomically: true, encoding: .utf8)
            let document = try ConfigurationDocument.parse(yaml: """
                a: {env: ERP_PASSWORD}
                b: {file: \(dir)/pw}
                c: literal-password
                d: {env: UNSET_VARIABLE}
                """, path: "s.yaml")
            let environment = ["ERP_PASSWORD": "s3cret-env"]
            let error = try #require(throws: ConfigurationError.self) {
                try document.decode { reader in
                    let a = reader.secret("a", environment: environment)
                    let b = reader.secret("b", environment: environment)
                    #expect(a?.reveal() == "s3cret-env")
                    #expect(b?.reveal() == "s3cret-file")
                    #expect("\(a!)" == "<secret from environment variable ERP_PASSWORD>")
                    _ = reader.secret("c", environment: environment)
                    _ = reader.secret("d", environment: environment)
                }
            }
            #expect(error.problems.map(\.keyPath) == ["c", "d.env"])
            #expect(!error.description.contains("literal-password"))
        }
    }

    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)),
        ("1h30m", .seconds(5_400)), ("2d", .seconds(172_800)), ("1.5s", .milliseconds(1_500)),
    ])
    func parsesDurations(text: String, expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "ms", "5 parsecs", "-1s", "1x", "s5"])
    func rejectsNonDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test(arguments: [
        ("4096", Int64(4_096)), ("64KiB", 65_536), ("512MiB", 536_870_912), ("2GB", 2_000_000_000), ("1_000", 1_000),
    ])
    func parsesByteCounts(text: String, expected: Int64) {
        #expect(ByteCountText.parse(text) == expected)
    }

    @Test func brokerSettingsRequireReadableTLSFilesAndLoopbackForPlain() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            tls:
              ca_file: /nonexistent/ca.pem
              cert_file: /nonexistent/agent.pem
            """, path: "b.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(BrokerSettings.init) }
        #expect(error.problems.map(\.keyPath) == ["tls.ca_file", "tls.cert_file", "tls.key_file"])
        #expect(error.description.contains("cannot read /nonexistent/ca.pem"))

        let plainRemote = try ConfigurationDocument.parse(yaml: "host: broker.example\ntls: {enabled: false}\n", path: "b.yaml")
        let remoteError = try #require(throws: ConfigurationError.self) { try plainRemote.decode(BrokerSettings.init) }
        #expect(remoteError.description.contains("plain MQTT is allowed only to a loopback broker"))

        let plainLocal = try ConfigurationDocument.parse(yaml: "tls: {enabled: false}\n", path: "b.yaml")
        let settings = try plainLocal.decode(BrokerSettings.init)
        #expect(settings.port == 1883)
        #expect(settings.tls == nil)
    }
}
