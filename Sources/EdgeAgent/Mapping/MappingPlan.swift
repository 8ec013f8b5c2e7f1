import WireProtocol

/// The shape of the `data` a mapping writes, worked out once from its rules, so each record's payload is built
/// bottom-up in one pass (no copy of a half-built object per field) with required lists already in place.
indirect enum MappingPlan: Sendable {
    /// The converted value of rule number `index`.
    case rule(Int)
    /// An object with these members, in order.
    case object([(key: String, plan: MappingPlan)])
    /// An array with these elements, in order.
    case array([MappingPlan])
    /// A required list nothing maps to: written empty.
    case emptyList

    /// The plan for `rules` over a payload of shape `schema`.
    static func make(rules: [RecordMapping.FieldRule], schema: CanonicalSchema) -> MappingPlan {
        make(rules.enumerated().map { ($0.element.path.components[...], $0.offset) }, schema: schema)
    }

    private static func make(_ entries: [(rest: ArraySlice<CanonicalPath.Component>, index: Int)], schema: CanonicalSchema)
        -> MappingPlan
    {
        if let whole = entries.first(where: { $0.rest.isEmpty }) { return .rule(whole.index) }
        switch schema {
        case .object(let members):
            var keys: [String] = []
            var groups: [String: [(rest: ArraySlice<CanonicalPath.Component>, index: Int)]] = [:]
            for entry in entries {
                guard case .key(let key) = entry.rest.first else { continue }
                if groups[key] == nil { keys.append(key) }
                groups[key, default: []].append((entry.rest.dropFirst(), entry.index))
            }
            var children = keys.map { key in
                (key: key, plan: make(groups[key]!, schema: members[key]?.schema ?? .leaf(.any)))
            }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) where groups[key] == nil && member.isRequired {
                if case .array = member.schema { children.append((key, .emptyList)) }
            }
            return .object(children)
        case .array(let element):
            var groups: [Int: [(rest: ArraySlice<CanonicalPath.Component>, index: Int)]] = [:]
            for entry in entries {
                guard case .index(let index) = entry.rest.first else { continue }
                groups[index, default: []].append((entry.rest.dropFirst(), entry.index))
            }
            let count = (groups.keys.max() ?? -1) + 1
            return .array((0..<count).map { make(groups[$0] ?? [], schema: element) })
        case .leaf:
            return .object([])
        }
    }

    /// The value for one record whose converted rule values are `values` (`nil` where the record had none); an
    /// object or array whose members are all absent is absent too.
    func build(_ values: [JSONValue?]) -> JSONValue? {
        switch self {
        case .rule(let index):
            return values[index]
        case .emptyList:
            return .array([])
        case .object(let children):
            var object = JSONObject()
            var any = false
            for child in children {
                guard let value = child.plan.build(values) else { continue }
                object[child.key] = value
                if case .emptyList = child.plan {} else { any = true }
            }
            return any ? .object(object) : nil
        case .array(let elements):
            var items: [JSONValue] = []
            for element in elements {
                items.append(element.build(values) ?? .object(JSONObject()))
            }
            return items.isEmpty ? nil : .array(items)
        }
    }
}
