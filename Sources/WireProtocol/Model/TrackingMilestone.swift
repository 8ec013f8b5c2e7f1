/// A carrier's status report for a shipment (X12 214): what happened, where and when, in local time.
///
/// `subject` is the shipment number, else the PRO or tracking number.
public struct TrackingMilestone: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.shipmentMilestone]

    /// The shipper's shipment number.
    public var shipmentNumber: String?
    /// The bill of lading number.
    public var billOfLading: String?
    /// The carrier's PRO number.
    public var proNumber: String?
    /// The parcel tracking number.
    public var trackingNumber: String?
    /// Purchase orders in the shipment.
    public var purchaseOrderNumbers: [String]?
    /// The reporting carrier (SCAC).
    public var carrier: CarrierService?
    /// X12 AT701 shipment status code (e.g. `X3` arrived at pick-up, `AF` departed pick-up, `X1` arrived at delivery,
    /// `D1` delivered, `X6` en route, `SD` delayed).
    public var statusCode: String
    /// The status in words.
    public var statusDescription: String?
    /// X12 AT702 reason code (`NS` normal; others explain exceptions, e.g. `AO` weather).
    public var reasonCode: String?
    /// When it happened, with the offset of the place it happened.
    public var eventTime: ZonedDateTime
    /// Where it happened.
    public var location: MilestoneLocation?
    /// The carrier's updated delivery estimate.
    public var estimatedDelivery: ZonedDateTime?
    /// The stop on a multi-stop load.
    public var stopNumber: Int?
    /// Trailer or container number.
    public var equipmentNumber: String?
    /// Who signed for a delivery.
    public var signedBy: String?

    /// Creates the value from its members.
    public init(
        shipmentNumber: String? = nil,
        billOfLading: String? = nil,
        proNumber: String? = nil,
        trackingNumber: String? = nil,
        purchaseOrderNumbers: [String]? = nil,
        carrier: CarrierService? = nil,
        statusCode: String,
        statusDescription: String? = nil,
        reasonCode: String? = nil,
        eventTime: ZonedDateTime,
        location: MilestoneLocation? = nil,
        estimatedDelivery: ZonedDateTime? = nil,
        stopNumber: Int? = nil,
        equipmentNumber: String? = nil,
        signedBy: String? = nil
    ) {
        self.shipmentNumber = shipmentNumber
        self.billOfLading = billOfLading
        self.proNumber = proNumber
        self.trackingNumber = trackingNumber
        self.purchaseOrderNumbers = purchaseOrderNumbers
        self.carrier = carrier
        self.statusCode = statusCode
        self.statusDescription = statusDescription
        self.reasonCode = reasonCode
        self.eventTime = eventTime
        self.location = location
        self.estimatedDelivery = estimatedDelivery
        self.stopNumber = stopNumber
        self.equipmentNumber = equipmentNumber
        self.signedBy = signedBy
    }
}

/// Where a milestone happened.
public struct MilestoneLocation: Codable, Sendable, Hashable {
    /// A facility or terminal name.
    public var name: String?
    /// City.
    public var city: String?
    /// State or province code.
    public var region: String?
    /// Postal code.
    public var postalCode: String?
    /// ISO 3166-1 alpha-2 country code.
    public var country: String?
    /// Latitude in decimal degrees.
    public var latitude: DecimalNumber?
    /// Longitude in decimal degrees.
    public var longitude: DecimalNumber?

    /// Creates the value from its members.
    public init(
        name: String? = nil,
        city: String? = nil,
        region: String? = nil,
        postalCode: String? = nil,
        country: String? = nil,
        latitude: DecimalNumber? = nil,
        longitude: DecimalNumber? = nil
    ) {
        self.name = name
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
        self.latitude = latitude
        self.longitude = longitude
    }
}
