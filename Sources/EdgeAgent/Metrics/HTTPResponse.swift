/// The request line of an HTTP/1.1 request: just enough for two GET endpoints.
enum HTTPRequestLine {
    /// Whether the header block is complete (`\r\n\r\n` seen).
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for index in 3..<bytes.count
        where bytes[index - 3] == 13 && bytes[index - 2] == 10 && bytes[index - 1] == 13 && bytes[index] == 10 {
            return true
        }
        return false
    }

    /// The method and path (without query) of a request, or `nil` if the request line is malformed.
    static func parse(_ bytes: [UInt8]) -> (method: String, path: String)? {
        guard let end = bytes.firstIndex(of: 13) ?? bytes.firstIndex(of: 10) else { return nil }
        let parts = bytes[..<end].split(separator: 32)
        guard parts.count == 3, parts[2].starts(with: Array("HTTP/1.".utf8)) else { return nil }
        let target = String(decoding: parts[1], as: UTF8.self)
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        return (String(decoding: parts[0], as: UTF8.self), path ?? target)
    }
}

/// A complete HTTP/1.1 response that closes the connection.
struct HTTPResponse {
    var status: Int
    var contentType: String
    var body: [UInt8]

    func encoded(includeBody: Bool = true) -> [UInt8] {
        let reason: String
        switch status {
        case 200: reason = "OK"
        case 400: reason = "Bad Request"
        case 404: reason = "Not Found"
        case 405: reason = "Method Not Allowed"
        case 503: reason = "Service Unavailable"
        default: reason = "Status"
        }
        let head =
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
            + "Connection: close\r\n\r\n"
        return Array(head.utf8) + (includeBody ? body : [])
    }
}
