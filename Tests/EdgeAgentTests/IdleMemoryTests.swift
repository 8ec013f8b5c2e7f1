@testable import EdgeAgent
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Idle pages handed back to the system: which mappings qualify, the release in this process, and a real agent
/// that releases when quiet and keeps capturing and forwarding afterwards.
struct IdleMemoryTests {
    static let smaps = """
        55e385249000-55e3865f9000 r-xp 0049f000 fe:00 5529615                    /usr/bin/crossdock-agent
        Size:              19136 kB
        Rss:                2732 kB
        Anonymous:             0 kB
        VmFlags: rd ex mr mw me dw
        55e3865f9000-55e3866ae000 r--p 0184e000 fe:00 5529615                    /usr/bin/crossdock-agent
        Rss:                 724 kB
        Anonymous:           724 kB
        55e3866ae000-55e388aed000 rw-p 01902000 fe:00 5529615                    /usr/bin/crossdock-agent
        Rss:                 744 kB
        Anonymous:           300 kB
        55e3c7fe3000-55e3c8025000 rw-p 00000000 00:00 0                          [heap]
        Rss:                 116 kB
        Anonymous:           116 kB
        7f96ba6c5000-7f96ba942000 r-xp 000c5000 fe:00 333177                     /usr/lib/x86_64-linux-gnu/libcrypto.so.3
        Rss:                2544 kB
        Anonymous:             0 kB
        7f96bb500000-7f96bb501000 r--s 00000000 fe:00 333999                     /srv/with space/shared file (deleted)
        Rss:                   4 kB
        Anonymous:             0 kB
        7f96bb600000-7f96bb610000 r--p 00000000 fe:00 333998                     /usr/lib/never-touched.so
        Rss:                   0 kB
        Anonymous:             0 kB
        7ffd1b9e9000-7ffd1b9eb000 r-xp 00000000 00:00 0                          [vdso]
        Rss:                   8 kB
        Anonymous:             0 kB
        """

    @Test func onlyReadOnlyFileMappingsWithoutCopiedPagesQualify() {
        let regions = MappedRegion.parse(smaps: Self.smaps)
        #expect(regions.count == 8)
        #expect(regions[0].start == 0x55e3_8524_9000 && regions[0].end == 0x55e3_865f_9000)
        #expect(regions[0].residentBytes == 2_732 * 1_024)
        #expect(regions[5].path == "/srv/with space/shared file (deleted)")
        let releasable = MappedRegion.releasable(inSmaps: Self.smaps)
        // Code of the binary and of libcrypto, and the read-only shared file; not the relocated read-only data (its
        // pages were copied on write), not writable data, not the heap, not an untouched mapping, not the vDSO.
        #expect(releasable.map(\.path) == [
            "/usr/bin/crossdock-agent", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "/srv/with space/shared file (deleted)",
        ])
        #expect(releasable.map(\.permissions) == ["r-xp", "r-xp", "r--s"])
    }

    @Test func settingsAreReadAndCheckedFromTheMemorySection() throws {
        let document = try ConfigurationDocument.parse(
            yaml: "memory: {release_when_idle: false, quiet_period: 5s}\n", path: "agent.yaml")
        let settings = try document.decode { MemorySettings(reader: $0.section("memory")) }
        #expect(settings == MemorySettings(releaseWhenIdle: false, quietPeriod: .seconds(5)))
        let wrong = try ConfigurationDocument.parse(
            yaml: "memory: {release_when_idle: maybe, quiet_period: 1ms}\n", path: "agent.yaml")
        let error = try #require(throws: ConfigurationError.self) {
            try wrong.decode { MemorySettings(reader: $0.section("memory")) }
        }
        #expect(error.problems.map(\.keyPath).sorted() == ["memory.quiet_period", "memory.release_when_idle"])
        #expect(error.description.contains("expected true or false, found \"maybe\""), "\(error)")
        #expect(MemorySettings() == MemorySettings(releaseWhenIdle: true, quietPeriod: .seconds(1)))
    }

    /// In this very process: the code and read-only data already run are unmapped, the resident set shrinks, and
    /// everything keeps working (SQLite, the JSON codec) as pages fault back in from the page cache.
    @Test func releasingInThisProcessShrinksTheResidentSetAndKeepsItWorking() async throws {
        let release = ResidentMemory.releaseIdlePages()
        #expect(release.mappings > 0)
        #expect(release.releasedFileBytes > 1 << 20, "a test process has megabytes of code resident")
        let before = try #require(release.residentBefore)
        let after = try #require(release.residentAfter)
        #expect(after < before, "VmRSS \(before) → \(after)")

        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir)
            try await outbox.append(OutboxFixture.events(1...3), quarantined: [], cursor: OutboxFixture.cursor(3))
            let stored = try await OutboxFixture.storedEvents(outbox)
            #expect(stored.map(\.subject) == ["SO-1", "SO-2", "SO-3"])
            #expect(stored.map { $0.data?["order"] } == [.string("SO-1"), .string("SO-2"), .string("SO-3")])
        }
    }

    /// A real agent: it releases once it is connected and quiet, then captures and forwards a burst of records
    /// (its code faulting back in), and releases again after the burst.
    @Test func anAgentReleasesWhenQuietAndKeepsCapturingAndForwarding() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let path = dir + "/milestones.log"
                var harness = AgentHarness(broker: broker, dir: dir)
                harness.sourcesYAML =
                    AgentFaultTests.sourceYAML(path: path) + "\nlog: {level: debug}\nmemory: {quiet_period: 200ms}\n"
                try AgentFaultTests.append("", to: path)
                let acknowledger = try await TestAcknowledger.start(broker: broker)
                let agent = try harness.start()
                defer { agent.send(SIGKILL) }
                let releases = { harness.log().components(separatedBy: "released idle pages").count - 1 }
                for _ in 0..<300 where releases() < 1 { try await Task.sleep(for: .milliseconds(100)) }
                #expect(releases() >= 1, "\(harness.log().suffix(2_000))")
                let first = try #require(harness.log().split(separator: "\n").first { $0.contains("released idle pages") })
                #expect(first.contains("resident_before=") && first.contains("resident_after="), "\(first)")
                #expect(!first.contains("mappings=0"), "\(first)")

                let afterFirst = releases()
                try AgentFaultTests.append(AgentFaultTests.lines(1...2_000), to: path)
                #expect(await acknowledger.waitForDistinct(2_000, within: .seconds(60)), "\(harness.log().suffix(2_000))")
                for _ in 0..<300 where releases() <= afterFirst { try await Task.sleep(for: .milliseconds(100)) }
                #expect(releases() > afterFirst, "released again after the burst")

                agent.send(SIGTERM)
                #expect(try await waitForExit(agent, within: .seconds(60)) == 0, "\(harness.log().suffix(2_000))")
                #expect(acknowledger.distinctSequences == [1...2_000])
                #expect(acknowledger.conflicts.isEmpty)
                await acknowledger.stop()
            }
        }
    }
}
