/// The lab's IMAP server side: mail stays on the server, in folders, with flags every session shares.
///
/// Implements: RFC 3501 (IMAP4rev1, which the clients learners meet speak: Python's imaplib, curl, Thunderbird),
/// citing RFC 9051 where it says the same; RFC 2177 (IDLE), RFC 3691 (UNSELECT), RFC 4959 (SASL-IR),
/// RFC 4616 (PLAIN), RFC 7888 (LITERAL+), RFC 5530 (response codes), RFC 2595 and RFC 9051 §6.2.1 (STARTTLS).
public struct IMAPLabServer: LabServerMachine {
    enum State: Equatable {
        case notAuthenticated
        case authenticated(account: String)
        case selected(account: String, selection: IMAPLabSelection)
        case logout
    }

    /// What the next line is, besides a new command.
    private enum Awaiting: Equatable {
        case command
        /// The rest of a command after a literal (tokens so far).
        case continuation(tokens: [IMAPLabToken])
        /// The client's answer to AUTHENTICATE's `+`.
        case saslResponse(tag: String)
        /// IDLE: only DONE ends it (RFC 2177 §3).
        case idleDone(tag: String)
    }

    /// Literals bigger than this are refused (the SMTP side's size bound, for APPEND).
    static let literalLimit = SMTPLabServer.sizeLimit
    static let errorLimit = 30

    let context: LabConnectionContext
    var state = State.notAuthenticated
    private var awaiting = Awaiting.command
    private var isTLS: Bool
    private var errors = 0

    public init(context: LabConnectionContext) {
        self.context = context
        self.isTLS = context.startsEncrypted
    }

    /// RFC 3501 §5.4: the autologout timer lasts at least 30 minutes.
    public var idleTimeoutSeconds: Int { 1800 }

    public var wantsUpdates: Bool {
        if case .idleDone = awaiting { return true }
        return false
    }

    var capabilities: [String] {
        var list = ["IMAP4rev1", "LITERAL+", "SASL-IR", "IDLE", "UNSELECT"]
        if state == .notAuthenticated {
            if !isTLS && context.tlsAvailable {
                list.append("STARTTLS")
            }
            list.append("AUTH=PLAIN")
        }
        return list
    }

    public mutating func greeting() -> LabResponse {
        LabResponse(lines: ["* OK [CAPABILITY \(capabilities.joined(separator: " "))] \(LabAccount.hostName) "
                            + "IMAP4rev1 practice lab ready"])
    }

    public mutating func idleTimedOut() -> LabResponse {
        LabResponse(lines: ["* BYE Autologout; idle for too long"], next: .close)
    }

    public mutating func lineTooLong() -> LabResponse {
        awaiting = .command
        return LabResponse(lines: ["* BAD Line too long"])
    }

    public mutating func tlsStarted() {
        isTLS = true
    }

    public mutating func pendingUpdates() -> LabResponse? {
        guard case .idleDone = awaiting else { return nil }
        let lines = synchronize(allowExpunge: true)
        return lines.isEmpty ? nil : LabResponse(lines: lines)
    }

    // MARK: - Reading commands

    public mutating func receive(_ line: ServerLine) -> LabResponse {
        switch awaiting {
        case .idleDone(let tag):
            awaiting = .command
            guard line.text.uppercased() == "DONE" else {
                return refuse("\(tag) BAD Expected DONE to end IDLE")
            }
            return LabResponse(lines: synchronize(allowExpunge: true) + ["\(tag) OK IDLE terminated"])
        case .saslResponse(let tag):
            awaiting = .command
            // RFC 3501 §6.2.2: "*" cancels the exchange, and the server answers BAD.
            if line.text == "*" {
                return refuse("\(tag) BAD Authentication aborted")
            }
            return authenticatePlain(tag: tag, encoded: line.text)
        case .continuation(let tokens):
            awaiting = .command
            return read(line.bytes, after: tokens)
        case .command:
            return read(line.bytes, after: [])
        }
    }

    public mutating func receiveLiteral(_ bytes: [UInt8]) -> LabResponse {
        guard case .continuation(let tokens) = awaiting else { return LabResponse() }
        awaiting = .continuation(tokens: tokens + [.literal(bytes)])
        return LabResponse()
    }

