import WireProtocol

/// A path to a member of a canonical payload, written `shipmentNumber`, `carrier.scac` or `lines[0].item.sku`.
public struct CanonicalPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        /// A member of an object.
        case key(String)
        /// An element of an array.
        case index(Int)
    }

    /// Why a path cannot be used.
    public struct Problem: Error, Sendable, Hashable {
        /// What is wrong, one line.
        public var message: String
    }

    /// The steps, from the payload's root.
    public var components: [Component]

    /// Creates a path from its steps.
    public init(components: [Component]) {
        self.components = components
    }

    /// Parses `a.b[2].c`; the result says what is wrong with malformed text.
    public static func parse(_ text: String) -> Result<CanonicalPath, Problem> {
        var components: [Component] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let nameEnd = rest.firstIndex(of: "[") ?? rest.endIndex
            let name = rest[..<nameEnd]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                return .failure(Problem(message: "'\(text)' is not a field path such as lines[0].item.sku"))
            }
            components.append(.key(String(name)))
            rest = rest[nameEnd...]
            while rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    (0...999).contains(index)
                else {
                    return .failure(Problem(message: "'\(text)' has a bad list index; write it as name[0]"))
                }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
            guard rest.isEmpty else {
                return .failure(Problem(message: "'\(text)' is not a field path such as lines[0].item.sku"))
            }
        }
        return .success(CanonicalPath(components: components))
    }

    /// The path as written.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
