import Foundation
import Hummingbird

/// Server-rendered HTML: escaping, the page layout with its branding, and the response headers of every page.
///
/// Every value from the store, the request or the configuration passes through ``escape(_:)`` before it reaches
/// a page; colours reach the style sheet only after ``Branding/isColor(_:)`` accepted them.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A path segment or query value, percent-encoded (then safe in an attribute).
    static func component(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A whole page: the branding's name and logo in the header, navigation links, the body, an optional footer.
    static func page(title: String, branding: Branding, navigation: [(String, String)], body: String) -> String {
        let logo = branding.logoURL.map { "<img class=\"logo\" src=\"\(escape($0))\" alt=\"\">" } ?? ""
        let links = navigation.map { "<a href=\"\(escape($0.0))\">\(escape($0.1))</a>" }.joined(separator: " ")
        let footer = branding.supportEmail.map { "<footer>Support: \(escape($0))</footer>" } ?? ""
        let primary = Branding.isColor(branding.primaryColor) ? branding.primaryColor : "#1f2937"
        let accent = Branding.isColor(branding.accentColor) ? branding.accentColor : "#2563eb"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · \(escape(branding.name))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;color:#111}
            header{background:\(primary);color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
            header .brand{font-weight:600;font-size:1.1rem} header a{color:#fff;margin-right:.8rem}
            .logo{height:32px} main{padding:1rem} a{color:\(accent)}
            table{border-collapse:collapse;margin:.5rem 0 1.2rem} th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}
            th{background:#f4f4f5} .num{text-align:right} .bad{color:#b91c1c;font-weight:600} .ok{color:#15803d}
            button{background:\(primary);color:#fff;border:0;padding:.3rem .7rem;border-radius:3px;cursor:pointer}
            form.inline{display:inline} input[type=text],input[type=password]{padding:.3rem;min-width:16rem}
            footer{padding:1rem;color:#555;font-size:.9rem}
            </style></head>
            <body><header>\(logo)<span class="brand">\(escape(branding.name))</span><nav>\(links)</nav></header>
            <main>\(body)</main>\(footer)</body></html>
            """
    }

    /// The response for a page, with headers that forbid scripts, framing and caching.
    static func response(_ html: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy:
                "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'",
            .init("X-Content-Type-Options")!: "nosniff",
            .init("Referrer-Policy")!: "no-referrer",
        ]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A `303 See Other` to `location`.
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }

    /// A table: a header row and rows of already-escaped cells.
    static func table(_ columns: [String], _ rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return "<p>\(escape(empty))</p>" }
        let head = columns.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }
}
