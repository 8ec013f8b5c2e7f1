import Testing
import WireProtocol

/// Topic names, identities and subscription filters.
struct TopicTests {
    let identity = TestSupport.identity

    @Test(arguments: Topic.Channel.allCases)
    func topicsBuildAndParseBack(channel: Topic.Channel) throws {
        let topic = identity.topic(channel)
        #expect(topic.name == "crossdock/v1/acme/dal1/agent-1/\(channel.rawValue)")
        let parsed = try Topic(parsing: topic.name)
        #expect(parsed == topic)
        #expect(parsed.identity == identity)
        #expect(parsed.channel == channel)
        #expect(
            channel.contentType
                == (channel == .events || channel == .commands
                    ? "application/cloudevents-batch+json" : "application/json"))
        #expect(channel.isRetained == (channel == .status))
    }

    @Test(arguments: ["a", "A1", "dal-1", "dal_1", "v1.2", "0", String(repeating: "x", count: 64)])
    func validIdentifiers(identifier: String) throws {
        #expect(AgentIdentity.identifierProblem(identifier, role: "site") == nil)
        let identity = try AgentIdentity(tenant: identifier, site: identifier, agent: identifier)
        #expect(try Topic(parsing: identity.topic(.status).name).identity == identity)
    }

    @Test(arguments: [
        ("", "must not be empty"), ("a+b", "MQTT wildcard '+'"), ("#", "MQTT wildcard '#'"), ("a/b", "separator '/'"),
        ("a\u{0}b", "NUL"), (String(repeating: "x", count: 65), "above the limit of 64"), ("$SYS", "contains '$'"),
        ("a b", "byte 0x20"), ("é", "byte 0xC3"), (".hidden", "must start with a letter or a digit"),
        ("_x", "must start with a letter or a digit"), ("a*b", "contains '*'"),
    ])
    func invalidIdentifiers(identifier: String, message: String) throws {
        let problem = try #require(AgentIdentity.identifierProblem(identifier, role: "site"))
        #expect(problem.contains(message), "\(problem)")
        let error = try #require(throws: WireProtocolError.self) {
            try AgentIdentity(tenant: "acme", site: identifier, agent: "agent-1")
        }
        #expect(error.code == .invalidIdentifier)
        #expect(error.problems.map(\.path.description) == ["$.site"])
    }

    @Test func everyBadPartIsReported() throws {
        let error = try #require(throws: WireProtocolError.self) {
            try AgentIdentity(tenant: "", site: "a+", agent: "b/")
        }
        #expect(error.problems.map(\.path.description) == ["$.tenant", "$.site", "$.agent"])
    }

    @Test func filtersForTheAggregator() throws {
        #expect(TopicFilter.allEvents.pattern == "crossdock/v1/+/+/+/events")
        #expect(try TopicFilter.channel(.events).pattern == "crossdock/v1/+/+/+/events")
        #expect(try TopicFilter.channel(.status, tenant: "acme").pattern == "crossdock/v1/acme/+/+/status")
        #expect(
            try TopicFilter.channel(.events, tenant: "acme", site: "dal1").pattern == "crossdock/v1/acme/dal1/+/events")
        #expect(try TopicFilter.allEvents.shared(group: "crossdock") == "$share/crossdock/crossdock/v1/+/+/+/events")
        #expect(throws: WireProtocolError.self) { try TopicFilter.allEvents.shared(group: "a/b") }
        #expect(throws: WireProtocolError.self) { try TopicFilter.channel(.events, tenant: "+") }
    }

    @Test func filtersMatchByMQTTRules() throws {
        let events = identity.topic(.events)
        #expect(TopicFilter.allEvents.matches(events))
        #expect(!TopicFilter.allEvents.matches(identity.topic(.acks)))
        #expect(try TopicFilter.channel(.events, tenant: "acme").matches(events))
        #expect(try !TopicFilter.channel(.events, tenant: "globex").matches(events))
        #expect(!TopicFilter.allEvents.matches("crossdock/v1/acme/dal1/events"))
        #expect(!TopicFilter.allEvents.matches("crossdock/v1/acme/dal1/agent-1/events/extra"))
    }

    @Test func eventIdentityMustMatchTheTopic() throws {
        let other = try AgentIdentity(tenant: "acme", site: "hou2", agent: "agent-9")
        let problems = identity.mismatches(with: other)
        #expect(problems.map(\.path.description) == ["$.site", "$.agent"])
        #expect(identity.mismatches(with: identity).isEmpty)
    }
}