    private mutating func read(_ bytes: [UInt8], after earlier: [IMAPLabToken]) -> LabResponse {
        guard let (tokens, literal) = IMAPLabToken.tokenize(bytes) else {
            let tag = (earlier.first ?? IMAPLabToken.tokenize(Array(bytes.prefix { $0 != 32 }))?.tokens.first)?
                .atom ?? "*"
            return refuse("\(tag) BAD Syntax error in command")
        }
        let all = earlier + tokens
        if let literal {
            guard literal.length <= IMAPLabServer.literalLimit else {
                let tag = all.first?.atom ?? "*"
                return refuse("\(tag) NO [TOOBIG] Literal too big")   // RFC 7889 §4: TOOBIG
            }
            awaiting = .continuation(tokens: all)
            // RFC 3501 §7.5: the server asks for a synchronizing literal's bytes; LITERAL+ ones just follow.
            var response = literal.synchronizing ? LabResponse(lines: ["+ Ready for literal data"]) : LabResponse()
            response.literalLength = literal.length
            return response
        }
        return execute(all)
    }

    private mutating func execute(_ tokens: [IMAPLabToken]) -> LabResponse {
        guard let tag = tokens.first?.atom, !tag.isEmpty, !tag.contains("+"), !tag.contains("*") else {
            return refuse("* BAD Missing or invalid tag")
        }
        guard tokens.count >= 2, let name = tokens[1].atom?.uppercased() else {
            return refuse("\(tag) BAD Missing command")
        }
        let arguments = Array(tokens.dropFirst(2))
        switch (name, state) {
        case ("CAPABILITY", _):
            return LabResponse(lines: ["* CAPABILITY \(capabilities.joined(separator: " "))",
                                       "\(tag) OK CAPABILITY completed"])
        case ("NOOP", _), ("CHECK", .selected):
            return LabResponse(lines: synchronize(allowExpunge: true) + ["\(tag) OK \(name) completed"])
        case ("LOGOUT", _):
            state = .logout
            return LabResponse(lines: ["* BYE \(LabAccount.hostName) IMAP4rev1 server logging out",
                                       "\(tag) OK LOGOUT completed"], next: .close)
        case ("STARTTLS", .notAuthenticated):
            guard !isTLS else { return refuse("\(tag) BAD TLS is already active") }
            guard context.tlsAvailable else { return refuse("\(tag) BAD Unknown command") }
            return LabResponse(lines: ["\(tag) OK Begin TLS negotiation now"], next: .startTLS)
        case ("LOGIN", .notAuthenticated):
            guard arguments.count == 2, let user = arguments[0].string, let password = arguments[1].string else {
                return refuse("\(tag) BAD Syntax: LOGIN user password")
            }
            return logIn(tag: tag, user: user, password: password, command: "LOGIN")
        case ("AUTHENTICATE", .notAuthenticated):
            guard let mechanism = arguments.first?.atom?.uppercased(), arguments.count <= 2 else {
                return refuse("\(tag) BAD Syntax: AUTHENTICATE mechanism")
            }
            guard mechanism == "PLAIN" else {
                return refuse("\(tag) NO Unsupported authentication mechanism")
            }
            if arguments.count == 2, let initial = arguments[1].string {
                return authenticatePlain(tag: tag, encoded: initial)   // RFC 4959 SASL-IR
            }
            awaiting = .saslResponse(tag: tag)
            return LabResponse(lines: ["+ "])
        case ("SELECT", .authenticated(let account)), ("EXAMINE", .authenticated(let account)),
             ("SELECT", .selected(let account, _)), ("EXAMINE", .selected(let account, _)):
            guard arguments.count == 1, let mailbox = arguments[0].string else {
                return refuse("\(tag) BAD Syntax: \(name) mailbox")
            }
            return select(tag: tag, account: account, mailbox: mailbox, readOnly: name == "EXAMINE")
        case ("LIST", .authenticated(let account)), ("LIST", .selected(let account, _)),
             ("LSUB", .authenticated(let account)), ("LSUB", .selected(let account, _)):
            guard arguments.count == 2, let reference = arguments[0].string, let pattern = arguments[1].string else {
                return refuse("\(tag) BAD Syntax: \(name) reference pattern")
            }
            return list(tag: tag, name: name, account: account, reference: reference, pattern: pattern)
        case ("STATUS", .authenticated(let account)), ("STATUS", .selected(let account, _)):
            return status(tag: tag, account: account, arguments: arguments)
        case ("CREATE", .authenticated(let account)), ("CREATE", .selected(let account, _)),
             ("DELETE", .authenticated(let account)), ("DELETE", .selected(let account, _)):
            guard arguments.count == 1, let mailbox = arguments[0].string else {
                return refuse("\(tag) BAD Syntax: \(name) mailbox")
            }
            return createOrDelete(tag: tag, name: name, account: account, mailbox: mailbox)
        case ("SUBSCRIBE", .authenticated), ("SUBSCRIBE", .selected),
             ("UNSUBSCRIBE", .authenticated), ("UNSUBSCRIBE", .selected):
            // Every mailbox counts as subscribed; LSUB lists them all.
            return LabResponse(lines: ["\(tag) OK \(name) completed"])
        case ("APPEND", .authenticated(let account)), ("APPEND", .selected(let account, _)):
            return append(tag: tag, account: account, arguments: arguments)
        case ("IDLE", .authenticated), ("IDLE", .selected):
            awaiting = .idleDone(tag: tag)
            return LabResponse(lines: synchronize(allowExpunge: true) + ["+ idling"])
        case ("CLOSE", .selected(let account, let selection)), ("UNSELECT", .selected(let account, let selection)):
            if name == "CLOSE" && !selection.readOnly {
                // RFC 3501 §6.4.2: CLOSE expunges silently.
                _ = context.store.withMaildrop { maildrop in
                    maildrop.modifyMailbox(selection.mailbox, of: account) { mailbox in
                        mailbox.remove(uids: Set(mailbox.messages.filter { $0.flags.contains(LabFlags.deleted) }
                            .map(\.uid)))
                    }
                }
            }
            state = .authenticated(account: account)
            return LabResponse(lines: ["\(tag) OK \(name) completed"])
        case ("EXPUNGE", .selected):
            return expunge(tag: tag)
        case ("SEARCH", .selected), ("FETCH", .selected), ("STORE", .selected), ("COPY", .selected):
            return messageCommand(tag: tag, name: name, arguments: arguments, byUID: false)
        case ("UID", .selected):
            guard let sub = arguments.first?.atom?.uppercased(), ["SEARCH", "FETCH", "STORE", "COPY"].contains(sub)
            else { return refuse("\(tag) BAD Syntax: UID FETCH|STORE|SEARCH|COPY ...") }
            return messageCommand(tag: tag, name: sub, arguments: Array(arguments.dropFirst()), byUID: true)
        case ("LOGIN", _), ("AUTHENTICATE", _), ("STARTTLS", _):
            return refuse("\(tag) BAD Already logged in")
        case ("SELECT", _), ("EXAMINE", _), ("LIST", _), ("LSUB", _), ("STATUS", _), ("CREATE", _), ("DELETE", _),
             ("SUBSCRIBE", _), ("UNSUBSCRIBE", _), ("APPEND", _), ("IDLE", _):
            return refuse("\(tag) BAD Log in first (LOGIN or AUTHENTICATE)")
        case ("CLOSE", _), ("UNSELECT", _), ("EXPUNGE", _), ("SEARCH", _), ("FETCH", _), ("STORE", _), ("COPY", _),
             ("UID", _), ("CHECK", _):
            return refuse("\(tag) BAD No mailbox selected: SELECT one first")
        default:
            return refuse("\(tag) BAD Unknown command")
        }
    }

