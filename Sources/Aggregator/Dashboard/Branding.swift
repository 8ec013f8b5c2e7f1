import Shared

/// How pages look for one partner or tenant: name, logo and colours. Nothing of crossdock is forced on a page.
public struct Branding: Sendable, Hashable {
    /// The name in the title and the header.
    public var name: String
    /// The logo's URL (`https://…` or a path on the same host), or `nil` for none.
    public var logoURL: String?
    /// The main colour (`#rgb` or `#rrggbb`): header and buttons.
    public var primaryColor: String
    /// The accent colour (links, highlights).
    public var accentColor: String
    /// A support contact shown in the footer, or `nil`.
    public var supportEmail: String?

    /// Neutral defaults: the pages show "Operations" and no product name.
    public init(
        name: String = "Operations", logoURL: String? = nil, primaryColor: String = "#1f2937",
        accentColor: String = "#2563eb", supportEmail: String? = nil
    ) {
        self.name = name
        self.logoURL = logoURL
        self.primaryColor = primaryColor
        self.accentColor = accentColor
        self.supportEmail = supportEmail
    }

    /// Reads a `branding` mapping over `base`, recording bad colours and URLs with their key path.
    init(reader: ConfigReader, base: Branding) {
        self = base
        if let name = reader.string("name") {
            if name.isEmpty || name.count > 80 { reader.problem("name", "give a name of 1 to 80 characters") }
            self.name = name
        }
        if let url = reader.string("logo_url") {
            let lower = url.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://") || url.hasPrefix("/")) || url.count > 500 {
                reader.problem("logo_url", "expected an http(s) URL or a path starting with /, found \"\(url.prefix(60))\"")
            }
            logoURL = url
        }
        for (key, apply) in [
            ("primary_color", { (value: String, branding: inout Branding) in branding.primaryColor = value }),
            ("accent_color", { (value: String, branding: inout Branding) in branding.accentColor = value }),
        ] {
            guard let value = reader.string(key) else { continue }
            if Self.isColor(value) {
                apply(value, &self)
            } else {
                reader.problem(key, "expected a colour such as #0a5 or #00aa55, found \"\(value.prefix(40))\"")
            }
        }
        if let email = reader.string("support_email") {
            if !email.contains("@") || email.count > 200 { reader.problem("support_email", "expected an e-mail address") }
            supportEmail = email
        }
    }

    /// `#rgb` or `#rrggbb`: the only colour forms written into a page's style, so nothing else can reach CSS.
    static func isColor(_ text: String) -> Bool {
        guard text.first == "#", text.count == 4 || text.count == 7 else { return false }
        return text.dropFirst().allSatisfy(\.isHexDigit)
    }
}
