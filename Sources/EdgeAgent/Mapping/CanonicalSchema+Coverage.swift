import WireProtocol

extension CanonicalSchema {
    /// Whether a `format` key makes sense for a member of this shape (dates and timestamps, or lists of them).
    var acceptsFormat: Bool {
        switch self {
        case .leaf(let leaf): leaf == .date || leaf == .dateTime
        case .array(let element): element.acceptsFormat
        case .object: false
        }
    }

    /// Whether the member at `path` is required within its parent.
    func isRequired(_ path: CanonicalPath) -> Bool {
        var node = self
        var required = true
        for component in path.components {
            switch (component, node) {
            case (.key(let key), .object(let members)):
                guard let member = members[key] else { return false }
                required = member.isRequired
                node = member.schema
            case (.index, .array(let element)):
                required = true
                node = element
            default:
                return false
            }
        }
        return required
    }

    /// The required members that no mapped path provides, as paths (`lines[0].quantity.unit`).
    ///
    /// Required lists may stay unmapped (they are written as empty lists); but every object the mapping touches,
    /// the payload itself and each mapped list element, must have its required members mapped.
    func uncoveredRequiredPaths(covered: [CanonicalPath]) -> [String] {
        var missing: [String] = []
        collectUncovered(prefix: [], covered: covered, into: &missing)
        return missing
    }

    private func collectUncovered(
        prefix: [CanonicalPath.Component], covered: [CanonicalPath], into missing: inout [String]
    ) {
        let below = covered.filter { $0.components.count > prefix.count && Array($0.components.prefix(prefix.count)) == prefix }
        if covered.contains(where: { $0.components == prefix }) && !prefix.isEmpty { return }
        switch self {
        case .leaf:
            missing.append(CanonicalPath(components: prefix).description)
        case .array(let element):
            let indices = Set(below.compactMap { path -> Int? in
                if case .index(let index) = path.components[prefix.count] { return index }
                return nil
            })
            for index in indices.sorted() {
                element.collectUncovered(prefix: prefix + [.index(index)], covered: below, into: &missing)
            }
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                let path = prefix + [.key(key)]
                let touched = below.contains { Array($0.components.prefix(path.count)) == path }
                if touched {
                    member.schema.collectUncovered(prefix: path, covered: below, into: &missing)
                } else if member.isRequired, !member.schema.isList {
                    missing.append(CanonicalPath(components: path).description)
                }
            }
        }
    }

    private var isList: Bool {
        if case .array = self { return true }
        return false
    }
}