    // MARK: - Not authenticated

    private mutating func logIn(tag: String, user: String, password: String, command: String) -> LabResponse {
        let accounts = context.store.withMaildrop { $0.accounts }
        guard let account = LabAccount.account(forLogin: user, in: accounts), account.password == password else {
            // RFC 5530 §3: AUTHENTICATIONFAILED.
            return refuse("\(tag) NO [AUTHENTICATIONFAILED] Authentication failed")
        }
        state = .authenticated(account: account.address)
        return LabResponse(lines: ["\(tag) OK [CAPABILITY \(capabilities.joined(separator: " "))] Logged in"])
    }

    private mutating func authenticatePlain(tag: String, encoded: String) -> LabResponse {
        guard let decoded = encoded == "=" ? [] : Base64Text.decode(encoded) else {
            return refuse("\(tag) BAD Invalid base64 in the SASL response")
        }
        guard let credentials = SASLPlainMessage(decoded) else {
            return refuse("\(tag) NO [AUTHENTICATIONFAILED] Authentication failed")
        }
        if let identity = credentials.authorizationIdentity {
            let accounts = context.store.withMaildrop { $0.accounts }
            guard LabAccount.account(forLogin: identity, in: accounts)
                    == LabAccount.account(forLogin: credentials.user, in: accounts) else {
                return refuse("\(tag) NO [AUTHORIZATIONFAILED] Cannot act as another user")
            }
        }
        return logIn(tag: tag, user: credentials.user, password: credentials.password, command: "AUTHENTICATE")
    }

