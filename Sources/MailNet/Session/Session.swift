#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore

/// One connection to a mail server, driven line by line: the single engine behind all three protocols.
///
/// The engine owns the socket, TLS, the framer, time-outs and the STARTTLS rules; the dialect decides what lines
/// mean. It is single-threaded: callers poll `pollDescriptor` (with their own descriptors, such as the terminal)
/// and call `readAvailable()` when it is readable, or call `waitForServer()` to block until the server has
/// answered everything the client waits for. Everything that happens is reported to observers as events.
public final class Session {
    public struct Options: Sendable {
        /// Time allowed for name resolution plus the TCP connect.
        public var connectTimeout: Duration = .seconds(10)
        /// Time allowed for a response to make progress (the greeting, a reply, a TLS handshake).
        public var responseTimeout: Duration = .seconds(30)
        public var caFile: String?
        public var insecure = false
        public var maximumLineLength = LineFramer.defaultMaximumLineLength
        /// SMTP: the most lines one reply may have before the client gives up on the connection. RFC 5321 §4.2.1
        /// sets no limit, but honest replies have a few dozen lines; without a bound, a server sending `250-`
        /// lines forever would hold the client for ever, since every line restarts the response time-out.
        /// (IMAP and POP3 responses carry mailbox content of any length and are bounded per line only.)
        public var maximumReplyLines = 1_000
        /// The name the certificate must match (and sent in SNI), when it differs from the host connected to,
        /// as with curl's --connect-to; nil checks the target's host.
        public var tlsServerName: String?

        public init() {}
    }

    public let target: MailTarget
    public let options: Options
    public private(set) var dialect: any Dialect
    public private(set) var connection: ConnectionInfo?
    public private(set) var tlsSummary: TLSSummary?
    /// Why the connection ended, once it has.
    public private(set) var closeReason: CloseReason?
    /// The first line of the server's greeting; POP3 APOP needs its timestamp (RFC 1939 §7).
    public private(set) var greeting: [UInt8]?

    private var socket: SocketTransport?
    private var transport: (any Transport)?
    private var framer: LineFramer
    /// Lines typed while the dialect holds input, oldest first.
    private var held: [[UInt8]] = []
    private var observers: [(SessionEvent) -> Void] = []
    private var readObservers: [() -> Void] = []
    private var closingAnnounced = false
    /// The EHLO/HELO line last sent, repeated after TLS (RFC 3207 §4.2 requires a new EHLO).
    private var lastGreetingCommand: [UInt8]?
    /// The verb of the command last sent, for "waiting for a reply to …".
    private var lastVerb: String?
    /// Lines of the SMTP reply now arriving, for `Options.maximumReplyLines`.
    private var replyLines = 0

    public init(target: MailTarget, options: Options = Options()) {
        self.target = target
        self.options = options
        self.dialect = Session.makeDialect(for: target.mailProtocol)
        self.framer = LineFramer(maximumLineLength: options.maximumLineLength)
    }

    static func makeDialect(for mailProtocol: MailProtocol) -> any Dialect {
        switch mailProtocol {
        case .smtp: return SMTPDialect()
        case .imap: return IMAPDialect()
        case .pop3: return POP3Dialect()
        }
    }

    public func addObserver(_ observer: @escaping (SessionEvent) -> Void) {
        observers.append(observer)
    }

    /// `observer` runs each time the events of one read from the server have all been given: a recorder writes
    /// the lines it gathered from them.
    public func addReadObserver(_ observer: @escaping () -> Void) {
        readObservers.append(observer)
    }

    /// Runs `body` with `observer` added, then removes it: for code that drives a command and must read its
    /// replies (authentication, the `check` walk), as `startTLS` does.
    public func observing<T>(_ observer: @escaping (SessionEvent) -> Void,
                             during body: () throws(SessionError) -> T) throws(SessionError) -> T {
        let index = observers.count
        observers.append(observer)
        defer { observers.remove(at: index) }
        return try body()
    }

    /// Tells the observers something in words, as the engine's own notices are told (a decoded SASL challenge).
    public func note(_ text: String) {
        emit(.notice(text))
    }

    private func emit(_ event: SessionEvent) {
        for observer in observers {
            observer(event)
        }
    }

