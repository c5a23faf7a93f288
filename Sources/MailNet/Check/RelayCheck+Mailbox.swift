import MailCore

/// IMAP (CAPABILITY, STARTTLS, LOGINDISABLED, AUTHENTICATE/LOGIN, SELECT INBOX; RFC 9051) and POP3 (CAPA, STLS,
/// USER/PASS or AUTH, STAT; RFC 1939, RFC 2449, RFC 2595, RFC 5034).
extension RelayCheck {
    func walkIMAP(_ session: Session) {
        guard let capability = attempt(.capabilities, "CAPABILITY", { () throws(SessionError) in
            try exchange(session, "CAPABILITY")
        }) else { return }
        add(CheckStep(.capabilities, "CAPABILITY", capability.succeeded ? .passed : .failed,
                      elapsed: capability.elapsed,
                      detail: capability.succeeded ? capabilityDetail(session) : [capability.text]))
        let before = AuthCapabilities(session.dialect.capabilities, mailProtocol: .imap)
        guard secure(session, offered: before.startTLS, capabilityTitle: "CAPABILITY again") else { return }

        let capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: .imap)
        if capabilities.loginDisabled {
            let asked = options.methods.contains(.imapLogin)
            add(CheckStep(.authOffered, "LOGINDISABLED", asked ? .failed : .passed,
                          detail: ["LOGIN is refused here" + (session.isTLS ? ", even over TLS" : " until TLS")],
                          cause: asked ? "the server advertises LOGINDISABLED (RFC 9051 §6.2.3)" : nil,
                          fix: asked ? "use AUTHENTICATE with a mechanism it offers (--mech "
                            + capabilities.mechanisms.joined(separator: ",") + ")" : nil))
        } else {
            add(CheckStep(.authOffered, "LOGINDISABLED", .passed, detail: ["not advertised: LOGIN is allowed"]))
        }
        if credentials == nil {
            loginSkipped(capabilities)
        } else if let methods = loginMethods(capabilities, fallback: .imapLogin) {
            login(methods, on: session) { [self] in reopenMailbox() }
        } else if !hasFailed {
            add(CheckStep(.authOffered, "login", .failed,
                          cause: "the server offers no mechanism mailrepl speaks and disables LOGIN",
                          fix: "run the check with STARTTLS (without --no-starttls) or on imaps://"))
        }
        guard session.isConnected else { return }
        if authenticated {
            selectInbox(session)
        }
        quit(session)
    }

    private func selectInbox(_ session: Session) {
        guard let select = attempt(.mailbox, "SELECT INBOX", { () throws(SessionError) in
            try exchange(session, "SELECT INBOX")
        }) else { return }
        guard select.succeeded else {
            add(CheckStep(.mailbox, "SELECT INBOX", .failed, elapsed: select.elapsed, detail: [select.text],
                          cause: "logged in, but the server cannot open the INBOX",
                          fix: "a server-side problem with the mailbox (permissions, quota, storage): tell its "
                            + "administrator"))
            return
        }
        let exists = select.lines.compactMap { line -> String? in
            let words = String(decoding: line.bytes, as: UTF8.self).split(separator: " ")
            return words.count >= 3 && words[0] == "*" && words[2].uppercased() == "EXISTS" ? String(words[1]) : nil
        }.first
        add(CheckStep(.mailbox, "SELECT INBOX", .passed, elapsed: select.elapsed,
                      detail: [exists.map { "\($0) messages" } ?? select.text]))
    }

    func walkPOP3(_ session: Session) {
        guard let capa = attempt(.capabilities, "CAPA", { () throws(SessionError) in
            try exchange(session, "CAPA")
        }) else { return }
        if capa.succeeded {
            add(CheckStep(.capabilities, "CAPA", .passed, elapsed: capa.elapsed, detail: capabilityDetail(session)))
        } else {
            add(CheckStep(.capabilities, "CAPA", .warning, elapsed: capa.elapsed, detail: [capa.text],
                          cause: "the server does not answer CAPA (RFC 2449), so what it offers is unknown",
                          fix: "an old server: USER/PASS is tried"))
        }
        let before = AuthCapabilities(session.dialect.capabilities, mailProtocol: .pop3)
        guard secure(session, offered: before.startTLS, capabilityTitle: "CAPA again") else { return }

        let capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: .pop3)
        if credentials == nil {
            loginSkipped(capabilities)
        } else if let methods = loginMethods(capabilities, fallback: .pop3UserPass) {
            login(methods, on: session) { [self] in reopenMailbox() }
        }
        guard session.isConnected else { return }
        if authenticated {
            stat(session)
        }
        quit(session)
    }

    private func stat(_ session: Session) {
        guard let stat = attempt(.mailbox, "STAT", { () throws(SessionError) in
            try exchange(session, "STAT")
        }) else { return }
        guard stat.succeeded else {
            add(CheckStep(.mailbox, "STAT", .failed, elapsed: stat.elapsed, detail: [stat.text],
                          cause: "logged in, but the server cannot report the maildrop",
                          fix: "a server-side problem (the maildrop may be locked by another session, RFC 2449 "
                            + "IN-USE); try again later"))
            return
        }
        let words = stat.text.split(separator: " ")
        let detail = words.count >= 3 ? "\(words[1]) messages, \(words[2]) octets" : stat.text
        add(CheckStep(.mailbox, "STAT", .passed, elapsed: stat.elapsed, detail: [detail]))
    }

    /// A new IMAP or POP3 session set up like the main one, for a further login method.
    private func reopenMailbox() -> Session? {
        guard let session = openSession(quietly: true) else { return nil }
        let query = target.mailProtocol == .imap ? "CAPABILITY" : "CAPA"
        _ = try? exchange(session, query)
        if !session.isTLS && !options.skipStartTLS {
            do {
                try session.startTLS(requireAdvertised: true)
            } catch {
                return nil
            }
        }
        return session
    }
}