    // MARK: - Mailboxes

    private mutating func select(tag: String, account: String, mailbox name: String, readOnly: Bool) -> LabResponse {
        // RFC 3501 §6.3.1: a SELECT first deselects the current mailbox, even if it then fails.
        state = .authenticated(account: account)
        guard let mailbox = context.store.withMaildrop({ $0.mailbox(name, of: account) }) else {
            return refuse("\(tag) NO [NONEXISTENT] Mailbox doesn't exist: \(name)")
        }
        let selection = IMAPLabSelection(mailbox: mailbox.name, readOnly: readOnly, uidValidity: mailbox.uidValidity,
                                         uids: mailbox.messages.map(\.uid),
                                         synchronizedTo: mailbox.highestModificationSequence)
        state = .selected(account: account, selection: selection)
        var lines = ["* FLAGS (\(LabFlags.system.joined(separator: " ")))",
                     "* OK [PERMANENTFLAGS (\(LabFlags.system.joined(separator: " ")) \\*)] Flags permitted",
                     "* \(mailbox.messages.count) EXISTS", "* 0 RECENT"]
        if let firstUnseen = mailbox.messages.firstIndex(where: { !$0.flags.contains(LabFlags.seen) }) {
            lines.append("* OK [UNSEEN \(firstUnseen + 1)] First unseen")
        }
        lines += ["* OK [UIDVALIDITY \(mailbox.uidValidity)] UIDs valid",
                  "* OK [UIDNEXT \(mailbox.uidNext)] Predicted next UID",
                  "\(tag) OK [\(readOnly ? "READ-ONLY" : "READ-WRITE")] \(readOnly ? "EXAMINE" : "SELECT") completed"]
        return LabResponse(lines: lines)
    }

    private mutating func list(tag: String, name: String, account: String, reference: String,
                               pattern: String) -> LabResponse {
        if pattern.isEmpty {
            // RFC 3501 §6.3.8: an empty pattern asks for the hierarchy delimiter.
            return LabResponse(lines: ["* \(name) (\\Noselect) \"/\" \"\"", "\(tag) OK \(name) completed"])
        }
        let names = context.store.withMaildrop { $0.mailboxNames(of: account) }
        var lines: [String] = []
        for mailbox in names where IMAPLabServer.matches(mailbox, pattern: reference + pattern) {
            var attributes: [String] = []
            if mailbox == "Sent" { attributes.append("\\Sent") }     // RFC 6154 special-use
            if mailbox == "Trash" { attributes.append("\\Trash") }
            lines.append("* \(name) (\(attributes.joined(separator: " "))) \"/\" \(IMAPLabServer.quoted(mailbox))")
        }
        return LabResponse(lines: lines + ["\(tag) OK \(name) completed"])
    }

    /// RFC 3501 §6.3.8: `*` matches anything, `%` anything but the hierarchy delimiter; INBOX in any case.
    static func matches(_ name: String, pattern: String) -> Bool {
        let nameCharacters = Array(name.uppercased() == "INBOX" ? "INBOX" : name)
        let patternCharacters = Array(pattern.uppercased() == "INBOX" ? "INBOX" : pattern)
        func match(_ nameIndex: Int, _ patternIndex: Int) -> Bool {
            if patternIndex == patternCharacters.count { return nameIndex == nameCharacters.count }
            let wildcard = patternCharacters[patternIndex]
            if wildcard == "*" || wildcard == "%" {
                var index = nameIndex
                while true {
                    if match(index, patternIndex + 1) { return true }
                    guard index < nameCharacters.count, wildcard == "*" || nameCharacters[index] != "/" else {
                        return false
                    }
                    index += 1
                }
            }
            return nameIndex < nameCharacters.count && nameCharacters[nameIndex] == wildcard
                && match(nameIndex + 1, patternIndex + 1)
        }
        return match(0, 0)
    }

