import MailCore

/// The first steps, done on a connection of their own before the session: name resolution, TCP, and what the
/// port speaks, read from its first bytes.
extension RelayCheck {
    func resolve() -> Bool {
        let start = ContinuousClock.now
        do {
            let addresses = try ResolvedAddress.resolve(host: target.host, port: target.port)
            var unique: [String] = []
            for address in addresses.map(\.numericHost) where !unique.contains(address) {
                unique.append(address)
            }
            add(CheckStep(.resolve, "resolve \(target.host)", .passed, elapsed: ContinuousClock.now - start,
                          detail: [unique.joined(separator: ", ")]))
            return true
        } catch {
            add(CheckStep(.resolve, "resolve \(target.host)", .failed, elapsed: ContinuousClock.now - start,
                          error: .transport(error)))
            return false
        }
    }

    /// Connects, and tells from the bytes whether the port speaks what the URL says: a plaintext greeting of the
    /// protocol (smtp://, imap://, pop3://), or TLS first (smtps://, imaps://, pop3s://). False when the walk
    /// must stop.
    func openingProbe() -> Bool {
        guard let (socket, info) = connect() else { return false }
        if target.security == .implicitTLS {
            return probeImplicitTLS(socket, info: info)
        }
        return probePlaintext(socket)
    }

    private func connect() -> (SocketTransport, ConnectionInfo)? {
        let start = ContinuousClock.now
        do {
            let (socket, info) = try SocketTransport.connect(host: target.host, port: target.port,
                                                             timeout: options.session.connectTimeout)
            add(CheckStep(.connect, "connect to \(target.authority)", .passed, elapsed: info.elapsed,
                          detail: ["\(info.remoteAddress) port \(info.port), from \(info.localAddress)"]))
            return (socket, info)
        } catch {
            var step = CheckStep(.connect, "connect to \(target.authority)", .failed,
                                 elapsed: ContinuousClock.now - start, error: .transport(error))
            step.fix = portAdvice
            add(step)
            return nil
        }
    }

    /// Which ports are which, for fixes.
    var portAdvice: String {
        switch target.mailProtocol {
        case .smtp:
            return "check the port: mail programs submit on 587 (STARTTLS, smtp://) or 465 (TLS, smtps://); port 25 "
                + "is for mail between servers and often blocked for home connections"
        case .imap:
            return "check the port: IMAP is 143 (STARTTLS, imap://) or 993 (TLS, imaps://)"
        case .pop3:
            return "check the port: POP3 is 110 (STARTTLS, pop3://) or 995 (TLS, pop3s://)"
        }
    }

    // MARK: - smtp://, imap://, pop3://

    private func probePlaintext(_ socket: SocketTransport) -> Bool {
        let start = ContinuousClock.now
        let first = FirstLine.read(socket, until: start + options.greetingWait)
        switch first {
        case .line(let bytes):
            socket.close()
            return judgeGreeting(bytes, elapsed: ContinuousClock.now - start, overTLS: false)
        case .closed(let bytes):
            socket.close()
            add(CheckStep(.greeting, "greeting", .failed, elapsed: ContinuousClock.now - start,
                          detail: bytes.isEmpty ? [] : [TerminalSafeText.escape(bytes)],
                          cause: "the server closed the connection without a greeting",
                          fix: "it may refuse this client's address (a block list, too many connections); try "
                            + "again later or from another network"))
            return false
        case .failed(let error):
            socket.close()
            add(CheckStep(.greeting, "greeting", .failed, elapsed: ContinuousClock.now - start,
                          error: .transport(error)))
            return false
        case .silent:
            note("no greeting after \(Self.seconds(options.greetingWait)) s: trying whether the port speaks TLS")
            return probeSilentPort(socket, since: start)
        }
    }

