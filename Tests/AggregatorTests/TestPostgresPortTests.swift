import CrossdockTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The throwaway PostgreSQL server the store tests use: a port taken by someone else between choosing it and
/// starting the server does not fail the test.
struct TestPostgresPortTests {
    @Test func aServerWhosePortWasTakenStartsOnAnother() async throws {
        let taken = try TestBroker.freePort()
        let listener = try #require(Self.listen(on: taken), "could not occupy port \(taken)")
        defer { close(listener) }
        let (port, answer) = try await TestPostgres.withServer(firstPort: taken) { server in
            (server.port, try server.psql("SELECT 40 + 2"))
        }
        #expect(port != taken)
        #expect(answer == "42")
    }

    /// A socket listening on 127.0.0.1:`port`, or `nil`.
    private static func listen(on port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(descriptor, 1) == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }
}