    private mutating func status(tag: String, account: String, arguments: [IMAPLabToken]) -> LabResponse {
        guard arguments.count >= 3, let name = arguments[0].string, arguments[1] == .open,
              arguments.last == .close else {
            return refuse("\(tag) BAD Syntax: STATUS mailbox (items)")
        }
        guard let mailbox = context.store.withMaildrop({ $0.mailbox(name, of: account) }) else {
            return refuse("\(tag) NO [NONEXISTENT] Mailbox doesn't exist: \(name)")
        }
        var items: [String] = []
        for token in arguments[2..<(arguments.count - 1)] {
            switch token.atom?.uppercased() {
            case "MESSAGES": items.append("MESSAGES \(mailbox.messages.count)")
            case "RECENT": items.append("RECENT 0")
            case "UIDNEXT": items.append("UIDNEXT \(mailbox.uidNext)")
            case "UIDVALIDITY": items.append("UIDVALIDITY \(mailbox.uidValidity)")
            case "UNSEEN":
                items.append("UNSEEN \(mailbox.messages.filter { !$0.flags.contains(LabFlags.seen) }.count)")
            default: return refuse("\(tag) BAD Unknown STATUS item")
            }
        }
        return LabResponse(lines: ["* STATUS \(IMAPLabServer.quoted(mailbox.name)) (\(items.joined(separator: " ")))",
                                   "\(tag) OK STATUS completed"])
    }

    private mutating func createOrDelete(tag: String, name: String, account: String, mailbox: String) -> LabResponse {
        let acceptable = !mailbox.isEmpty && mailbox.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
            && !mailbox.contains("*") && !mailbox.contains("%")
        guard acceptable else { return refuse("\(tag) NO [CANNOT] Unacceptable mailbox name") }
        if case .selected(_, let selection) = state, name == "DELETE", selection.mailbox == mailbox {
            state = .authenticated(account: account)
        }
        let done = context.store.withMaildrop { maildrop in
            name == "CREATE" ? maildrop.create(mailbox, for: account) : maildrop.delete(mailbox, of: account)
        }
        guard done else {
            return refuse(name == "CREATE" ? "\(tag) NO [ALREADYEXISTS] Mailbox exists"
                                           : "\(tag) NO [NONEXISTENT] No such mailbox, or it cannot be deleted")
        }
        return LabResponse(lines: ["\(tag) OK \(name) completed"])
    }

    private mutating func append(tag: String, account: String, arguments: [IMAPLabToken]) -> LabResponse {
        guard let name = arguments.first?.string, case .literal(let bytes)? = arguments.last else {
            return refuse("\(tag) BAD Syntax: APPEND mailbox [(flags)] [date] {size}")
        }
        var flags = LabFlags()
        if arguments.count > 2, arguments[1] == .open, let close = arguments.firstIndex(of: .close),
           let names = Array(arguments[1...close]).flagNames() {
            flags = LabFlags(names)
        }
        let now = context.store.now
        let outcome = context.store.withMaildrop { $0.append(bytes, to: name, of: account, flags: flags, at: now) }
        switch outcome {
        case .delivered:
            return LabResponse(lines: synchronize(allowExpunge: true) + ["\(tag) OK APPEND completed"])
        case .noSuchMailbox:
            return refuse("\(tag) NO [TRYCREATE] Mailbox doesn't exist: \(name)")   // RFC 3501 §6.3.11
        case .storageFull:
            return refuse("\(tag) NO [OVERQUOTA] The practice lab's storage is full")   // RFC 5530 §3
        }
    }

    // MARK: - Helpers

    /// A string as IMAP sends it: quoted when it can be, a literal otherwise (RFC 3501 §4.3).
    static func quoted(_ text: String) -> String {
        let simple = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        guard simple else {
            return "{\(text.utf8.count)}\r\n" + text
        }
        return "\"" + text.replacingLabCharacters(["\\": "\\\\", "\"": "\\\""]) + "\""
    }

    mutating func refuse(_ line: String) -> LabResponse {
        errors += 1
        if errors >= IMAPLabServer.errorLimit {
            return LabResponse(lines: [line, "* BYE Too many errors"], next: .close)
        }
        return LabResponse(lines: [line])
    }
}

extension String {
    func replacingLabCharacters(_ replacements: [Character: String]) -> String {
        var result = ""
        for character in self {
            result += replacements[character] ?? String(character)
        }
        return result
    }
}
