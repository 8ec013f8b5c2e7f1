#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a large, valid X12 file: one interchange with a group of 856 ship notices and a group of 940
/// warehouse shipping orders, alternating until the size is reached.
enum BenchFile {
    nonisolated(unsafe) static var lastSetCount = 0

    /// Generates about `megabytes` MB at `path`, switching between 856 and 940 groups every `setsPerGroup`
    /// sets; returns the exact size in bytes.
    static func generate(path: String, megabytes: Int, setsPerGroup: Int = 50_000) throws -> Int {
        guard let f = fopen(path, "w") else { fatalError("cannot create \(path)") }
        defer { fclose(f) }
        let target = megabytes * 1_000_000
        var written = 0
        func put(_ s: String) {
            var s = s
            s.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, f) }
            written += s.utf8.count
        }
        put(
            "ISA*00*          *00*          *ZZ*BENCHWMS       *ZZ*CROSSDOCK      *260714*1200*^*00501*000000001*0*P*>~\n"
        )
        var sets = 0
        var groups = 0
        let perGroup = setsPerGroup
        var inGroup = 0
        var kind = 0
        while written < target {
            if inGroup == 0 {
                groups += 1
                put("GS*\(kind == 0 ? "SH" : "OW")*BENCHWMS*CROSSDOCK*20260714*1200*\(groups)*X*005010~\n")
            }
            sets += 1
            inGroup += 1
            let control = String(sets + 10000)
            var body = ""
            var count = 0
            func seg(_ s: String) {
                body += s + "~\n"
                count += 1
            }
            if kind == 0 {
                seg("BSN*00*SHIP\(sets)*20260714*1200*0001")
                seg("HL*1**S")
                seg("TD1*CTN*4****G*42.5*LB")
                seg("TD5**2*ACME**ACME GROUND")
                seg("REF*BM*BOL\(sets)")
                seg("DTM*011*20260714")
                seg("N1*ST*CUSTOMER \(sets % 97)*92*C\(sets % 97)")
                seg("N3*\(sets % 900 + 100) MAIN STREET")
                seg("N4*SPRINGFIELD*IL*62701*US")
                seg("HL*2*1*O")
                seg("PRF*PO\(sets)")
                for p in 0..<4 {
                    seg("HL*\(3 + p * 2)*2*P")
                    seg("MAN*GM*00000123450000\(String(100000 + sets % 90000))\(p)")
                    seg("HL*\(4 + p * 2)*\(3 + p * 2)*I")
                    seg("LIN*\(p + 1)*VN*ITEM-\(p)-\(sets % 1000)*UP*0123456789\(p)\(p)")
                    seg("SN1**\(p + 2)*EA")
                }
                seg("CTT*10")
            } else {
                seg("W05*N*ORD\(sets)*PO\(sets)")
                seg("N1*ST*CUSTOMER \(sets % 97)*9*00123456\(sets % 10)")
                seg("N3*\(sets % 900 + 100) MAIN STREET")
                seg("N4*SPRINGFIELD*IL*62701*US")
                seg("N9*BR*R\(sets)")
                seg("G62*10*20260715")
                seg("W66*PP*M***ACME")
                for l in 1...6 {
                    seg("LX*\(l)")
                    seg("W01*\(l * 3)*EA*0123456789\(l)\(l)*VN*ITEM-\(l)-\(sets % 1000)")
                    seg("G69*WIDGET MODEL \(l)")
                }
                seg("W76*\(21 * 3)*42.5*LB")
            }
            put("ST*\(kind == 0 ? "856" : "940")*\(control)~\n" + body + "SE*\(count + 2)*\(control)~\n")
            if inGroup == perGroup || written >= target {
                put("GE*\(inGroup)*\(groups)~\n")
                inGroup = 0
                kind = 1 - kind
            }
        }
        put("IEA*\(groups)*000000001~\n")
        lastSetCount = sets
        return written
    }
}
