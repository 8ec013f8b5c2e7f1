import EDI
import WireProtocol

extension FolderSource {
    /// Translates a file's EDI interchanges with the EDI library, skipping interchanges received before (same
    /// sender, receiver and control number), writes a 997 for each X12 interchange whose sender wants one, and
    /// commits the events, the problems and the received interchange keys in one transaction.
    ///
    /// A file with any problem goes to the error folder with every problem in its reason file; the events of its
    /// valid interchanges are still captured.
    func captureEDI(_ name: String, bytes: [UInt8], hash: String, _ state: inout PollState) async throws {
        let document = EDIDocument.parse(bytes, file: name)
        var known: [String: String] = [:]
        for entry in state.cursor.interchanges { known[entry.key] = entry.file }
        var problems: [String] = []
        var fresh: [EDIDocument.Interchange] = []
        var keys: [(key: String, file: String)] = []
        for interchange in document.interchanges {
            let key = InterchangeKey(interchange.header)
            if let first = known[key.storageKey] {
                problems.append(
                    "\(name): interchange \(key.controlNumber) from \(key.sender) to \(key.receiver) was already received "
                        + "in \(first); it is skipped as a duplicate")
                continue
            }
            fresh.append(interchange)
            if interchange.isAccepted {
                known[key.storageKey] = name
                keys.append((key.storageKey, name))
            }
        }
        var filtered = document
        filtered.interchanges = fresh
        let translation = EDITranslator(file: name).translate(filtered)
        problems += translation.problems.map(\.description)
        if let folder = settings.edi.acknowledgmentFolder {
            let writer = X12AcknowledgmentWriter(controlNumbers: FileControlNumberStore(path: settings.edi.controlNumbersPath))
            for interchange in fresh where interchange.header.standard == .x12 {
                let sender = interchange.header.senderID.trimmingCharacters(in: .whitespaces)
                guard settings.edi.wantsAcknowledgment(sender: sender), let ack = try writer.acknowledge(interchange)
                else { continue }
                let control = interchange.header.controlNumber.trimmingCharacters(in: .whitespaces)
                let ackName = "997-\(fileSafe(sender))-\(fileSafe(control)).edi"
                try FolderFiles.writeAtomically(ack, to: folder, name: ackName)
                logger.info(
                    "997 written", metadata: ["source": "\(settings.name)", "file": "\(folder)/\(ackName)", "for": "\(name)"])
            }
        }
        let events = translation.events.map { mapped in
            CapturedEvent(
                id: mapped.id, source: sourceURI, type: mapped.type, subject: mapped.subject, time: mapped.time,
                correlationID: mapped.correlationID, encodedData: mapped.encodedData)
        }
        let location = settings.processing + "/" + name
        let quarantined = problems.map {
            QuarantinedRecord(source: settings.name, location: location, reason: $0, raw: [])
        }
        state.cursor.inFlight = nil
        state.cursor.remember(
            .init(hash: hash, name: name, rejection: problems.isEmpty ? nil : problems.joined(separator: "; ")),
            interchanges: keys, limit: settings.remembered)
        try await commit(events, quarantined, state.cursor)
        if problems.isEmpty {
            let archived = try FolderFiles.move(name, from: settings.processing, to: settings.archive)
            logger.info(
                "EDI file translated and archived",
                metadata: ["source": "\(settings.name)", "file": "\(settings.archive)/\(archived)", "events": "\(events.count)"])
        } else {
            try finishRejected(name, reasons: problems)
        }
    }

    private func fileSafe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
