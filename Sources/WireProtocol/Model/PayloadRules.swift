/// Collects rule violations with paths relative to a payload's root.
struct RuleChecker {
    private(set) var problems: [ValidationProblem] = []

    /// Records a problem when `collection` is empty.
    mutating func nonEmpty(_ collection: some Collection, _ key: String, _ what: String) {
        if collection.isEmpty {
            problems.append(
                ValidationProblem(path: JSONPath.root.appending(key), message: "\(key) must not be empty: \(what)"))
        }
    }

    /// Records a problem when the quantity at `path` is negative.
    mutating func nonNegative(_ quantity: Quantity?, _ path: [JSONPath.Component]) {
        guard let quantity, quantity.value.isNegative else { return }
        problems.append(
            ValidationProblem(
                path: JSONPath(components: path + [.key("value")]),
                message: "quantity \(quantity.value) must not be negative"))
    }

    /// Records a problem when `value` is not one of `allowed`.
    mutating func oneOf(_ value: String, _ allowed: [String], _ key: String) {
        if !allowed.contains(value) {
            problems.append(
                ValidationProblem(
                    path: JSONPath.root.appending(key),
                    message: "\(key) \"\(value.prefix(40))\" is not one of \(allowed.joined(separator: ", "))"))
        }
    }
}

extension Order {
    /// An order has at least one line, and no negative quantities.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        checker.nonEmpty(lines, "lines", "an order has at least one line")
        for (index, line) in lines.enumerated() {
            checker.nonNegative(line.quantity, [.key("lines"), .index(index), .key("quantity")])
        }
        return checker.problems
    }
}

extension OrderAcknowledgement {
    /// Acknowledged quantities are not negative.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        for (index, line) in lines.enumerated() {
            checker.nonNegative(
                line.acknowledgedQuantity, [.key("lines"), .index(index), .key("acknowledgedQuantity")])
        }
        return checker.problems
    }
}

extension Shipment {
    /// Shipped quantities are not negative.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        for (index, line) in lines.enumerated() {
            checker.nonNegative(line.shippedQuantity, [.key("lines"), .index(index), .key("shippedQuantity")])
        }
        return checker.problems
    }
}

extension Receipt {
    /// A receipt has at least one line, and no negative quantities.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        checker.nonEmpty(lines, "lines", "a receipt has at least one line")
        for (index, line) in lines.enumerated() {
            checker.nonNegative(line.receivedQuantity, [.key("lines"), .index(index), .key("receivedQuantity")])
            checker.nonNegative(line.damagedQuantity, [.key("lines"), .index(index), .key("damagedQuantity")])
        }
        return checker.problems
    }
}

extension StockTransfer {
    /// A transfer has at least one line, and no negative quantities.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        checker.nonEmpty(lines, "lines", "a transfer has at least one line")
        for (index, line) in lines.enumerated() {
            checker.nonNegative(line.quantity, [.key("lines"), .index(index), .key("quantity")])
        }
        return checker.problems
    }
}

extension Invoice {
    /// An invoice has at least one line.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        checker.nonEmpty(lines, "lines", "an invoice has at least one line")
        return checker.problems
    }
}

extension FreightInvoice {
    /// A freight invoice has at least one charge.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        checker.nonEmpty(charges, "charges", "a freight invoice has at least one charge")
        return checker.problems
    }
}

extension FunctionalAcknowledgement {
    /// The standard is X12 or EDIFACT.
    public func ruleViolations() -> [ValidationProblem] {
        var checker = RuleChecker()
        checker.oneOf(standard, ["X12", "EDIFACT"], "standard")
        return checker.problems
    }
}