    public var isConnected: Bool { transport != nil }
    public var isTLS: Bool { tlsSummary != nil }
    /// The descriptor to poll for server input, while connected.
    public var pollDescriptor: Int32? { transport?.fileDescriptor }
    /// True when decrypted bytes wait inside TLS, which poll cannot see: call `readAvailable()` without polling.
    public var hasBufferedInput: Bool { transport?.hasBufferedBytes ?? false }
    /// Lines typed but not yet sent because the server has not answered yet.
    public var heldLineCount: Int { held.count }

    // MARK: - Opening

    /// Connects, does the TLS handshake for implicit TLS, and waits for the greeting.
    public func open() throws(SessionError) {
        emit(.connecting(target))
        let opened: (SocketTransport, ConnectionInfo)
        do {
            opened = try SocketTransport.connect(host: target.host, port: target.port,
                                                 timeout: options.connectTimeout)
        } catch {
            closeReason = .failed(error)
            throw .transport(error)
        }
        socket = opened.0
        transport = opened.0
        connection = opened.1
        closeReason = nil
        greeting = nil
        closingAnnounced = false
        framer = LineFramer(maximumLineLength: options.maximumLineLength)
        dialect = Session.makeDialect(for: target.mailProtocol)
        tlsSummary = nil
        held = []
        emit(.connected(opened.1))
        if target.security == .implicitTLS {
            try handshake()
        }
        try waitForServer()
    }

    // MARK: - Sending

    /// A line the user typed, without its line terminator. It goes out at once, or is held until the server's
    /// answer decides what it means.
    public func enter(_ line: [UInt8]) throws(SessionError) {
        guard transport != nil else { throw .notConnected }
        held.append(line)
        try flushHeld()
        if !held.isEmpty {
            emit(.held(count: held.count))
        }
    }

    /// Lines of a message file, sent as SMTP DATA content after a 354 and followed by the end-of-data line.
    /// Unlike typed lines, a lone "." in the file is content too, and is stuffed (RFC 5321 §4.5.2).
    public func enterMessageContent(_ lines: [[UInt8]]) throws(SessionError) {
        guard transport != nil else { throw .notConnected }
        try flushHeld()
        for line in lines {
            guard var smtp = dialect as? SMTPDialect, smtp.phase == .messageBody else { throw .notInMessageBody }
            let submission = smtp.submitContent(line)
            dialect = smtp
            try write(submission.wire)
            emit(.sent(submission, shown: Redaction.shownForm(of: submission)))
        }
        try enter([UInt8(ascii: ".")])
    }

    private func flushHeld() throws(SessionError) {
        while !held.isEmpty && !dialect.holdsInput && transport != nil {
            let line = held.removeFirst()
            let submission = dialect.submit(line)
            if let verb = submission.verb {
                lastVerb = verb
                if verb == "EHLO" || verb == "HELO" {
                    lastGreetingCommand = line
                }
            }
            try write(submission.wire)
            emit(.sent(submission, shown: Redaction.shownForm(of: submission)))
        }
    }

    private func write(_ bytes: [UInt8]) throws(SessionError) {
        guard let transport else { throw .notConnected }
        do {
            try transport.write(bytes, timeout: options.responseTimeout)
        } catch {
            tearDown(.failed(error))
            throw .transport(error)
        }
    }

    // MARK: - Receiving

    /// Reads whatever the server has sent and processes it. Returns false when the connection has closed
    /// (the reason is in `closeReason` and was reported as an event).
    @discardableResult
    public func readAvailable() -> Bool {
        defer { readObservers.forEach { $0() } }
        while let transport {
            let result: ReadResult
            do {
                result = try transport.read(maximum: 65_536)
            } catch {
                tearDown(.failed(error))
                return false
            }
            switch result {
            case .bytes(let bytes):
                framer.append(bytes)
                do {
                    try process()
                } catch {
                    if case .transport(let transportError) = error {
                        tearDown(.failed(transportError))
                    }
                    return false
                }
            case .wouldBlock:
                return true
            case .endOfStream:
                finishAtEndOfStream()
                return false
            }
            if !(self.transport?.hasBufferedBytes ?? false) {
                return self.transport != nil
            }
        }
        return false
    }