    /// A plaintext port that does not greet: try a TLS handshake on it. A server that answers one speaks implicit
    /// TLS, and the URL's scheme is the wrong one. Otherwise wait for a slow greeting on a new connection.
    private func probeSilentPort(_ socket: SocketTransport, since start: ContinuousClock.Instant) -> Bool {
        let configuration = TLSConfiguration(serverName: options.session.tlsServerName ?? target.host,
                                             caFile: options.session.caFile, insecure: true)
        let handshakeLimit = min(.seconds(5), options.session.responseTimeout)
        if let (tls, summary) = try? TLSTransport.handshake(over: socket, configuration: configuration,
                                                             timeout: handshakeLimit) {
            let greeting = FirstLine.read(tls, until: ContinuousClock.now + options.session.responseTimeout)
            tls.close()
            var detail = ["\(summary.protocolVersion), \(summary.cipher); certificate \(summary.subject)"]
            if case .line(let bytes) = greeting {
                detail.append("greeting over TLS: " + TerminalSafeText.escape(bytes))
            }
            let secure = "\(target.mailProtocol.rawValue)s://"
            add(CheckStep(.tlsMode, "TLS mode", .failed, elapsed: ContinuousClock.now - start, detail: detail,
                          cause: "port \(target.port) speaks implicit TLS: it sent nothing and waited for a TLS "
                            + "handshake, which it then completed. \(target.scheme):// sends plaintext first",
                          fix: "use \(secure)\(userPart)\(target.authority) (implicit TLS, RFC 8314), or the "
                            + "STARTTLS port \(startTLSPort) with \(target.scheme)://"))
            return false
        }
        socket.close()
        // Not TLS either: perhaps a slow server (some delay the greeting on purpose). A new connection gets the
        // whole response time-out.
        guard let (slow, _) = try? SocketTransport.connect(host: target.host, port: target.port,
                                                           timeout: options.session.connectTimeout) else {
            add(CheckStep(.greeting, "greeting", .failed, elapsed: ContinuousClock.now - start,
                          cause: "the server sent no greeting and the connection could not be made again",
                          fix: portAdvice))
            return false
        }
        defer { slow.close() }
        let second = FirstLine.read(slow, until: ContinuousClock.now + options.session.responseTimeout)
        if case .line(let bytes) = second {
            return judgeGreeting(bytes, elapsed: ContinuousClock.now - start, overTLS: false)
        }
        add(CheckStep(.greeting, "greeting", .failed, elapsed: ContinuousClock.now - start,
                      cause: "no greeting within \(Self.seconds(options.session.responseTimeout)) s, and no TLS "
                        + "either. A mail server speaks first (RFC 5321 §3.1, RFC 9051 §7.1, RFC 1939 §4); this "
                        + "one waits for the client, as web and other servers do",
                      fix: portAdvice))
        return false
    }

    // MARK: - smtps://, imaps://, pop3s://

    private func probeImplicitTLS(_ socket: SocketTransport, info: ConnectionInfo) -> Bool {
        let start = ContinuousClock.now
        let configuration = TLSConfiguration(serverName: options.session.tlsServerName ?? target.host,
                                             caFile: options.session.caFile, insecure: options.session.insecure)
        let tls: TLSTransport
        let summary: TLSSummary
        do {
            (tls, summary) = try TLSTransport.handshake(over: socket, configuration: configuration,
                                                        timeout: options.session.responseTimeout)
        } catch {
            let elapsed = ContinuousClock.now - start
            if case .certificateRejected(let problem) = error {
                add(CheckStep(.tlsHandshake, "TLS handshake", .passed, elapsed: elapsed))
                add(certificateRefusal(problem))
                return false
            }
            if let plaintext = plaintextGreeting() {
                let speaker = PortSpeaker(firstBytes: plaintext)
                let plainScheme = target.mailProtocol.rawValue
                add(CheckStep(.tlsMode, "TLS mode", .failed, elapsed: elapsed,
                              detail: ["greeting in plaintext: " + TerminalSafeText.escape(plaintext)],
                              cause: "port \(target.port) speaks plaintext (\(speaker.description)): it greeted in "
                                + "the clear instead of answering the TLS handshake, so TLS there starts with "
                                + "\(target.mailProtocol.startTLSCommand). \(target.scheme):// expects TLS from the "
                                + "first byte",
                              fix: "use \(plainScheme)://\(userPart)\(target.authority) (the check then runs "
                                + "\(target.mailProtocol.startTLSCommand)), or the implicit-TLS port "
                                + "\(target.mailProtocol.implicitTLSPort) with \(target.scheme)://"))
                return false
            }
            add(CheckStep(.tlsHandshake, "TLS handshake", .failed, elapsed: elapsed, error: .transport(error)))
            return false
        }
        defer { tls.close() }
        add(CheckStep(.tlsHandshake, "TLS handshake", .passed, elapsed: ContinuousClock.now - start,
                      detail: ["\(summary.protocolVersion), \(summary.cipher)"]))
        add(certificateStep(summary))
        let greetingStart = ContinuousClock.now
        switch FirstLine.read(tls, until: greetingStart + options.session.responseTimeout) {
        case .line(let bytes):
            return judgeGreeting(bytes, elapsed: ContinuousClock.now - greetingStart, overTLS: true)
        case .silent, .closed:
            add(CheckStep(.greeting, "greeting", .failed, elapsed: ContinuousClock.now - greetingStart,
                          cause: "TLS worked, but no greeting came over it",
                          fix: portAdvice))
            return false
        case .failed(let error):
            add(CheckStep(.greeting, "greeting", .failed, elapsed: ContinuousClock.now - greetingStart,
                          error: .transport(error)))
            return false
        }
    }

