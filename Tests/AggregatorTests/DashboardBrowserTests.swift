import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// The dashboard and portal in a real browser (headless Chromium) against the real server: the DOM it renders
/// shows the flow counts, a trace, a dead letter that a replay through the page's own form clears, and a
/// customer's own orders only. With `CROSSDOCK_SCREENSHOTS=1` it also saves the screenshots under
/// `docs/screenshots/` that the README shows.
@Suite
struct DashboardBrowserTests {
    typealias F = AdminFixture

    /// The rows of the page's first table that have a `type` cell, as type → the number in the row's `count` cell.
    static func flowCounts(_ dom: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in dom.components(separatedBy: "<tr").dropFirst() {
            guard let type = Self.text(in: row, after: "class=\"type\">"),
                let count = Self.text(in: row, after: "class=\"num count\">").flatMap({ Int($0) })
            else { continue }
            counts[type] = count
        }
        return counts
    }

    /// The text after `marker` up to the next tag.
    static func text(in html: some StringProtocol, after marker: String) -> String? {
        guard let start = html.range(of: marker)?.upperBound else { return nil }
        return String(html[start...].prefix { $0 != "<" })
    }

    /// Where the screenshots go when asked for: the repository's `docs/screenshots`.
    static let screenshots: String? = ProcessInfo.processInfo.environment["CROSSDOCK_SCREENSHOTS"] == "1"
        ? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/screenshots").path
        : nil

    @Test func operatorsSeeFlowTraceAndReplayAndCustomersTheirOrders() async throws {
        // `make deps` installs chromium; without it this test fails rather than passing by skipping.
        try #require(HeadlessChromium.find() != nil, "chromium is not installed: apt-get install chromium")
        try await withTemporaryDirectory { dir in
            let api = try await F.start(dir)
            let base = "http://127.0.0.1:\(api.port)"
            let browser = HeadlessChromium(directory: dir + "/operator")
            _ = try await browser.logIn(baseURL: base, key: F.acmeOperator.token)

            let overview = try await browser.dumpDOM(base + "/dashboard")
            let counts = Self.flowCounts(overview)
            #expect(
                counts == [
                    "com.crossdock.order.released.v1": 1, "com.crossdock.order.created.v1": 1,
                    "com.crossdock.shipment.confirmed.v1": 1,
                ], "\(overview)")
            #expect(!overview.contains("G-SO-7") && !overview.contains("globex"))

            let trace = try await browser.dumpDOM(base + "/dashboard/trace?key=SO-2")
            #expect(Self.text(in: trace, after: "class=\"type\">") == "com.crossdock.order.created.v1", "\(trace)")
            #expect(trace.contains("order.import"))
            #expect(Self.text(in: trace, after: "class=\"state\">") == "dead")

            // The replay goes through the page's own form: its action and CSRF token as the browser rendered them.
            let dead = try await browser.dumpDOM(base + "/dashboard/dead-letters")
            let action = try #require(
                Self.text(in: dead, after: "action=\"/dashboard/dead-letters/").map { "/dashboard/dead-letters/" + $0.prefix { $0 != "\"" } })
            #expect(action.hasPrefix("/dashboard/dead-letters/") && action.hasSuffix("/replay"), "\(dead)")
            let csrf = DashboardTokenProbe.token(in: dead)
            #expect(csrf.count == 64)
            let (cookie, _) = try await DashboardTests.login(api, F.acmeOperator.token)
            let replay = try await api.raw(
                "POST", String(action), body: Array("csrf=\(csrf)".utf8), contentType: "application/x-www-form-urlencoded",
                headers: [("Cookie", cookie), ("Origin", base)])
            #expect(replay.status == 303)
            let cleared = try await browser.dumpDOM(base + "/dashboard/dead-letters")
            #expect(cleared.contains("No dead letters."), "\(cleared)")
            #expect(!cleared.contains(String(action)))
            let replayed = try await browser.dumpDOM(base + "/dashboard/trace?key=SO-2")
            #expect(Self.text(in: replayed, after: "class=\"state\">") == "pending", "\(replayed)")

            let customer = HeadlessChromium(directory: dir + "/customer")
            _ = try await customer.logIn(baseURL: base, key: F.acmeCustomer.token)
            let portal = try await customer.dumpDOM(base + "/portal")
            #expect(portal.contains(">SO-1<"), "\(portal)")
            #expect(!portal.contains("SO-2") && !portal.contains("G-SO-7"))
            let order = try await customer.dumpDOM(base + "/portal/orders/SO-1")
            #expect(order.contains("Shipment SH-1"), "\(order)")
            // The customer's cookie does not open the dashboard: the browser lands on the portal's login instead.
            #expect(Self.flowCounts(try await customer.dumpDOM(base + "/dashboard")).isEmpty)

            if let folder = Self.screenshots {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try await browser.screenshot(base + "/dashboard", to: folder + "/dashboard.png")
                try await customer.screenshot(base + "/portal/orders/SO-1", to: folder + "/portal.png")
                #expect(FileManager.default.fileExists(atPath: folder + "/portal.png"))
            }
            await api.stop()
        }
    }
}
