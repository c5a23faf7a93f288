import MailCore

/// SMTP: EHLO, STARTTLS, EHLO again, AUTH, and optionally MAIL FROM / RCPT TO / RSET (RFC 5321, RFC 3207,
/// RFC 4954). Nothing is ever sent as mail.
extension RelayCheck {
    func walkSMTP(_ session: Session) {
        let ehloLine = "EHLO \(session.ehloArgument)"
        guard let ehlo = attempt(.capabilities, "EHLO", { () throws(SessionError) in
            try exchange(session, ehloLine)
        }) else { return }
        guard ehlo.succeeded else {
            add(CheckStep(.capabilities, "EHLO", .failed, elapsed: ehlo.elapsed, detail: [ehlo.text],
                          cause: "the server refused EHLO, so it offers no extensions (no STARTTLS, no AUTH)",
                          fix: "read its reply: some servers refuse clients whose address has no reverse DNS name"))
            return
        }
        var detail = capabilityDetail(session)
        if let name = ehlo.lines.first.flatMap({ SMTPReplyLine($0.bytes) })?.text {
            detail.insert("server \(TerminalSafeText.escape(String(name)))", at: 0)
        }
        let beforeTLS = AuthCapabilities(session.dialect.capabilities, mailProtocol: .smtp)
        if !session.isTLS && beforeTLS.mechanisms.isEmpty && beforeTLS.startTLS {
            detail.append("no AUTH before TLS: usual, the server shows it after STARTTLS (RFC 3207 §4.2)")
        }
        add(CheckStep(.capabilities, "EHLO", .passed, elapsed: ehlo.elapsed, detail: detail))

        guard secure(session, offered: beforeTLS.startTLS, capabilityTitle: "EHLO again") else { return }

        let capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: .smtp)
        if credentials == nil {
            loginSkipped(capabilities)
        } else if capabilities.mechanisms.isEmpty {
            add(CheckStep(.authOffered, "AUTH", .failed, detail: ["EHLO lists no AUTH"],
                          cause: noAuthCause(beforeTLS: beforeTLS),
                          fix: noAuthFix(beforeTLS: beforeTLS)))
        } else {
            add(CheckStep(.authOffered, "AUTH", .passed, detail: [capabilities.mechanisms.joined(separator: " ")]))
            if let methods = loginMethods(capabilities, fallback: nil) {
                login(methods, on: session) { [self] in reopenSMTP(ehloLine: ehloLine) }
            } else if !hasFailed {
                add(CheckStep(.authOffered, "AUTH", .failed,
                              cause: "the server offers only mechanisms mailrepl does not speak: "
                                + capabilities.mechanisms.joined(separator: " "),
                              fix: "mailrepl speaks " + SASLMechanismKind.allCases.map(\.name).joined(separator: " ")))
            }
        }
        guard session.isConnected else { return }
        envelope(session)
        quit(session)
    }

    /// STARTTLS when the connection is plaintext; false when the walk must stop.
    func secure(_ session: Session, offered: Bool, capabilityTitle: String) -> Bool {
        guard !session.isTLS else { return true }
        let command = target.mailProtocol.startTLSCommand
        if options.skipStartTLS {
            add(CheckStep(.startTLS, command, .skipped, detail: [offered ? "offered" : "not offered"],
                          cause: "--no-starttls: the session stays in plaintext; a password sent now crosses the "
                            + "network readable by anyone in the path"))
            return true
        }
        guard offered else {
            add(CheckStep(.startTLS, command, .failed, detail: ["not among the capabilities"],
                          cause: "the server does not offer \(command): everything, passwords included, would cross "
                            + "the network in the clear (RFC 8314 §3 asks for TLS on every connection)",
                          fix: "use the implicit-TLS port (\(target.mailProtocol.rawValue)s://…:"
                            + "\(target.mailProtocol.implicitTLSPort)); ask the administrator to enable TLS; "
                            + "--no-starttls goes on without it"))
            return false
        }
        return upgrade(session, capabilityTitle: capabilityTitle)
    }

    private func noAuthCause(beforeTLS: AuthCapabilities) -> String {
        if !(session?.isTLS ?? false) && beforeTLS.startTLS {
            return "AUTH is only offered after STARTTLS, and this session stayed in plaintext (--no-starttls)"
        }
        if target.port == 25 {
            return "port 25 is for mail between servers: it takes mail for the server's own domains and offers no "
                + "login (RFC 6409 §1)"
        }
        return "this server offers no login on this port"
    }

    private func noAuthFix(beforeTLS: AuthCapabilities) -> String {
        if !(session?.isTLS ?? false) && beforeTLS.startTLS {
            return "leave out --no-starttls so the check runs STARTTLS first"
        }
        return "submit on port 587 (smtp://, STARTTLS, RFC 6409) or 465 (smtps://, RFC 8314)"
    }

    /// A new session set up like the main one (EHLO, STARTTLS, EHLO), for a further login method.
    private func reopenSMTP(ehloLine: String) -> Session? {
        guard let session = openSession(quietly: true),
              (try? exchange(session, ehloLine))?.succeeded == true else { return nil }
        if !session.isTLS && !options.skipStartTLS {
            do {
                try session.startTLS(requireAdvertised: true)
            } catch {
                return nil
            }
        }
        return session
    }

    /// MAIL FROM and RCPT TO, then RSET, so that nothing is sent.
    private func envelope(_ session: Session) {
        guard options.sender != nil || options.recipient != nil else { return }
        let user = credentials?.user
        let sender = options.sender ?? (user?.contains("@") == true && authenticated ? user ?? "" : "")
        guard let mail = attempt(.sender, "MAIL FROM:<\(sender)>", { () throws(SessionError) in
            try exchange(session, "MAIL FROM:<\(sender)>")
        }) else { return }
        if mail.succeeded {
            add(CheckStep(.sender, "MAIL FROM:<\(sender)>", .passed, elapsed: mail.elapsed, detail: [mail.text]))
        } else {
            let diagnosis = CheckDiagnosis.senderRefused(mail.final?.bytes ?? [], sender: sender,
                                                         authenticated: authenticated, user: user)
            add(CheckStep(.sender, "MAIL FROM:<\(sender)>", .failed, elapsed: mail.elapsed, detail: [mail.text],
                          cause: diagnosis.cause, fix: diagnosis.fix))
        }
        if let recipient = options.recipient, mail.succeeded {
            guard let rcpt = attempt(.recipient, "RCPT TO:<\(recipient)>", { () throws(SessionError) in
                try exchange(session, "RCPT TO:<\(recipient)>")
            }) else { return }
            if rcpt.succeeded {
                add(CheckStep(.recipient, "RCPT TO:<\(recipient)>", .passed, elapsed: rcpt.elapsed,
                              detail: [rcpt.text]))
            } else {
                let diagnosis = CheckDiagnosis.recipientRefused(rcpt.final?.bytes ?? [], recipient: recipient,
                                                                authenticated: authenticated, port: target.port)
                add(CheckStep(.recipient, "RCPT TO:<\(recipient)>", .failed, elapsed: rcpt.elapsed,
                              detail: [rcpt.text], cause: diagnosis.cause, fix: diagnosis.fix))
            }
        }
        guard session.isConnected, let reset = try? exchange(session, "RSET") else { return }
        add(CheckStep(.quit, "RSET (nothing is sent)", reset.succeeded ? .passed : .warning, elapsed: reset.elapsed,
                      detail: [reset.text]))
    }
}
