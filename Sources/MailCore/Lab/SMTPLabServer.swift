/// The lab's SMTP server side: a mail exchanger for lab.test that delivers into the shared store.
///
/// Implements: RFC 5321 (commands, replies, DATA transparency, trace headers, the postmaster), RFC 1870 (SIZE),
/// RFC 2034 and RFC 3463 (enhanced status codes), RFC 2920 (PIPELINING: replies go out in order, one per command),
/// RFC 3207 (STARTTLS), RFC 4954 with RFC 4616 (AUTH PLAIN) and the LOGIN mechanism, RFC 6409 (submission),
/// RFC 3848 (the "with" protocol names of Received:).
public struct SMTPLabServer: LabServerMachine {
    /// The policy of each service; see `LabService`.
    struct Policy {
        var offersSTARTTLS: Bool
        /// AUTH is offered and accepted only on an encrypted connection (like Postfix's smtpd_tls_auth_only).
        var authOnlyWithTLS: Bool
        /// Submission: TLS and AUTH before MAIL (RFC 6409 §4.3, RFC 3207 §4 530 reply).
        var requiresTLSForMail: Bool
        var requiresAuthForMail: Bool
    }

    private enum Phase: Equatable {
        case command
        case data
        case authPlain
        case authLoginUser
        case authLoginPassword(user: String)
    }

    public static let sizeLimit = 10 * 1024 * 1024
    /// RFC 5321 §4.5.3.1.8: at least 100 recipients must be accepted.
    static let recipientLimit = 100
    /// RFC 5321 §4.5.3.1.4 sets 512 octets for a command line; servers are more lenient, and so is the lab.
    static let commandLineLimit = 2048
    /// After this many refused commands the connection is closed, as Postfix does (smtpd_hard_error_limit).
    static let errorLimit = 20

    private let context: LabConnectionContext
    private let policy: Policy
    private var phase = Phase.command
    private var isTLS: Bool
    /// The EHLO/HELO argument, once greeted; `usedEHLO` tells which.
    private var clientName: String?
    private var usedEHLO = false
    private var authenticated: LabAccount?
    private var sender: String?
    private var recipients: [String] = []
    private var message: [UInt8] = []
    private var messageTooBig = false
    private var messageLineTooLong = false
    private var errors = 0

    public init(context: LabConnectionContext) {
        self.context = context
        self.isTLS = context.startsEncrypted
        switch context.service {
        case .submission:
            policy = Policy(offersSTARTTLS: true, authOnlyWithTLS: true, requiresTLSForMail: true,
                            requiresAuthForMail: true)
        case .smtps:
            policy = Policy(offersSTARTTLS: false, authOnlyWithTLS: true, requiresTLSForMail: true,
                            requiresAuthForMail: true)
        default:
            policy = Policy(offersSTARTTLS: true, authOnlyWithTLS: true, requiresTLSForMail: false,
                            requiresAuthForMail: false)
        }
    }

    /// RFC 5321 §4.5.3.2.7: a server should wait at least 5 minutes for the next command.
    public var idleTimeoutSeconds: Int { 300 }
    public var wantsUpdates: Bool { false }
    public mutating func pendingUpdates() -> LabResponse? { nil }

    private var host: String { LabAccount.hostName }
    private var authOffered: Bool { !policy.authOnlyWithTLS || isTLS }
    private var startTLSOffered: Bool { policy.offersSTARTTLS && !isTLS && context.tlsAvailable }

    public mutating func greeting() -> LabResponse {
        LabResponse(lines: ["220 \(host) ESMTP mailrepl practice lab"])
    }

    public mutating func idleTimedOut() -> LabResponse {
        LabResponse(lines: ["421 4.4.2 \(host) Error: timeout exceeded"], next: .close)
    }

    public mutating func lineTooLong() -> LabResponse {
        if phase == .data {
            messageLineTooLong = true
            return LabResponse()
        }
        // RFC 5321 §4.2.2: 500 includes "command line too long".
        return refuse("500 5.5.2 Error: line too long")
    }

    public mutating func receiveLiteral(_ bytes: [UInt8]) -> LabResponse { LabResponse() }