    /// Blocks until the server has answered everything the client waits for and every held line is sent.
    /// The time-out restarts whenever bytes arrive: it bounds a response that stops, not a long one.
    public func waitForServer() throws(SessionError) {
        var deadline = ContinuousClock.now + options.responseTimeout
        while dialect.isAwaitingServer || !held.isEmpty {
            guard let transport else {
                throw .closed(awaiting: awaitingDescription, reason: closeReason ?? .byClient)
            }
            if !transport.hasBufferedBytes {
                let ready: Bool
                do {
                    ready = try SocketReadiness.wait(transport.fileDescriptor, for: SocketReadiness.readable,
                                                     until: deadline)
                } catch {
                    tearDown(.failed(error))
                    throw .transport(error)
                }
                guard ready else {
                    throw .timedOut(awaiting: awaitingDescription,
                                    seconds: SocketReadiness.seconds(options.responseTimeout))
                }
            }
            if !readAvailable() {
                if closeReason == .byServerAsAnnounced && !dialect.isAwaitingServer && held.isEmpty {
                    return
                }
                if case .failed(let error) = closeReason {
                    throw .transport(error)
                }
                throw .closed(awaiting: awaitingDescription, reason: closeReason ?? .byClient)
            }
            deadline = ContinuousClock.now + options.responseTimeout
        }
    }

    private var awaitingDescription: String {
        if connection != nil && lastVerb == nil { return "the greeting" }
        return lastVerb.map { "a reply to \($0)" } ?? "the server"
    }

    private func process() throws(SessionError) {
        while let frame = framer.next() {
            switch frame {
            case .line(let line):
                let reception = labelled(dialect.receive(line))
                if reception.kind == .greeting && greeting == nil {
                    greeting = line.bytes
                }
                emit(.received(line, reception))
                if replyGoesOnForever(reception) {
                    tearDown(.replyTooLong(lines: replyLines))
                    return
                }
                if let length = reception.literalLength {
                    framer.beginLiteral(length: length)
                }
                if reception.completion == .closing {
                    // The server said goodbye (221, BYE, QUIT's +OK); nothing more can follow, so the client
                    // closes its side rather than wait for the server's (RFC 5321 §4.1.1.10, RFC 9051 §6.1.3).
                    closingAnnounced = true
                    tearDown(.byServerAsAnnounced)
                    return
                }
                if reception.completion == .startTLS {
                    try upgradeAfterGoAhead()
                    try flushHeld()
                    return
                }
            case .literal(let bytes, let isLast):
                emit(.literal(bytes, isLast: isLast))
                if isLast {
                    dialect.literalEnded()
                }
            case .lineTooLong(let limit):
                emit(.lineTooLong(limit: limit))
            }
        }
        try flushHeld()
    }

    private func finishAtEndOfStream() {
        let midResponse = framer.bufferedCount > 0
        while let frame = framer.finish() {
            switch frame {
            case .line(let line): emit(.received(line, labelled(dialect.receive(line))))
            case .literal(let bytes, let isLast): emit(.literal(bytes, isLast: isLast))
            case .lineTooLong(let limit): emit(.lineTooLong(limit: limit))
            }
            if framer.bufferedCount == 0 { break }
        }
        if let missing = framer.literalBytesRemaining, missing > 0 {
            emit(.notice("the connection closed \(missing) bytes before the end of the literal the server "
                         + "announced (RFC 9051 §4.3)"))
        }
        let expected = closingAnnounced && !midResponse
        tearDown(expected ? .byServerAsAnnounced
                          : .byServerUnexpectedly(midResponse: midResponse || dialect.isAwaitingServer))
    }

    /// Marks an IMAP ALERT that arrived without TLS: the client must show it (RFC 9051 §7.1), but anyone in the
    /// network path could have written it, as in the STARTTLS attacks where one is sent before the go-ahead.
    private func labelled(_ reception: Reception) -> Reception {
        guard reception.isAlert, tlsSummary == nil else { return reception }
        var marked = reception
        let label = "ALERT received before TLS: unauthenticated, anyone in the network path could have sent it"
        marked.warning = marked.warning.map { $0 + "; " + label } ?? label
        return marked
    }

    /// Counts the lines of an SMTP reply; true once there are more than `Options.maximumReplyLines`.
    private func replyGoesOnForever(_ reception: Reception) -> Bool {
        guard target.mailProtocol == .smtp else { return false }
        replyLines = reception.completion == nil ? replyLines + 1 : 0
        return replyLines > options.maximumReplyLines
    }

    // MARK: - TLS

