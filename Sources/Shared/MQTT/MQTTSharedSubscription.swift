/// MQTT v5 shared subscriptions, `$share/{group}/{filter}`: the broker hands each message to one member of the group.
enum MQTTSharedSubscription {
    /// The filter that topics of messages received on `subscriptionFilter` match.
    ///
    /// For a shared subscription that is the part after `$share/{group}/`: the broker delivers messages under their
    /// plain topic names, and `mosquitto_topic_matches_sub` never matches a filter starting with `$` against a topic
    /// that does not, so matching against the whole `$share/…` text would route nothing to the subscription.
    static func matchingFilter(_ subscriptionFilter: String) -> String {
        guard subscriptionFilter.hasPrefix("$share/") else { return subscriptionFilter }
        let levels = subscriptionFilter.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        return levels.count == 3 ? String(levels[2]) : subscriptionFilter
    }
}