    public mutating func tlsStarted() {
        // RFC 3207 §4.2: forget everything the client said before TLS, the EHLO argument included.
        isTLS = true
        clientName = nil
        usedEHLO = false
        authenticated = nil
        resetTransaction()
    }

    public mutating func receive(_ line: ServerLine) -> LabResponse {
        switch phase {
        case .data:
            return receiveContent(line)
        case .authPlain, .authLoginUser, .authLoginPassword:
            return receiveSASL(line.text)
        case .command:
            guard line.bytes.count <= SMTPLabServer.commandLineLimit else {
                return refuse("500 5.5.2 Error: line too long")
            }
            return command(line.text)
        }
    }

    // MARK: - Commands

    private mutating func command(_ text: String) -> LabResponse {
        let verb = text.prefix { $0 != " " }.uppercased()
        let argument = String(text.dropFirst(verb.count)).trimmingLabSpaces
        switch verb {
        case "EHLO", "HELO": return hello(verb: verb, argument: argument)
        case "STARTTLS": return startTLS(argument: argument)
        case "AUTH": return auth(argument: argument)
        case "MAIL": return mail(argument: argument)
        case "RCPT": return rcpt(argument: argument)
        case "DATA":
            guard argument.isEmpty else { return refuse("501 5.5.4 Syntax: DATA") }
            guard sender != nil else { return refuse("503 5.5.1 Error: need MAIL command") }
            // RFC 5321 §3.3: without any accepted RCPT, DATA is out of sequence.
            guard !recipients.isEmpty else { return refuse("503 5.5.1 Error: need RCPT command") }
            phase = .data
            return LabResponse(lines: ["354 End data with <CR><LF>.<CR><LF>"])
        case "RSET":
            guard argument.isEmpty else { return refuse("501 5.5.4 Syntax: RSET") }
            resetTransaction()
            return LabResponse(lines: ["250 2.0.0 Ok"])
        case "NOOP":
            return LabResponse(lines: ["250 2.0.0 Ok"])
        case "VRFY": return verify(argument)
        case "HELP":
            return LabResponse(lines: ["214 2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP VRFY "
                                       + "HELP QUIT"])
        case "QUIT":
            return LabResponse(lines: ["221 2.0.0 Bye"], next: .close)
        case "EXPN", "TURN", "ETRN", "BDAT", "SEND", "SOML", "SAML":
            return refuse("502 5.5.1 Error: command not implemented")
        default:
            return refuse("500 5.5.2 Error: command not recognized")
        }
    }

    private mutating func hello(verb: String, argument: String) -> LabResponse {
        guard !argument.isEmpty, !argument.contains(" ") else {
            return refuse("501 5.5.4 Syntax: \(verb) hostname")
        }
        // RFC 5321 §4.1.4: a new EHLO/HELO resets the transaction, like RSET.
        resetTransaction()
        clientName = argument
        usedEHLO = verb == "EHLO"
        guard usedEHLO else {
            return LabResponse(lines: ["250 \(host)"])
        }
        var lines = ["\(host) Hello \(argument) [\(context.clientAddress)]", "PIPELINING",
                     "SIZE \(SMTPLabServer.sizeLimit)", "8BITMIME", "ENHANCEDSTATUSCODES"]
        if startTLSOffered {
            lines.append("STARTTLS")
        }
        if authOffered && authenticated == nil {
            lines.append("AUTH PLAIN LOGIN")
        }
        lines.append("HELP")
        let numbered = lines.enumerated().map { index, line in
            (index == lines.count - 1 ? "250 " : "250-") + line
        }
        return LabResponse(lines: numbered)
    }

    private mutating func startTLS(argument: String) -> LabResponse {
        guard argument.isEmpty else { return refuse("501 5.5.4 Syntax: STARTTLS") }
        guard !isTLS else { return refuse("503 5.5.1 Error: TLS already active") }
        guard startTLSOffered else { return refuse("502 5.5.1 Error: command not implemented") }
        return LabResponse(lines: ["220 2.0.0 Ready to start TLS"], next: .startTLS)
    }

