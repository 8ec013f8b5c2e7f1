/// Why a control number could not be reserved.
public struct ControlNumberError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable {
        let name: String
        /// The state file cannot be read, written or synced.
        public static let io = Code(name: "io")
        /// The state file holds a line that is not `partner<TAB>kind<TAB>number`.
        public static let corrupt = Code(name: "corrupt")
    }
    /// What went wrong.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// The message.
    public var description: String { message }
}