    /// Upgrades the connection with STARTTLS (SMTP, IMAP) or STLS (POP3).
    ///
    /// With `requireAdvertised`, the capability must have been offered (asked for first when unknown), and any
    /// refusal is an error: this is `--starttls`, where nothing may be sent in the clear after a failed upgrade.
    public func startTLS(requireAdvertised: Bool) throws(SessionError) {
        guard transport != nil else { throw .notConnected }
        guard tlsSummary == nil else { throw .alreadyTLS }
        let mailProtocol = target.mailProtocol
        // STARTTLS is valid only before authentication (RFC 9051 §6.2.1): after a PREAUTH greeting (§7.1.4) TLS
        // can no longer be had, which is how an attacker in the path strips it. When TLS is required, stop here.
        if requireAdvertised, let imap = dialect as? IMAPDialect, imap.sessionState != .notAuthenticated {
            throw .preauthWithoutTLS
        }
        if dialect.capabilities.isEmpty {
            try enter(capabilityQuery)
            try waitForServer()
        }
        let offered = dialect.capabilities.contains { capability in
            capability.split(separator: " ").first?.uppercased() == mailProtocol.startTLSCommand
        }
        if requireAdvertised && !offered {
            throw .startTLSNotOffered(mailProtocol, capabilities: dialect.capabilities)
        }
        var refusal: [UInt8]?
        let noteRefusal = { (event: SessionEvent) in
            if case .received(let line, let reception) = event, reception.completion == .response,
               reception.inReplyTo == mailProtocol.startTLSCommand {
                refusal = line.bytes
            }
        }
        try observing(noteRefusal) { () throws(SessionError) in
            try enter(Array(mailProtocol.startTLSCommand.utf8))
            try waitForServer()
        }
        if tlsSummary == nil {
            throw .startTLSRefused(mailProtocol, reply: refusal ?? [])
        }
    }

    /// The command that asks for capabilities: after TLS the client must ask again (RFC 3207 §4.2,
    /// RFC 9051 §6.2.1, RFC 2595 §4).
    private var capabilityQuery: [UInt8] {
        switch target.mailProtocol {
        case .smtp: return lastGreetingCommand ?? Array("EHLO \(ehloArgument)".utf8)
        case .imap: return Array("CAPABILITY".utf8)
        case .pop3: return Array("CAPA".utf8)
        }
    }

    /// An address literal of the local end (RFC 5321 §4.1.4: used when the client has no meaningful name).
    public var ehloArgument: String {
        guard let local = connection?.localAddress else { return "[127.0.0.1]" }
        return local.contains(":") ? "[IPv6:\(local)]" : "[\(local)]"
    }

    private func upgradeAfterGoAhead() throws(SessionError) {
        let injected = framer.drain()
        if !injected.isEmpty {
            emit(.injectionDiscarded(injected))
        }
        try handshake()
        dialect.tlsStarted()
        held.removeAll()
        emit(.notice("asking for capabilities again: what the server said before TLS is forgotten"))
        held.append(capabilityQuery)
    }

    private func handshake() throws(SessionError) {
        guard let socket else { throw .notConnected }
        let configuration = TLSConfiguration(serverName: options.tlsServerName ?? target.host,
                                             caFile: options.caFile, insecure: options.insecure)
        do {
            let (tls, summary) = try TLSTransport.handshake(over: socket, configuration: configuration,
                                                            timeout: options.responseTimeout)
            transport = tls
            tlsSummary = summary
            emit(.tlsStarted(summary))
        } catch {
            tearDown(.failed(error))
            throw .transport(error)
        }
    }

    // MARK: - Closing

    /// Ends the session politely: QUIT (SMTP, POP3) or LOGOUT (IMAP), a short wait for the answer, then close.
    public func quit() {
        guard transport != nil else { return }
        if !closingAnnounced {
            let command = target.mailProtocol == .imap ? "LOGOUT" : "QUIT"
            held.removeAll()
            if (try? enter(Array(command.utf8))) != nil {
                try? waitForServer()
            }
        }
        close()
    }

    /// Closes the connection without a word to the server.
    public func close() {
        guard transport != nil else { return }
        tearDown(.byClient)
    }

    private func tearDown(_ reason: CloseReason) {
        transport?.close()
        socket?.close()
        transport = nil
        socket = nil
        held.removeAll()
        closeReason = reason
        emit(.closed(reason))
    }
}
