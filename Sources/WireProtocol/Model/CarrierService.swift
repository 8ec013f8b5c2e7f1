/// The carrier and how it moves the goods.
public struct CarrierService: Codable, Sendable, Hashable {
    /// The carrier's Standard Carrier Alpha Code.
    public var scac: String?
    /// The carrier's name.
    public var name: String?
    /// Service level (e.g. `GROUND`, `2DAY`, `LTL-STANDARD`, or an X12 TD5 service level code).
    public var serviceLevel: String?
    /// Transport mode: `parcel`, `ltl`, `truckload`, `rail`, `intermodal`, `air`, `ocean`.
    public var mode: String?

    /// Creates the value from its members.
    public init(scac: String? = nil, name: String? = nil, serviceLevel: String? = nil, mode: String? = nil) {
        self.scac = scac
        self.name = name
        self.serviceLevel = serviceLevel
        self.mode = mode
    }
}
