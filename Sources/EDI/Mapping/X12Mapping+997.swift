import WireProtocol

extension X12Mapping {
    /// 997 / 999 Functional Acknowledgment → `edi.acknowledged` (``FunctionalAcknowledgement``).
    ///
    /// AK1 names the acknowledged group; each AK2 (with its AK3/AK4 or IK3/IK4 errors and AK5/IK5 status) a set;
    /// AK9 the group status and counts. The acknowledged interchange control number is not in a 997; it is left
    /// empty.
    static func acknowledgment997(_ r: X12SetReader) throws -> EDIMappedEvent {
        let ak1 = try r.required("AK1", for: "the acknowledged group")
        let ak9 = try r.required("AK9", for: "the group status")
        var sets: [AcknowledgedTransactionSet] = []
        var segmentID: String?
        var segmentPosition: Int?
        for s in r.body {
            switch s.tag {
            case "AK2":
                sets.append(AcknowledgedTransactionSet(identifierCode: s[1], controlNumber: s[2], status: ""))
                segmentID = nil
                segmentPosition = nil
            case "AK3", "IK3":
                segmentID = s[1]
                segmentPosition = Int(s[2])
                if !s[4].isEmpty, !sets.isEmpty {
                    sets[sets.count - 1].errors =
                        (sets[sets.count - 1].errors ?? []) + [
                            WireProtocol.EDIError(
                                code: s[4], segmentID: segmentID, segmentPosition: segmentPosition,
                                description: segmentErrors[s[4]])
                        ]
                }
            case "AK4", "IK4":
                guard !sets.isEmpty else { break }
                sets[sets.count - 1].errors =
                    (sets[sets.count - 1].errors ?? []) + [
                        WireProtocol.EDIError(
                            code: s[3], segmentID: segmentID, segmentPosition: segmentPosition,
                            elementPosition: Int(s.component(1, 1) ?? ""), badValue: s[4].isEmpty ? nil : s[4],
                            description: elementErrors[s[3]])
                    ]
            case "AK5", "IK5":
                guard !sets.isEmpty else { break }
                sets[sets.count - 1].status = s[1]
                let codes = (2...6).map { s[$0] }.filter { !$0.isEmpty }
                if !codes.isEmpty {
                    sets[sets.count - 1].errors =
                        (sets[sets.count - 1].errors ?? [])
                        + codes.map {
                            WireProtocol.EDIError(code: $0, description: setErrors[$0])
                        }
                }
            default: break
            }
        }
        let groupErrors = (5...9).map { ak9[$0] }.filter { !$0.isEmpty }
        let ack = FunctionalAcknowledgement(
            standard: "X12", functionalIdentifierCode: ak1[1], groupControlNumber: ak1[2], groupStatus: ak9[1],
            setsIncluded: Int(ak9[2]) ?? 0, setsReceived: Int(ak9[3]) ?? 0, setsAccepted: Int(ak9[4]) ?? 0,
            groupErrors: groupErrors.isEmpty ? nil : groupErrors, transactionSets: sets)
        return try EDIMappedEvent(
            id: r.eventID(), type: .ediAcknowledged, subject: ak1[2], time: r.documentTime, correlationID: nil,
            payload: ack)
    }

    /// AK304 codes in words.
    static let segmentErrors: [String: String] = [
        "1": "Unrecognized segment ID", "2": "Unexpected segment", "3": "Required segment missing",
        "4": "Loop occurs over maximum times", "5": "Segment exceeds maximum use",
        "6": "Segment not in defined transaction set",
        "7": "Segment not in proper sequence", "8": "Segment has data element errors",
    ]
    /// AK403 codes in words.
    static let elementErrors: [String: String] = [
        "1": "Required data element missing", "2": "Conditional required data element missing",
        "3": "Too many data elements",
        "4": "Data element too short", "5": "Data element too long", "6": "Invalid character in data element",
        "7": "Invalid code value", "8": "Invalid date", "9": "Invalid time", "10": "Exclusion condition violated",
        "12": "Too many repetitions", "13": "Too many components",
    ]
    /// AK502 codes in words.
    static let setErrors: [String: String] = [
        "1": "Transaction set not supported", "2": "Transaction set trailer missing",
        "3": "Transaction set control number in header and trailer do not match",
        "4": "Number of included segments does not match actual count", "5": "One or more segments in error",
        "6": "Missing or invalid transaction set identifier", "7": "Missing or invalid transaction set control number",
    ]
}