    /// After a failed handshake: the first line a new plaintext connection gets, if it is a greeting.
    private func plaintextGreeting() -> [UInt8]? {
        guard let (socket, _) = try? SocketTransport.connect(host: target.host, port: target.port,
                                                             timeout: options.session.connectTimeout) else {
            return nil
        }
        defer { socket.close() }
        guard case .line(let bytes) = FirstLine.read(socket, until: ContinuousClock.now + options.greetingWait),
              case .mail = PortSpeaker(firstBytes: bytes) else { return nil }
        return bytes
    }

    // MARK: - The greeting

    /// Whether the first line is the greeting of the URL's protocol, and a welcome.
    private func judgeGreeting(_ bytes: [UInt8], elapsed: Duration, overTLS: Bool) -> Bool {
        let shown = TerminalSafeText.escape(bytes)
        let speaker = PortSpeaker(firstBytes: bytes)
        let expected = target.mailProtocol
        switch speaker {
        case .mail(expected):
            break
        case .tls:
            add(CheckStep(.tlsMode, "TLS mode", .failed, elapsed: elapsed, detail: [shown],
                          cause: "the server sent a TLS record where a plaintext greeting belongs",
                          fix: "use \(expected.rawValue)s:// for this port"))
            return false
        case .mail(let other):
            add(CheckStep(.greeting, "greeting", .failed, elapsed: elapsed, detail: [shown],
                          cause: "port \(target.port) answers as \(speaker.description), not \(expected.displayName)",
                          fix: "\(other.displayName) belongs in \(other.rawValue)://; " + portAdvice))
            return false
        case .ssh, .http, .ftp, .unknown:
            add(CheckStep(.greeting, "greeting", .failed, elapsed: elapsed, detail: [shown],
                          cause: "port \(target.port) answers as \(speaker.description), not as a mail server",
                          fix: portAdvice))
            return false
        }
        if let refusal = greetingRefusal(bytes) {
            add(CheckStep(.greeting, "greeting", .failed, elapsed: elapsed, detail: [shown], cause: refusal,
                          fix: "read the server's words: often the client's address is on a block list, or the "
                            + "server is overloaded; try again later or from another network"))
            return false
        }
        add(CheckStep(.greeting, "greeting" + (overTLS ? " over TLS" : ""), .passed, elapsed: elapsed,
                      detail: [shown]))
        return true
    }

    /// A greeting that turns the client away: SMTP 554 or 421 (RFC 5321 §3.1, §4.2.3), IMAP BYE (RFC 9051 §7.1.5),
    /// POP3 -ERR.
    private func greetingRefusal(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self).uppercased()
        switch target.mailProtocol {
        case .smtp:
            guard let reply = SMTPReplyLine(bytes), reply.code != 220 else { return nil }
            return "the server refuses the session in its greeting (\(reply.code): "
                + (reply.code == 421 ? "not now, RFC 5321 §4.2.3)" : "no service for this client, RFC 5321 §3.1)")
        case .imap:
            return text.hasPrefix("* BYE") ? "the server says BYE in its greeting: it will not talk (RFC 9051 "
                + "§7.1.5)" : nil
        case .pop3:
            return text.hasPrefix("-ERR") ? "the server refuses the session in its greeting" : nil
        }
    }

    /// "alice@" from the URL as given (percent-encoded), for the URLs the fixes suggest; "" without a user.
    var userPart: String {
        let url = target.url
        guard target.user != nil, let at = url.lastIndex(of: "@") else { return "" }
        let rest = url[url.index(url.startIndex, offsetBy: target.scheme.count + 3)...at]
        return String(rest)
    }

    private var startTLSPort: Int {
        target.mailProtocol == .smtp ? 587 : target.mailProtocol.plainPort
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = Int(seconds) * 10 + Int(attoseconds / 100_000_000_000_000_000)
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
