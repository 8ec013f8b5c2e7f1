import CrossdockTesting
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback listener that behaves as RabbitMQ's MQTT plugin does towards MQTT 5: it closes the connection on a
/// version 5 CONNECT without answering, and accepts a 3.1.1 CONNECT (CONNACK 0, then PINGRESP to pings).
///
/// Only the connect handshake is served; it stands in for a broker this machine does not run in tests.
final class MQTT5DroppingListener: Sendable {
    let port: Int
    private let descriptor: Int32
    /// The protocol levels of the CONNECTs received, in order (5, 4, …).
    let levels = Mutex<[UInt8]>([])

    init() throws {
        port = try TestBroker.freePort()
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw ListenerError(description: "cannot listen on 127.0.0.1:\(port)")
        }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting (the accept loop ends when the socket is shut down).
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    private func acceptLoop() {
        while true {
            let client = accept(descriptor, nil, nil)
            guard client >= 0 else { return }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        // CONNECT: fixed header, remaining length, then "\0\4MQTT" and the protocol level.
        guard let header = read(client, count: 2), header[0] == 0x10 else { return }
        var remaining = Int(header[1] & 0x7f)
        if header[1] & 0x80 != 0 {
            guard let more = read(client, count: 1) else { return }
            remaining += Int(more[0] & 0x7f) << 7
        }
        guard let body = read(client, count: remaining), body.count > 6 else { return }
        let level = body[6]
        levels.withLock { $0.append(level) }
        guard level == 4 else { return }  // MQTT 5: close without a CONNACK.
        guard write(client, [0x20, 0x02, 0x00, 0x00]) else { return }
        while let packet = read(client, count: 2) {
            if packet[1] > 0, read(client, count: Int(packet[1])) == nil { return }
            switch packet[0] & 0xf0 {
            case 0xc0: if !write(client, [0xd0, 0x00]) { return }  // PINGREQ → PINGRESP
            case 0xe0: return  // DISCONNECT
            default: break
            }
        }
    }

    private func read(_ client: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { recv(client, $0.baseAddress! + filled, count - filled, 0) }
            if got <= 0 { return nil }
            filled += got
        }
        return bytes
    }

    private func write(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(client, $0.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }
}

/// The stand-in listener could not start.
struct ListenerError: Error, CustomStringConvertible {
    let description: String
}
