#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks that the broker's port accepts TCP connections before libmosquitto is asked to connect.
///
/// libmosquitto 2.0.11 connects asynchronously, and over TLS it takes the `SSL_ERROR_SYSCALL` that follows a
/// refused non-blocking connect for "try again later" (`net__socket_connect_tls` sets `want_connect` and reports
/// success): the client then sits with a dead socket until the keep-alive runs out (1.5 × keep-alive), whatever
/// the reconnect backoff says. That is what happens whenever the broker is down and the kernel reports the
/// refusal after `connect` returned `EINPROGRESS` (always across a network, sometimes on a busy loopback).
/// Probing first turns that into an immediate, well-described failure; the probe connection is closed at once
/// (the broker may log it as a client that disconnected before its handshake).
enum MQTTTCPProbe {
    /// `nil` if `host:port` accepted a TCP connection within `timeout`, else why not.
    static func check(host: String, port: Int, timeout: Duration) async -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            return "cannot resolve \(host): \(String(cString: gai_strerror(resolved)))"
        }
        defer { freeaddrinfo(list) }
        var reason = "no address for \(host)"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            switch await attempt(current.pointee, timeout: timeout) {
            case nil: return nil
            case let failure?: reason = failure
            }
            entry = current.pointee.ai_next
        }
        return reason
    }

    private static func attempt(_ address: addrinfo, timeout: Duration) async -> String? {
        let descriptor = socket(
            address.ai_family, address.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            address.ai_protocol)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        if connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            var descriptorEvents = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&descriptorEvents, 1, 0)
            if ready > 0 {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                return error == 0 ? nil : String(cString: strerror(error))
            }
            if ready < 0 && errno != EINTR { return String(cString: strerror(errno)) }
            try? await Task.sleep(for: .milliseconds(5))
            if Task.isCancelled { return "cancelled" }
        }
        return "no answer within \(MQTTClientCore.format(timeout))"
    }
}
