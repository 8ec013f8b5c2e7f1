import Testing
import WireProtocol

/// Sequence ranges, acknowledgements and agent status.
struct AckAndStatusTests {
    @Test func rangesMergeInAnyOrder() {
        var set = SequenceRangeSet()
        for value: UInt64 in [5, 1, 2, 3, 9, 7, 8, 4, 20] { set.insert(value) }
        #expect(set.ranges == [1...5, 7...9, 20...20])
        #expect(set.count == 9)
        set.insert(6)
        #expect(set.ranges == [1...9, 20...20])
        set.insert(10...19)
        #expect(set.ranges == [1...20])
        #expect(set.description == "[[1,20]]")
    }

    @Test func rangesHandleOverlapsAndExtremes() {
        var set: SequenceRangeSet = [10...20, 30...40, 50...60]
        set.insert(15...55)
        #expect(set.ranges == [10...60])
        set.insert(UInt64.max - 1...UInt64.max)
        set.insert(UInt64.max)
        #expect(set.ranges.last == (UInt64.max - 1)...UInt64.max)
        set.insert(1...1)
        #expect(set.ranges.first == 1...1)
        #expect(
            set.contains(1) && set.contains(35) && !set.contains(2) && !set.contains(61) && set.contains(UInt64.max))
        #expect(SequenceRangeSet([3...4, 1...2]).ranges == [1...4])
    }

    @Test func manyInOrderInsertsStayCompact() {
        var set = SequenceRangeSet()
        for value: UInt64 in 1...100_000 where value % 1000 != 0 { set.insert(value) }
        #expect(set.ranges.count == 100)
        #expect(set.count == 99_900)
        #expect(SequenceRangeSet([1...10]).isSubset(of: set))
        #expect(!SequenceRangeSet([999...1001]).isSubset(of: set))
    }

    @Test func ackRoundTrips() throws {
        let ack = AckMessage(
            stored: [1...120, 122...130], exceptions: [57...57], time: ZonedDateTime("2026-11-30T21:52:31.120Z")!)
        let bytes = ack.encoded()
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"version":1,"time":"2026-11-30T21:52:31.120Z","stored":[[1,120],[122,130]],"exceptions":[[57,57]]}"#
        )
        #expect(try AckMessage(jsonBytes: bytes) == ack)
    }

    @Test func exceptionsAreAlwaysStored() {
        let ack = AckMessage(stored: [1...5], exceptions: [9...9])
        #expect(ack.stored.ranges == [1...5, 9...9])
    }

    @Test(arguments: [
        (#"{"version":1,"time":"2026-11-30T21:52:31Z","stored":[[5,3]],"exceptions":[]}"#, "$.stored", "[0] is [5,3]"),
        (
            #"{"version":1,"time":"2026-11-30T21:52:31Z","stored":[[0,3]],"exceptions":[]}"#, "$.stored",
            "1 ≤ first ≤ last"
        ),
        (#"{"version":1,"time":"2026-11-30T21:52:31Z","stored":[[1]],"exceptions":[]}"#, "$.stored", "[0] is [1]"),
        (#"{"version":1,"time":"2026-11-30T21:52:31Z","stored":"1-5","exceptions":[]}"#, "$.stored", "found string"),
        (#"{"version":1,"time":"2026-11-30T21:52:31Z","exceptions":[]}"#, "$.stored", "missing required member"),
        (#"{"version":1,"time":"yesterday","stored":[],"exceptions":[]}"#, "$.time", "RFC 3339"),
        (
            #"{"version":2,"time":"2026-11-30T21:52:31Z","stored":[],"exceptions":[]}"#, "$.version",
            "ack version 2 is not supported"
        ),
        (
            #"{"version":1,"time":"2026-11-30T21:52:31Z","stored":[[1,5]],"exceptions":[[6,6]]}"#, "$.exceptions",
            "not all in stored"
        ),
        (#"[1,5]"#, "$", "expected an object, found array"),
    ])
    func invalidAcksAreRejected(json: String, path: String, message: String) throws {
        let error = try #require(throws: WireProtocolError.self) { try AckMessage(jsonBytes: Array(json.utf8)) }
        #expect(error.problems.contains { $0.path.description == path && $0.message.contains(message) }, "\(error)")
    }

    @Test func statusRoundTrips() throws {
        let online = StatusMessage(
            state: .online, time: ZonedDateTime("2026-11-30T21:52:40.004Z")!, agentVersion: "0.1.0", backlog: 8,
            oldestUnackedAgeSeconds: 2, lastAckAt: ZonedDateTime("2026-11-30T21:52:31.120Z")!)
        #expect(try StatusMessage(jsonBytes: online.encoded()) == online)
        let will = StatusMessage(state: .offline, agentVersion: "0.1.0", reason: "connection-lost")
        let text = String(decoding: will.encoded(), as: UTF8.self)
        #expect(text.contains(#""state":"offline""#) && !text.contains("backlog"))
        #expect(try StatusMessage(jsonBytes: will.encoded()).reason == "connection-lost")
    }

    @Test func invalidStatusReportsEveryProblem() throws {
        let json = #"{"version":1,"state":"online","time":"now","agentVersion":7,"backlog":-1}"#
        let error = try #require(throws: WireProtocolError.self) { try StatusMessage(jsonBytes: Array(json.utf8)) }
        #expect(Set(error.problems.map(\.path.description)) == ["$.time", "$.agentVersion", "$.backlog"])
    }
}
