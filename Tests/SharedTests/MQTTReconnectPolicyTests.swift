import Shared
import Testing

/// The backoff arithmetic of ``MQTTReconnectPolicy``.
@Suite struct MQTTReconnectPolicyTests {
    struct FixedRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test(arguments: [(1, 250), (2, 500), (3, 1000), (5, 4000), (8, 30_000), (50, 30_000)])
    func baseDelayGrowsExponentiallyAndIsCapped(attempt: Int, milliseconds: Int) {
        let policy = MQTTReconnectPolicy(initialDelay: .milliseconds(250), maximumDelay: .seconds(30), multiplier: 2)
        #expect(policy.baseDelay(attempt: attempt) == .milliseconds(milliseconds))
    }

    @Test func jitteredDelaysStayWithinBoundsAndVary() {
        let policy = MQTTReconnectPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(8), jitter: 0.5)
        var generator = FixedRandom(state: 42)
        let delays = (0..<200).map { _ in policy.delay(attempt: 3, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .seconds(2) && $0 <= .seconds(4) })
        #expect(Set(delays).count > 100)
    }

    @Test func noJitterGivesTheBaseDelay() {
        let policy = MQTTReconnectPolicy(initialDelay: .milliseconds(100), jitter: 0)
        #expect(policy.delay(attempt: 2) == .milliseconds(200))
    }
}
