import Foundation

/// Loads a program's configuration: the YAML file if one is given, else embedded defaults, then environment
/// overrides; decodes it and reports every problem at once.
public enum ConfigurationLoader {
    /// Loads and decodes the configuration at `path` (or the embedded defaults when `nil`).
    public static func load<T>(
        path: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        _ build: (ConfigReader) -> T
    ) throws(ConfigurationError) -> T {
        let document = try path.map { path throws(ConfigurationError) in
            try ConfigurationDocument.load(path: path, environment: environment)
        } ?? ConfigurationDocument(root: .mapping([], .embedded), path: nil).overridden(by: environment)
        return try document.decode(build)
    }

    /// Checks the configuration for `check-config`: prints a summary or every problem; returns the exit status.
    public static func check<T>(
        path: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        summary: (T) -> String, _ build: (ConfigReader) -> T
    ) -> Int32 {
        do {
            let configuration = try load(path: path, environment: environment, build)
            print("\(path ?? "embedded defaults"): OK\n\(summary(configuration))")
            return 0
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 1
        }
    }
}