    private mutating func mail(argument: String) -> LabResponse {
        guard clientName != nil else { return refuse("503 5.5.1 Error: send HELO/EHLO first") }
        if policy.requiresTLSForMail && !isTLS {
            return refuse("530 5.7.0 Must issue a STARTTLS command first")
        }
        if policy.requiresAuthForMail && authenticated == nil {
            return refuse("530 5.7.0 Authentication required")
        }
        guard sender == nil else { return refuse("503 5.5.1 Error: nested MAIL command") }
        guard let (address, parameters) = SMTPLabServer.path(after: "FROM:", in: argument) else {
            return refuse("501 5.5.4 Syntax: MAIL FROM:<address>")
        }
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            let keyword = parts[0].uppercased()
            let value = parts.count > 1 ? parts[1] : ""
            switch keyword {
            case "SIZE":
                // RFC 1870 §6.1: a declared size beyond the fixed limit is refused at once.
                guard let size = Int(value), size >= 0 else { return refuse("501 5.5.4 Bad SIZE parameter") }
                if size > SMTPLabServer.sizeLimit {
                    return refuse("552 5.3.4 Message size exceeds fixed limit")
                }
            case "BODY":
                guard ["7BIT", "8BITMIME"].contains(value.uppercased()) else {
                    return refuse("501 5.5.4 Bad BODY parameter")
                }
            case "AUTH":
                break   // RFC 4954 §5: accepted; the lab does not relay, so it has no use for it.
            default:
                // RFC 5321 §4.1.1.11 (and §4.2.2): 555 for a parameter that is not recognized.
                return refuse("555 5.5.4 Unsupported option: \(parameter)")
            }
        }
        if let account = authenticated, !address.isEmpty, address.lowercased() != account.address {
            // A submission server lets a user send only as themselves (RFC 6409 §4.3 leaves the policy to the
            // site; this is Postfix's reject_sender_login_mismatch).
            return refuse("553 5.7.1 <\(address)>: Sender address rejected: not owned by user \(account.address)")
        }
        sender = address
        return LabResponse(lines: ["250 2.1.0 Ok"])
    }

    private mutating func rcpt(argument: String) -> LabResponse {
        guard sender != nil else { return refuse("503 5.5.1 Error: need MAIL command") }
        guard let (address, parameters) = SMTPLabServer.path(after: "TO:", in: argument) else {
            return refuse("501 5.5.4 Syntax: RCPT TO:<address>")
        }
        if let parameter = parameters.first {
            return refuse("555 5.5.4 Unsupported option: \(parameter)")
        }
        guard recipients.count < SMTPLabServer.recipientLimit else {
            return refuse("452 4.5.3 Error: too many recipients")   // RFC 5321 §4.5.3.1.10
        }
        switch resolve(address) {
        case .local(let mailbox):
            recipients.append(mailbox)
            return LabResponse(lines: ["250 2.1.5 Ok"])
        case .unknownUser:
            return refuse("550 5.1.1 <\(address)>: Recipient address rejected: User unknown in lab.test")
        case .badSyntax:
            return refuse("501 5.1.3 Bad recipient address syntax")
        case .otherDomain:
            // RFC 5321 §3.6.2: a server that will not relay for this client refuses, with 550 and
            // RFC 3463's 5.7.1 (delivery not authorized).
            return refuse("550 5.7.1 <\(address)>: Relay access denied")
        }
    }

    private enum Resolution {
        case local(String)
        case unknownUser
        case badSyntax
        case otherDomain
    }

    /// Where an address goes: a practice account, or postmaster, which every domain must accept
    /// (RFC 5321 §4.5.1) and which the lab hands to alice.
    private func resolve(_ address: String) -> Resolution {
        let lowered = address.lowercased()
        if lowered == "postmaster" {
            return .local(LabAccount.alice.address)
        }
        guard let at = lowered.lastIndex(of: "@"), at != lowered.startIndex else { return .badSyntax }
        let local = lowered[..<at]
        let domain = lowered[lowered.index(after: at)...]
        guard !domain.isEmpty else { return .badSyntax }
        guard domain == LabAccount.domain else { return .otherDomain }
        if local == "postmaster" {
            return .local(LabAccount.alice.address)
        }
        return context.store.withMaildrop { maildrop in
            maildrop.accounts.contains { $0.address == lowered } ? .local(lowered) : .unknownUser
        }
    }

    private mutating func verify(_ argument: String) -> LabResponse {
        guard !argument.isEmpty else { return refuse("501 5.5.4 Syntax: VRFY address") }
        let address = argument.hasPrefix("<") && argument.hasSuffix(">")
            ? String(argument.dropFirst().dropLast()) : argument
        switch resolve(address) {
        case .local(let mailbox): return LabResponse(lines: ["250 2.1.5 <\(mailbox)>"])
        case .unknownUser: return refuse("550 5.1.1 <\(address)>: Recipient address rejected: User unknown in lab.test")
        case .badSyntax: return refuse("501 5.1.3 Bad recipient address syntax")
        // RFC 5321 §3.5.3: 252 when the server cannot verify but would accept or relay.
        case .otherDomain: return LabResponse(lines: ["252 2.0.0 Cannot VRFY user outside lab.test"])
        }
    }

    /// `FROM:<a@b> SIZE=10` → ("a@b", ["SIZE=10"]); nil on a syntax error. A space after the colon is
    /// tolerated, as most servers do.
    static func path(after keyword: String, in argument: String) -> (String, [String])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return nil }
        var address = String(rest[rest.index(after: rest.startIndex)..<close])
        // RFC 5321 §4.1.2: a source route ("@a,@b:user@c") is accepted and its route ignored.
        if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
            address = String(address[address.index(after: colon)...])
        }
        guard !address.contains(" ") else { return nil }
        let parameters = rest[rest.index(after: close)...].split(separator: " ").map(String.init)
        return (address, parameters)
    }

    // MARK: - DATA

    private mutating func receiveContent(_ line: ServerLine) -> LabResponse {
        if line.bytes == [UInt8(ascii: ".")] && line.terminator == .crlf {
            phase = .command
            return finishMessage()
        }
        // RFC 5321 §4.5.2: a leading dot was doubled by the client; take one away.
        var content = line.bytes
        if content.first == UInt8(ascii: ".") {
            content.removeFirst()
        }
        if message.count + content.count + 2 > SMTPLabServer.sizeLimit {
            messageTooBig = true
        }
        if !messageTooBig {
            message += content + [13, 10]
        }
        return LabResponse()
    }

    private mutating func finishMessage() -> LabResponse {
        defer { resetTransaction() }
        if messageTooBig {
            return refuse("552 5.3.4 Message size exceeds fixed maximum message size")   // RFC 1870 §6.3
        }
        if messageLineTooLong {
            return refuse("500 5.5.2 Error: message line too long")
        }
        let now = context.store.now
        let delivered: [String]? = context.store.withMaildrop { maildrop in
            var uids: [String] = []
            for recipient in recipients {
                let stored = traceHeaders(for: recipient, at: now) + message
                guard case .delivered = maildrop.append(stored, to: "INBOX", of: recipient, at: now) else {
                    return nil
                }
                uids.append(recipient)
            }
            return uids
        }
        guard let delivered else {
            // RFC 5321 §4.2.3 452 with RFC 3463 4.3.1: the mail system is full.
            return refuse("452 4.3.1 Insufficient system storage")
        }
        let names = delivered.map { "<\($0)>" }.joined(separator: ", ")
        return LabResponse(lines: ["250 2.0.0 Ok: delivered to \(names)"])
    }

    /// Return-Path: (RFC 5321 §4.4, added at final delivery) and Received: with the RFC 3848 protocol name.
    private func traceHeaders(for recipient: String, at time: Int64) -> [UInt8] {
        let with = (usedEHLO ? "ESMTP" : "SMTP") + (isTLS && usedEHLO ? "S" : "") + (authenticated != nil ? "A" : "")
        let date = LabDate(secondsSince1970: time).rfc5322
        let text = "Return-Path: <\(sender ?? "")>\r\n"
            + "Received: from \(clientName ?? "unknown") ([\(context.clientAddress)])\r\n"
            + "\tby \(host) (mailrepl practice lab) with \(with)\r\n"
            + "\tfor <\(recipient)>; \(date)\r\n"
        return Array(text.utf8)
    }

    // MARK: - AUTH

    private mutating func auth(argument: String) -> LabResponse {
        guard usedEHLO else { return refuse("503 5.5.1 Error: send EHLO first") }
        guard authOffered else {
            // RFC 4954 §6: the mechanism needs an encrypted connection first.
            return refuse("538 5.7.11 Encryption required for requested authentication mechanism")
        }
        // RFC 4954 §4: no AUTH after a successful one, and none during a mail transaction.
        guard authenticated == nil else { return refuse("503 5.5.1 Error: already authenticated") }
        guard sender == nil else { return refuse("503 5.5.1 Error: MAIL transaction in progress") }
        let words = argument.split(separator: " ").map(String.init)
        guard let mechanism = words.first?.uppercased(), words.count <= 2 else {
            return refuse("501 5.5.4 Syntax: AUTH mechanism")
        }
        switch mechanism {
        case "PLAIN":
            guard words.count == 2 else {
                phase = .authPlain
                return LabResponse(lines: ["334 "])
            }
            return checkPlain(words[1])
        case "LOGIN":
            guard words.count == 2 else {
                phase = .authLoginUser
                return LabResponse(lines: ["334 VXNlcm5hbWU6"])   // "Username:"
            }
            return loginUser(words[1])
        default:
            return refuse("504 5.5.4 Unrecognized authentication type")
        }
    }

    private mutating func receiveSASL(_ text: String) -> LabResponse {
        let current = phase
        phase = .command
        // RFC 4954 §4: "*" cancels the exchange.
        if text == "*" {
            return refuse("501 5.0.0 Authentication aborted")
        }
        switch current {
        case .authPlain: return checkPlain(text)
        case .authLoginUser: return loginUser(text)
        case .authLoginPassword(let user):
            guard let password = Base64Text.decode(text) else { return undecodable() }
            return check(user: user, password: String(decoding: password, as: UTF8.self))
        case .command, .data: return LabResponse()
        }
    }

    private mutating func loginUser(_ encoded: String) -> LabResponse {
        guard let user = Base64Text.decode(encoded) else { return undecodable() }
        phase = .authLoginPassword(user: String(decoding: user, as: UTF8.self))
        return LabResponse(lines: ["334 UGFzc3dvcmQ6"])   // "Password:"
    }

    private mutating func checkPlain(_ encoded: String) -> LabResponse {
        // RFC 4954 §4: "=" is an empty initial response.
        guard let decoded = encoded == "=" ? [] : Base64Text.decode(encoded) else { return undecodable() }
        guard let credentials = SASLPlainMessage(decoded) else {
            return refuse("535 5.7.8 Authentication credentials invalid")
        }
        return check(user: credentials.user, password: credentials.password,
                     authorizationIdentity: credentials.authorizationIdentity)
    }

    private mutating func undecodable() -> LabResponse {
        refuse("501 5.5.2 Cannot decode response")   // RFC 4954 §4: 501 for a response that is not base64
    }

    /// An authorization identity other than the user's own is refused: nobody in the lab may act for another.
    private mutating func check(user: String, password: String, authorizationIdentity: String? = nil) -> LabResponse {
        let accounts = context.store.withMaildrop { $0.accounts }
        guard let account = LabAccount.account(forLogin: user, in: accounts), account.password == password,
              authorizationIdentity.map({ LabAccount.account(forLogin: $0, in: accounts) == account }) ?? true
        else {
            return refuse("535 5.7.8 Authentication credentials invalid")   // RFC 4954 §6
        }
        authenticated = account
        return LabResponse(lines: ["235 2.7.0 Authentication successful"])
    }

    // MARK: - State

    private mutating func resetTransaction() {
        sender = nil
        recipients = []
        message = []
        messageTooBig = false
        messageLineTooLong = false
    }

    /// A refusal; after too many the connection is closed.
    private mutating func refuse(_ line: String) -> LabResponse {
        errors += 1
        if errors >= SMTPLabServer.errorLimit {
            return LabResponse(lines: [line, "421 4.7.0 \(host) Error: too many errors"], next: .close)
        }
        return LabResponse(lines: [line])
    }
}

extension String {
    var trimmingLabSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
