import Foundation

/// Headless Chromium (the Debian `chromium` package) for browser tests: loads a real page, returns the DOM it
/// rendered, or saves a screenshot.
///
/// The browser signs in the way a person does: it submits the login form with the API key, and the session
/// cookie the server sets stays in the browser's own profile (`--user-data-dir`) for the later page loads.
/// Chromium has no command-line option for a cookie, so the form is a small auto-submitting page written into
/// the profile folder; everything the tests assert on comes from the server.
public struct HeadlessChromium: Sendable {
    /// An error from running the browser: the command line and what went wrong.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the command line.
        public let description: String
    }

    /// The browser program.
    public let executable: String
    /// The profile folder that keeps the session cookie between runs.
    public let profile: String

    /// A browser with a fresh profile under `directory`; `executable` defaults to `chromium` from `PATH`.
    public init(directory: String, executable: String? = nil) {
        self.executable = executable ?? Self.find() ?? "/usr/bin/chromium"
        profile = directory + "/chromium-profile"
    }

    /// The installed `chromium`, or `nil` when there is none (install the Debian package `chromium`).
    public static func find() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Submits the login form at `baseURL/login` with `key`; returns the DOM of the page the login led to.
    public func logIn(baseURL: String, key: String) async throws -> String {
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        let form = profile + "/login.html"
        let page = """
            <!doctype html><html><body onload="document.forms[0].submit()">
            <form method="post" action="\(baseURL)/login"><input type="hidden" name="key" value="\(key)"></form>
            </body></html>
            """
        try page.write(toFile: form, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: form) }
        // The DOM can be dumped before the form's navigation finishes (a busy machine), leaving no session cookie:
        // try again while what comes back is still a login form.
        var dom = ""
        for attempt in 1...12 {
            dom = try await run(["--dump-dom", URL(fileURLWithPath: form).absoluteString])
            let stillLoggingIn = dom.contains("type=\"password\"") || dom.contains("document.forms[0].submit()")
            if !stillLoggingIn { return dom }
            try await Task.sleep(for: .milliseconds(250 * attempt))
        }
        throw Failure(description: "logging in at \(baseURL)/login did not leave the login form in 12 tries: \(dom.prefix(500))")
    }

    /// Loads `url` and returns the serialized DOM after the page has loaded.
    public func dumpDOM(_ url: String) async throws -> String {
        try await run(["--dump-dom", url])
    }

    /// Loads `url` in a `width`×`height` window and saves a PNG screenshot to `file`.
    public func screenshot(_ url: String, to file: String, width: Int = 1280, height: Int = 900) async throws {
        _ = try await run(["--screenshot=\(file)", "--window-size=\(width),\(height)", "--hide-scrollbars", url])
        guard FileManager.default.fileExists(atPath: file) else {
            throw Failure(description: "\(executable) wrote no screenshot to \(file) for \(url)")
        }
    }

    /// Runs the browser once with `arguments` after the common headless options; returns its standard output.
    private func run(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile)",
        ] + arguments
        let output = profile + "/stdout-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let commandLine = ([executable] + (process.arguments ?? [])).joined(separator: " ")
        do { try process.run() } catch { throw Failure(description: "cannot start \(commandLine): \(error)") }
        let deadline = ContinuousClock.now + .seconds(90)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                process.waitUntilExit()
                throw Failure(description: "\(commandLine) did not exit within 90 s")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(commandLine) exited with status \(process.terminationStatus)")
        }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
