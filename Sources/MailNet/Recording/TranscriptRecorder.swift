import MailCore

/// Records a session as a transcript, one line per event, as it happens.
///
/// It observes the session like the renderer does and sees only what observers see: a secret line arrives as its
/// `shown` form, with `Redaction.marker` where the secret was, so the secret never reaches the recorder, the
/// file or any buffer on the way. Server bytes are recorded exactly: lines with their terminators, and IMAP
/// literals as `S:` lines cut after each LF (a piece without a line end is marked), so the server's byte stream is
/// the concatenation of the `S:` lines.
public final class TranscriptRecorder {
    public let file: TranscriptFile
    /// Set once a write failed; nothing more is recorded after it.
    public private(set) var failure: RecordingError?
    /// Called once, when a write fails.
    public var onFailure: ((RecordingError) -> Void)?
    private let start = ContinuousClock.now
    /// Words for a transport failure in a close event.
    private let describeFailure: (TransportError) -> String
    /// Bytes of a server literal since its last LF.
    private var literalLine: [UInt8] = []
    /// A literal piece longer than this without a line feed is written anyway, marked as not ending a line.
    private let literalLineLimit = 4096
    /// Lines of server data not yet written: the lines of one read go to the file in one write(2), when the
    /// session has given all of that read's events (`flush()`), instead of one system call per line of a body.
    private var pending: [UInt8] = []
    private let pendingLimit = 64 * 1024

    /// Creates the file (never over an existing one) and writes the header and the description.
    public init(path: String, description: String? = nil,
                describeFailure: @escaping (TransportError) -> String = { String(describing: $0) })
        throws(RecordingError) {
        file = try TranscriptFile(creating: path)
        self.describeFailure = describeFailure
        try file.writeLine(TranscriptWriter.header)
        if let description, !description.isEmpty {
            try file.writeLine(TranscriptWriter.line(for: TranscriptEntry(.comment(description))))
        }
    }

    public var isRecording: Bool { file.isOpen && failure == nil }

    /// Records what a recording started mid-session must say first: where the session is connected, and its TLS.
    public func resume(target: MailTarget, connection: ConnectionInfo?, tls: TLSSummary?) {
        write(.event(.note("recording began during the session")))
        write(.event(.connect(url: Self.url(of: target))))
        if let connection {
            write(.event(.connected(address: connection.remoteAddress, elapsedMicroseconds: nil)))
        }
        if let tls {
            write(.event(.tls(Self.facts(of: tls))))
        }
    }

    /// Closes the file; events after this are ignored.
    public func stop() {
        flushLiteral()
        flush()
        file.close()
    }

    /// Writes the lines gathered so far. The session calls it after the events of each read (`addReadObserver`);
    /// every other kind of event is written at once.
    public func flush() {
        guard !pending.isEmpty, isRecording else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        do {
            try file.write(pending)
        } catch {
            failure = error
            onFailure?(error)
        }
    }

    public func record(_ event: SessionEvent) {
        guard isRecording else { return }
        switch event {
        case .connecting(let target):
            write(.event(.connect(url: Self.url(of: target))))
        case .connected(let info):
            let (seconds, attoseconds) = info.elapsed.components
            let microseconds = Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000)
            write(.event(.connected(address: info.remoteAddress, elapsedMicroseconds: microseconds)))
        case .sent(let submission, let shown):
            if submission.isSecret {
                write(.event(.redacted(what: Self.secretKind(of: submission))))
            }
            let endsWithCRLF = submission.wire.suffix(2).elementsEqual([13, 10])
            write(.client(TranscriptLine(shown: shown, isSecret: submission.isSecret, endsWithCRLF: endsWithCRLF)))
        case .held:
            break
        case .received(let line, let reception):
            flushLiteral()
            write(.server(TranscriptLine(line)))
            if line.droppedBytes > 0 {
                write(.event(.dropped(count: line.droppedBytes)))
            }
            if reception.completion != nil {
                // A complete response is on disk at once, whoever drives the session.
                flush()
            }
        case .literal(let bytes, let isLast):
            recordLiteral(bytes, isLast: isLast)
        case .lineTooLong:
            // The line itself follows as `received`, with the count of bytes dropped.
            break
        case .tlsStarted(let summary):
            write(.event(.tls(Self.facts(of: summary))))
        case .injectionDiscarded(let bytes):
            write(.event(.discarded(bytes)))
        case .notice(let text):
            write(.event(.note(text)))
        case .closed(let reason):
            flushLiteral()
            write(.event(.close(close(reason))))
        }
    }

    private func close(_ reason: CloseReason) -> TranscriptEvent.CloseReason {
        switch reason {
        case .byClient: return .client
        case .byServerAsAnnounced: return .server
        case .byServerUnexpectedly(let midResponse): return .unexpected(midResponse: midResponse)
        case .failed(let error): return .failed(describeFailure(error))
        case .replyTooLong(let lines): return .failed("the client closed: a reply went on past \(lines) lines")
        }
    }

    private func recordLiteral(_ bytes: [UInt8], isLast: Bool) {
        var start = 0
        while let lineFeed = bytes[start...].firstIndex(of: 10) {
            literalLine += bytes[start...lineFeed]
            start = lineFeed + 1
            writeLiteralLine()
        }
        literalLine += bytes[start...]
        if literalLine.count > literalLineLimit || isLast {
            flushLiteral()
        }
    }

    private func writeLiteralLine() {
        if literalLine.suffix(2).elementsEqual([13, 10]) {
            write(.server(TranscriptLine(Array(literalLine.dropLast(2)))))
        } else {
            write(.server(TranscriptLine(literalLine, endsWithCRLF: false)))
        }
        literalLine.removeAll(keepingCapacity: true)
    }

    private func flushLiteral() {
        guard !literalLine.isEmpty else { return }
        writeLiteralLine()
    }

    private func write(_ entry: TranscriptEntry) {
        guard isRecording else { return }
        var timed = entry
        if case .comment = entry.kind {} else {
            let (seconds, attoseconds) = (ContinuousClock.now - start).components
            timed.milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        }
        TranscriptWriter.appendLine(for: timed, to: &pending)
        if case .server = entry.kind, pending.count < pendingLimit {
            return
        }
        flush()
    }

    // MARK: - Words and facts

    /// The target's URL without the user name: the transcript says where, and the lines say who.
    static func url(of target: MailTarget) -> String {
        target.scheme + "://" + target.authority
    }

    static func facts(of summary: TLSSummary) -> TranscriptTLS {
        TranscriptTLS(version: summary.protocolVersion, cipher: summary.cipher, subject: summary.subject,
                      issuer: summary.issuer, notBefore: summary.notBefore, notAfter: summary.notAfter,
                      names: summary.subjectAlternativeNames, verified: summary.verified,
                      verifyResult: summary.verifyText, verifyCode: summary.verifyCode, host: summary.serverName)
    }

    static func secretKind(of submission: Submission) -> String {
        switch submission.verb {
        case "LOGIN", "PASS": return "password"
        case "AUTH", "AUTHENTICATE": return "SASL initial response"
        case "APOP": return "APOP digest"
        case nil: return "SASL response or password"
        default: return "secret"
        }
    }
}
