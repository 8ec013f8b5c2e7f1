/// Running the `openssl` command line for ``CertificateAuthority``.
enum OpenSSL {
    /// Runs openssl for its effect; throws when it fails.
    static func run(_ executable: String, _ arguments: [String]) throws(PKIError) {
        _ = try output(executable, arguments)
    }

    /// Runs openssl and returns what it printed; throws when it fails.
    static func output(_ executable: String, _ arguments: [String]) throws(PKIError) -> String {
        let outcome: (status: Int32, output: String)
        do {
            outcome = try ChildProcess.run(executable: executable, arguments: arguments)
        } catch {
            throw PKIError(.opensslFailed, "\(error); install openssl (apt-get install openssl)")
        }
        guard outcome.status == 0 else {
            throw PKIError(
                .opensslFailed,
                "openssl \(arguments.prefix(2).joined(separator: " ")) failed with status \(outcome.status): "
                    + outcome.output.trimmingSpaces())
        }
        return outcome.output
    }

    /// A `-subj` value; `/` inside the common name is escaped, as openssl would split on it otherwise.
    static func subject(organisationalUnit: String, commonName: String) -> String {
        func escape(_ value: String) -> String {
            var escaped = ""
            for character in value {
                if character == "/" || character == "\\" || character == "+" || character == "=" {
                    escaped.append("\\")
                }
                escaped.append(character)
            }
            return escaped
        }
        return "/O=crossdock/OU=\(escape(organisationalUnit))/CN=\(escape(commonName))"
    }

    /// A random positive 63-bit serial number in hex.
    static func randomSerial() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = (generator.next() as UInt64) >> 1 | 1
        return "0x" + String(value, radix: 16)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var characters = Substring(self)
        while let last = characters.last, last.isWhitespace { characters.removeLast() }
        while let first = characters.first, first.isWhitespace { characters.removeFirst() }
        return String(characters)
    }
}
