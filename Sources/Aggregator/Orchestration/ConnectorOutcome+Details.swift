extension ConnectorOutcome {
    /// The outcome's detail or reason.
    public var message: String {
        switch self {
        case .done(let detail): detail
        case .retry(let reason): reason
        case .deadLetter(let reason, _): reason
        }
    }

    /// The HTTP status, when the message starts with `HTTP <status>` (as HTTP-speaking connectors write it).
    public var httpStatus: Int? {
        let text = message
        guard text.hasPrefix("HTTP "), text.utf8.count >= 8 else { return nil }
        let digits = text.dropFirst(5).prefix(3)
        guard digits.count == 3, digits.allSatisfy(\.isNumber), let status = Int(digits) else { return nil }
        return (100...599).contains(status) ? status : nil
    }
}
