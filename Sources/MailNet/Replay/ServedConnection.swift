import MailCore

/// One client connection of a `TranscriptServer`: the transport (plain, then perhaps TLS), the client's lines as
/// they arrive, and the client's IMAP tags for the recorded ones.
struct ServedConnection {
    enum Progress {
        case next
        /// The connection is over before its steps are (the client closed instead of QUIT, as tolerated).
        case done
        case failed(TranscriptServer.Failure)
    }

    var transport: any Transport
    let mailProtocol: MailProtocol
    private var reader = ClientLineReader()
    /// The client's tag for each recorded tag, so that tagged responses go back with the client's own.
    private var tags: [String: String] = [:]

    init(transport: any Transport, mailProtocol: MailProtocol) {
        self.transport = transport
        self.mailProtocol = mailProtocol
    }

    mutating func play(_ step: ReplayScript.Step, options: TranscriptServer.Options, context: TLSServerContext?,
                       report: (TranscriptServer.Report) -> Void) -> Progress {
        switch step {
        case .send(let chunks, _):
            for chunk in chunks {
                let bytes = retagged(chunk)
                do {
                    try transport.write(bytes, timeout: options.lineTimeout)
                } catch {
                    return .failed(.transport(error))
                }
                report(.sent(bytes))
            }
            return .next
        case .expect(let expected):
            return receive(expected, options: options, report: report)
        case .startTLS:
            guard let context, let socket = transport as? AcceptedSocket else { return .next }
            if reader.hasBufferedBytes {
                // A client must wait for the go-ahead's handshake (RFC 3207 §4.2); what it sent early is dropped.
                report(.discardedBeforeTLS(reader.discardBuffered()))
            }
            do {
                let tls = try context.accept(socket, timeout: options.lineTimeout)
                transport = tls
                report(.tlsStarted(version: tls.protocolVersion, cipher: tls.cipher))
            } catch {
                return .failed(.tls(error))
            }
            return .next
        case .close(let byServer, _):
            if !byServer {
                // The recorded client closed: give this one a moment to do the same.
                _ = try? reader.read(from: transport, timeout: .seconds(5))
            }
            return .done
        }
    }

    private mutating func receive(_ expected: ClientExpectation, options: TranscriptServer.Options,
                                  report: (TranscriptServer.Report) -> Void) -> Progress {
        // A line recorded without its line end is read by length; any other up to its LF.
        var count: Int?
        if !expected.line.endsWithCRLF, let wire = expected.line.wire, wire.last != 10 {
            count = wire.count
        }
        let line: [UInt8]?
        do {
            line = try reader.read(from: transport, count: count, timeout: options.lineTimeout)
        } catch {
            switch error {
            case .timedOut(let partial):
                return .failed(.timedOut(expected: expected, partial: partial,
                                         seconds: SocketReadiness.seconds(options.lineTimeout)))
            case .transport(let transportError):
                return .failed(.transport(transportError))
            }
        }
        guard let line else {
            if expected.isClosingCommand && options.tolerances.closeInsteadOfQuit && reader.partial.isEmpty {
                report(.closedInsteadOf(expected))
                return .done
            }
            return .failed(.clientClosed(expected: expected, partial: reader.partial))
        }
        switch ClientLineMatcher.match(line, expected: expected, in: mailProtocol, tolerances: options.tolerances) {
        case .match(let tag):
            if let recorded = expected.tag, let tag {
                tags[recorded] = tag
            }
            report(.received(line, expected: expected))
            return .next
        case .mismatch(let reason):
            refuse(expected, options: options)
            return .failed(.mismatch(expected: expected, received: line, reason: reason))
        }
    }

    /// Tells the client, in its protocol, that the session ends here: a 421 may come at any time in SMTP
    /// (RFC 5321 §3.8), an untagged BYE in IMAP (RFC 9051 §7.1.5), -ERR in POP3 (RFC 1939 §3).
    private func refuse(_ expected: ClientExpectation, options: TranscriptServer.Options) {
        let place = expected.transcriptLine.map { " (transcript line \($0))" } ?? ""
        let text: String
        switch mailProtocol {
        case .smtp: text = "421 4.3.0 mailrepl replay: not the line the transcript expects\(place)"
        case .imap: text = "* BYE mailrepl replay: not the line the transcript expects\(place)"
        case .pop3: text = "-ERR mailrepl replay: not the line the transcript expects\(place)"
        }
        try? transport.write(Array((text + "\r\n").utf8), timeout: .seconds(2))
    }

    /// A tagged response goes back with the tag the client used for the command.
    private func retagged(_ chunk: ReplayScript.ServerChunk) -> [UInt8] {
        guard let recorded = chunk.tag, let actual = tags[recorded], actual != recorded else { return chunk.bytes }
        return Array(actual.utf8) + chunk.bytes.dropFirst(recorded.utf8.count)
    }
}
