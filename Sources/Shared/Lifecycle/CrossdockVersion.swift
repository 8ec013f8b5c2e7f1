/// The version of this crossdock build, reported in `--version`, status messages and logs.
public enum CrossdockVersion {
    /// The release version (semantic versioning).
    public static let current = "0.1.0"
}
