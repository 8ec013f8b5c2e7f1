import CMosquitto

/// Process-wide setup of libmosquitto.
enum MQTTLibrary {
    /// `mosquitto_lib_init` runs exactly once per process: Swift initialises global constants lazily and
    /// thread-safely. It is never cleaned up, since clients may live until the process exits.
    private static let initialized: Bool = {
        mosquitto_lib_init()
        return true
    }()

    /// Initialises libmosquitto if nothing did yet.
    static func ensureInitialized() {
        _ = initialized
    }

    /// The linked libmosquitto's version, e.g. `2.0.11`.
    static var version: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        _ = mosquitto_lib_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}

/// The `struct mosquitto *` of one client. libmosquitto serialises access to it internally once its network
/// thread runs; the client core decides which calls happen when.
struct MosquittoHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
