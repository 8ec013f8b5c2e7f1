import WireProtocol

extension RecordMapping {
    /// Converts a raw record value to what the canonical member of shape `schema` needs: CSV text becomes a
    /// number, a date, a timestamp or a list; JSON values of the right kind pass unchanged.
    static func convert(_ raw: JSONValue, to schema: CanonicalSchema, spec: MappingValue)
        -> Result<JSONValue, CanonicalPath.Problem>
    {
        switch schema {
        case .leaf(let leaf):
            return convert(raw, to: leaf, format: spec.format)
        case .array(let element):
            var items: [JSONValue]
            if let array = raw.arrayValue {
                items = array
            } else if let separator = spec.split, let text = raw.stringValue {
                items = text.components(separatedBy: separator).map { .string($0.trimmedForValue) }
                    .filter { $0.stringValue?.isEmpty == false }
            } else {
                items = [raw]
            }
            guard case .leaf(let leaf) = element else { return .success(.array(items)) }
            for index in items.indices {
                switch convert(items[index], to: leaf, format: spec.format) {
                case .success(let value): items[index] = value
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(.array(items))
        case .object:
            guard raw.objectValue != nil else {
                return .failure(.init(message: "expected an object, found \(raw.kindDescription)"))
            }
            return .success(raw)
        }
    }

    private static func convert(_ raw: JSONValue, to leaf: CanonicalSchema.Leaf, format: TimestampFormat?)
        -> Result<JSONValue, CanonicalPath.Problem>
    {
        let text: String
        switch raw {
        case .string(let value): text = value
        case .number(let number): text = number.text
        case .bool(let value): text = value ? "true" : "false"
        default:
            if leaf == .any { return .success(raw) }
            return .failure(.init(message: "expected \(leaf.rawValue) text, found \(raw.kindDescription)"))
        }
        switch leaf {
        case .string:
            return .success(raw.stringValue != nil ? raw : .string(text))
        case .any:
            return .success(raw)
        case .integer:
            if case .number(let number) = raw, number.isInteger { return .success(raw) }
            let trimmed = text.trimmedForValue
            guard let value = Int64(trimmed) else {
                return .failure(.init(message: "\"\(text.prefix(40))\" is not a whole number"))
            }
            return .success(.number(DecimalNumber(value)))
        case .decimal:
            if case .number = raw { return .success(raw) }
            let trimmed = text.trimmedForValue
            guard let number = DecimalNumber(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) else {
                return .failure(.init(message: "\"\(text.prefix(40))\" is not a decimal number"))
            }
            return .success(.number(number))
        case .boolean:
            if case .bool = raw { return .success(raw) }
            switch text.trimmedForValue.lowercased() {
            case "true", "yes", "y", "1": return .success(.bool(true))
            case "false", "no", "n", "0": return .success(.bool(false))
            default: return .failure(.init(message: "\"\(text.prefix(40))\" is not true or false"))
            }
        case .date:
            return (format ?? .isoDate).date(text).map { .string($0.description) }
        case .dateTime:
            return (format ?? .rfc3339).timestamp(text).map { .string($0.text) }
        }
    }
}
