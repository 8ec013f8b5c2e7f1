/// An exact amount in a unit of measure.
///
/// A quantity is not negative unless its member says so (an inventory adjustment's `delta`): readers reject negative
/// ordered, acknowledged, shipped, received, damaged and transferred quantities.
public struct Quantity: Codable, Sendable, Hashable {
    /// The amount, exact (e.g. `12`, `1.5`).
    public var value: DecimalNumber
    /// The unit, an X12 element 355 code such as `EA`, `CA`, `PL`, `KG`.
    public var unit: UnitOfMeasure

    /// Creates the value from its members.
    public init(value: DecimalNumber, unit: UnitOfMeasure) {
        self.value = value
        self.unit = unit
    }
}

/// A weight with its unit.
public struct Weight: Codable, Sendable, Hashable {
    /// The weight, exact.
    public var value: DecimalNumber
    /// `KG` or `LB`.
    public var unit: WeightUnit

    /// Creates the value from its members.
    public init(value: DecimalNumber, unit: WeightUnit) {
        self.value = value
        self.unit = unit
    }
}
