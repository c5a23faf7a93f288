import MailCore

/// Turns a transcript back into the events the session engine reported when it was recorded, so that a replay
/// is rendered by the same renderer, with the same colours and explanations, as the live session was.
///
/// It is fed one entry at a time, so a transcript can be read from its file as it is shown.
public struct TranscriptEventStream {
    public private(set) var target: MailTarget
    private var interpreter: TranscriptInterpreter

    /// `head` is the transcript so far, at least up to its first connect event or protocol line (the whole of it
    /// will do): it says which protocol to read the lines as. `fallbackProtocol` is used when it does not say
    /// and its lines do not tell.
    public init(head: Transcript, fallbackProtocol: MailProtocol? = nil) {
        let mailProtocol = head.mailProtocol ?? fallbackProtocol ?? .smtp
        target = head.target ?? MailTarget(mailProtocol: mailProtocol, security: .plain, host: "(transcript)")
        interpreter = TranscriptInterpreter(mailProtocol: target.mailProtocol)
    }

    /// The dialect as it stands after the entries so far (capabilities, state).
    public var dialect: any Dialect { interpreter.dialect }

    /// The events `entry` stands for, in order, appended to `events` (one array for all the lines of a long
    /// transcript, not one for each); call for each entry in turn, then `finish()`.
    public mutating func events(for entry: TranscriptEntry, into events: inout [SessionEvent]) {
        func each(_ event: SessionEvent) {
            events.append(event)
        }
        if interpreter.startTLSPending, !Self.isTLSEvent(entry) {
            // An RFC-style example agrees to STARTTLS and goes on: the handshake happened there, unrecorded.
            _ = interpreter.tlsStarted()
            each(.notice("TLS starts here; the transcript does not record the handshake"))
        }
        switch entry.kind {
        case .comment:
            break
        case .client(let line):
            var submission = interpreter.client(line)
            if !line.endsWithCRLF {
                submission.note = "sent without CRLF"
            }
            each(.sent(submission, shown: line.shown))
        case .server(let line):
            interpreter.server(line) { each(Self.event($0)) }
        case .event(let event):
            sessionEvents(for: event).forEach(each)
        }
    }

    /// What is left when the transcript ends: a last line without a terminator.
    public mutating func finish() -> [SessionEvent] {
        interpreter.finish().map(Self.event)
    }

    private static func isTLSEvent(_ entry: TranscriptEntry) -> Bool {
        if case .event(.tls) = entry.kind { return true }
        return false
    }

    private static func event(_ item: TranscriptInterpreter.ServerItem) -> SessionEvent {
        switch item {
        case .line(let line, let reception): return .received(line, reception)
        case .literal(let bytes, let isLast): return .literal(bytes, isLast: isLast)
        case .lineTooLong(let limit): return .lineTooLong(limit: limit)
        }
    }

    private mutating func sessionEvents(for event: TranscriptEvent) -> [SessionEvent] {
        switch event {
        case .connect(let url):
            if let parsed = try? MailTargetParser.parse(url) {
                target = parsed
            }
            interpreter.reset(mailProtocol: target.mailProtocol)
            return [.connecting(target)]
        case .connected(let address, let elapsed):
            return [.connected(ConnectionInfo(host: target.host, remoteAddress: address, port: target.port,
                                              localAddress: "", localPort: 0,
                                              elapsed: .microseconds(elapsed ?? 0)))]
        case .tls(let facts):
            let injected = interpreter.tlsStarted()
            var events: [SessionEvent] = injected.isEmpty ? [] : [.injectionDiscarded(injected)]
            if let summary = Self.summary(of: facts, host: target.host) {
                events.append(.tlsStarted(summary))
            } else {
                events.append(.notice("\(facts.version), cipher \(facts.cipher)"))
                if let subject = facts.subject {
                    events.append(.notice("certificate: \(subject)"))
                }
                events.append(.notice("the transcript does not say whether the certificate was verified"))
            }
            return events
        case .redacted:
            // The client line that follows shows the marker where the secret was.
            return []
        case .note(let text):
            return [.notice(text)]
        case .discarded(let bytes):
            return [.injectionDiscarded(bytes)]
        case .dropped(let count):
            return [.notice("\(count) more bytes of that line were dropped when it was recorded")]
        case .close(let reason):
            var events = finish()
            interpreter.reset(mailProtocol: target.mailProtocol)
            events.append(.closed(Self.closeReason(reason)))
            return events
        case .other(let name, let attributes):
            let words = attributes.map { "\($0.key)=" + String(decoding: $0.value, as: UTF8.self) }
            return [.notice(([name] + words).joined(separator: " "))]
        }
    }

    /// The handshake as the live session summarised it; nil when the transcript lacks the verification result.
    static func summary(of facts: TranscriptTLS, host: String) -> TLSSummary? {
        guard let verified = facts.verified else { return nil }
        let missing = "(not recorded)"
        return TLSSummary(
            protocolVersion: facts.version, cipher: facts.cipher, subject: facts.subject ?? missing,
            issuer: facts.issuer ?? missing, notBefore: facts.notBefore ?? missing, notAfter: facts.notAfter ?? missing,
            subjectAlternativeNames: facts.names, verified: verified, verifyCode: facts.verifyCode ?? 0,
            verifyText: facts.verifyResult ?? (verified ? "ok" : missing), chain: [],
            serverName: facts.host ?? host)
    }

    static func closeReason(_ reason: TranscriptEvent.CloseReason) -> CloseReason {
        switch reason {
        case .client: return .byClient
        case .server: return .byServerAsAnnounced
        case .unexpected(let midResponse): return .byServerUnexpectedly(midResponse: midResponse)
        case .failed(let detail): return .failed(.socket(operation: "the recorded connection", reason: detail))
        }
    }
}
