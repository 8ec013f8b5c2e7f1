import Foundation

/// Finds the package's built executables (`crossdock-agent`, `crossdock-aggregator`) for tests that run them as
/// real processes: next to the running test bundle, which is where `swift build --build-tests` puts them, or in the
/// directory `CROSSDOCK_BIN` names (as for `packaging/build-deb.sh` and `scripts/demo.sh`), so that a benchmark can
/// measure another build of them, such as the packaged `--static-swift-stdlib` one.
public enum ProductExecutable {
    /// An executable that was not built.
    public struct NotBuilt: Error, CustomStringConvertible {
        /// Where it was looked for.
        public let path: String
        public var description: String { "\(path) does not exist; run `swift build --build-tests` (or `make test`) first" }
    }

    /// The path of the executable product `name`: in `$CROSSDOCK_BIN` when it is set, else beside this program.
    public static func path(_ name: String) throws -> String {
        if let directory = ProcessInfo.processInfo.environment["CROSSDOCK_BIN"], !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            guard FileManager.default.isExecutableFile(atPath: candidate) else { throw NotBuilt(path: candidate) }
            return candidate
        }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // On Linux the test runner is `<bin>/crossdockPackageTests.xctest`; elsewhere it sits inside a bundle.
        while !directory.path.hasSuffix("/debug"), !directory.path.hasSuffix("/release"), directory.path != "/" {
            if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(name).path) { break }
            directory.deleteLastPathComponent()
        }
        let candidate = directory.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: candidate) else { throw NotBuilt(path: candidate) }
        return candidate
    }
}
