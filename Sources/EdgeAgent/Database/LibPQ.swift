import CPostgreSQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The libpq functions ``PostgresConnection`` calls, loaded with `dlopen` when the first PostgreSQL connection
/// opens.
///
/// The agent does not link libpq: an agent without a PostgreSQL source or sink never maps it, nor the Kerberos,
/// LDAP, SASL and GnuTLS libraries libpq links (about 3 MB of resident pages and their start-up work). libpq's
/// header (`libpq-dev`) is only needed to build.
struct LibPQ: Sendable {
    /// The shared library's soname, as Debian's `libpq5` package installs it.
    static let soname = "libpq.so.5"
    /// The Debian package that provides ``soname``.
    static let package = "libpq5"

    typealias ConnectFunction = @Sendable @convention(c) (
        UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32
    ) -> OpaquePointer?
    typealias ExecParamsFunction = @Sendable @convention(c) (
        OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?,
        UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
    ) -> OpaquePointer?

    let connectdbParams: ConnectFunction
    let finish: @Sendable @convention(c) (OpaquePointer?) -> Void
    let status: @Sendable @convention(c) (OpaquePointer?) -> ConnStatusType
    let errorMessage: @Sendable @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let execParams: ExecParamsFunction
    let resultStatus: @Sendable @convention(c) (OpaquePointer?) -> ExecStatusType
    let resultErrorMessage: @Sendable @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let ntuples: @Sendable @convention(c) (OpaquePointer?) -> Int32
    let nfields: @Sendable @convention(c) (OpaquePointer?) -> Int32
    let fname: @Sendable @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let cmdTuples: @Sendable @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let getvalue: @Sendable @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    let getisnull: @Sendable @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    let clear: @Sendable @convention(c) (OpaquePointer?) -> Void

    /// libpq, loaded once per process; the failure says which package to install.
    static let shared: Result<LibPQ, LibPQ.Missing> = load()

    /// libpq could not be loaded.
    struct Missing: Error, Sendable {
        /// `dlopen`'s or `dlsym`'s reason.
        let reason: String
        /// What happened and what to do, for a ``DatabaseError`` message.
        var message: String {
            "the PostgreSQL client library \(LibPQ.soname) cannot be loaded (\(reason)); install the package "
                + "\(LibPQ.package) (apt-get install \(LibPQ.package))"
        }
    }

    private static func load() -> Result<LibPQ, Missing> {
        guard let library = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(Missing(reason: dlerror().map { String(cString: $0) } ?? "not found"))
        }
        do throws(Missing) {
            func symbol<T>(_ name: String, as type: T.Type) throws(Missing) -> T {
                guard let pointer = dlsym(library, name) else {
                    throw Missing(reason: "\(soname) has no \(name)")
                }
                return unsafeBitCast(pointer, to: type)
            }
            return .success(
                LibPQ(
                    connectdbParams: try symbol("PQconnectdbParams", as: ConnectFunction.self),
                    finish: try symbol("PQfinish", as: (@Sendable @convention(c) (OpaquePointer?) -> Void).self),
                    status: try symbol(
                        "PQstatus", as: (@Sendable @convention(c) (OpaquePointer?) -> ConnStatusType).self),
                    errorMessage: try symbol(
                        "PQerrorMessage",
                        as: (@Sendable @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self),
                    execParams: try symbol("PQexecParams", as: ExecParamsFunction.self),
                    resultStatus: try symbol(
                        "PQresultStatus", as: (@Sendable @convention(c) (OpaquePointer?) -> ExecStatusType).self),
                    resultErrorMessage: try symbol(
                        "PQresultErrorMessage",
                        as: (@Sendable @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self),
                    ntuples: try symbol("PQntuples", as: (@Sendable @convention(c) (OpaquePointer?) -> Int32).self),
                    nfields: try symbol("PQnfields", as: (@Sendable @convention(c) (OpaquePointer?) -> Int32).self),
                    fname: try symbol(
                        "PQfname",
                        as: (@Sendable @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?).self),
                    cmdTuples: try symbol(
                        "PQcmdTuples",
                        as: (@Sendable @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self),
                    getvalue: try symbol(
                        "PQgetvalue",
                        as: (@Sendable @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?)
                            .self),
                    getisnull: try symbol(
                        "PQgetisnull", as: (@Sendable @convention(c) (OpaquePointer?, Int32, Int32) -> Int32).self),
                    clear: try symbol("PQclear", as: (@Sendable @convention(c) (OpaquePointer?) -> Void).self)))
        } catch {
            dlclose(library)
            return .failure(error)
        }
    }
}
