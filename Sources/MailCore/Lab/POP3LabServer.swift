/// The lab's POP3 server side: download and delete, on the same INBOX IMAP shows.
///
/// Implements: RFC 1939 (states AUTHORIZATION, TRANSACTION and UPDATE; deletion only at QUIT), RFC 2449 (CAPA,
/// response codes, IN-USE), RFC 3206 (AUTH and SYS response codes), RFC 2595 §4 (STLS).
public struct POP3LabServer: LabServerMachine {
    private enum State: Equatable {
        case authorization(user: String?)
        /// The maildrop as it was at login: RFC 1939 §4 numbers messages once, for the whole session.
        case transaction(account: String, uids: [UInt32], deleted: Set<Int>)
        case closed
    }

    static let errorLimit = 20

    private let context: LabConnectionContext
    private var state = State.authorization(user: nil)
    private var isTLS: Bool
    private var errors = 0

    public init(context: LabConnectionContext) {
        self.context = context
        self.isTLS = context.startsEncrypted
    }

    /// RFC 1939 §3: an inactivity autologout timer of at least 10 minutes.
    public var idleTimeoutSeconds: Int { 600 }
    public var wantsUpdates: Bool { false }
    public mutating func pendingUpdates() -> LabResponse? { nil }
    public mutating func receiveLiteral(_ bytes: [UInt8]) -> LabResponse { LabResponse() }

    public mutating func greeting() -> LabResponse {
        LabResponse(lines: ["+OK \(LabAccount.hostName) POP3 practice lab ready"])
    }

    public mutating func idleTimedOut() -> LabResponse {
        // RFC 1939 §3: the timer closes the connection without entering UPDATE; nothing is deleted.
        connectionClosed()
        return LabResponse(lines: ["-ERR Disconnected for inactivity"], next: .close)
    }

    public mutating func lineTooLong() -> LabResponse {
        refuse("-ERR Line too long")   // RFC 2449 §4: commands are at most 255 octets
    }

    public mutating func tlsStarted() {
        isTLS = true
        state = .authorization(user: nil)
    }

    /// A connection that ends without QUIT never reaches UPDATE (RFC 1939 §6): the lock goes, the deletions do not
    /// happen.
    public mutating func connectionClosed() {
        if case .transaction(let account, _, _) = state {
            context.store.withMaildrop { $0.unlockForPOP3(account) }
        }
        state = .closed
    }

    public mutating func receive(_ line: ServerLine) -> LabResponse {
        let text = line.text
        let verb = text.prefix { $0 != " " }.uppercased()
        let arguments = text.dropFirst(verb.count).split(separator: " ").map(String.init)
        switch (verb, state) {
        case ("CAPA", _): return capabilities()
        case ("QUIT", _): return quit()
        case ("NOOP", .transaction): return LabResponse(lines: ["+OK"])
        case ("STLS", .authorization): return startTLS()
        case ("USER", .authorization):
            guard arguments.count == 1 else { return refuse("-ERR Syntax: USER name") }
            state = .authorization(user: arguments[0])
            return LabResponse(lines: ["+OK"])
        case ("PASS", .authorization(let user)):
            guard let user else { return refuse("-ERR Send USER first") }
            // The password may contain spaces (RFC 1939 §7): everything after "PASS ".
            return login(user: user, password: String(text.dropFirst(5)))
        case ("STAT", .transaction(let account, let uids, let deleted)):
            let (count, size) = totals(account: account, uids: uids, deleted: deleted)
            return LabResponse(lines: ["+OK \(count) \(size)"])
        case ("LIST", .transaction(let account, let uids, let deleted)):
            return listing(arguments, account: account, uids: uids, deleted: deleted) { message, _ in "\(message.size)" }
        case ("UIDL", .transaction(let account, let uids, let deleted)):
            return listing(arguments, account: account, uids: uids, deleted: deleted) { message, validity in
                "\(validity).\(message.uid)"
            }
        case ("RETR", .transaction(let account, let uids, let deleted)):
            guard arguments.count == 1 else { return refuse("-ERR Syntax: RETR message") }
            return retrieve(arguments[0], lines: nil, account: account, uids: uids, deleted: deleted)
        case ("TOP", .transaction(let account, let uids, let deleted)):
            guard arguments.count == 2, let count = Int(arguments[1]), count >= 0 else {
                return refuse("-ERR Syntax: TOP message lines")
            }
            return retrieve(arguments[0], lines: count, account: account, uids: uids, deleted: deleted)
        case ("DELE", .transaction(let account, let uids, var deleted)):
            guard arguments.count == 1 else { return refuse("-ERR Syntax: DELE message") }
            switch lookUp(arguments[0], account: account, uids: uids, deleted: deleted) {
            case .failure(let refusal): return refusal.response
            case .success(let (number, _)):
                deleted.insert(number)
                state = .transaction(account: account, uids: uids, deleted: deleted)
                return LabResponse(lines: ["+OK message \(number) deleted"])
            }
        case ("RSET", .transaction(let account, let uids, _)):
            state = .transaction(account: account, uids: uids, deleted: [])
            let (count, size) = totals(account: account, uids: uids, deleted: [])
            return LabResponse(lines: ["+OK maildrop has \(count) messages (\(size) octets)"])
        case ("USER", _), ("PASS", _), ("STLS", _):
            return refuse("-ERR Command not valid in this state")
        case ("STAT", _), ("LIST", _), ("UIDL", _), ("RETR", _), ("TOP", _), ("DELE", _), ("RSET", _), ("NOOP", _):
            return refuse("-ERR Command not valid in this state: log in first (USER and PASS)")
        default:
            return refuse("-ERR Unknown command")
        }
    }

    // MARK: - AUTHORIZATION

    private func capabilities() -> LabResponse {
        var lines = ["+OK Capability list follows", "TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"]
        if case .authorization = state {
            lines.append("USER")
            if !isTLS && context.tlsAvailable {
                lines.append("STLS")
            }
        }
        lines += ["IMPLEMENTATION mailrepl-practice-lab", "."]
        return LabResponse(lines: lines)
    }

    private mutating func startTLS() -> LabResponse {
        guard !isTLS else { return refuse("-ERR TLS already active") }
        guard context.tlsAvailable else { return refuse("-ERR Unknown command") }
        return LabResponse(lines: ["+OK Begin TLS negotiation"], next: .startTLS)
    }

    private mutating func login(user: String, password: String) -> LabResponse {
        let outcome: Result<(String, [UInt32]), LoginRefusal> = context.store.withMaildrop { maildrop in
            guard let account = LabAccount.account(forLogin: user, in: maildrop.accounts),
                  account.password == password else { return .failure(.credentials) }
            guard maildrop.lockForPOP3(account.address) else { return .failure(.inUse) }
            let uids = maildrop.mailbox("INBOX", of: account.address)?.messages.map(\.uid) ?? []
            return .success((account.address, uids))
        }
        switch outcome {
        case .failure(.credentials):
            state = .authorization(user: nil)
            return refuse("-ERR [AUTH] Authentication failed")   // RFC 3206 §4
        case .failure(.inUse):
            state = .authorization(user: nil)
            return refuse("-ERR [IN-USE] Mailbox is locked by another POP3 session")   // RFC 2449 §8.1.2
        case .success(let (address, uids)):
            state = .transaction(account: address, uids: uids, deleted: [])
            let (count, size) = totals(account: address, uids: uids, deleted: [])
            return LabResponse(lines: ["+OK \(address)'s maildrop has \(count) messages (\(size) octets)"])
        }
    }

    private enum LoginRefusal: Error {
        case credentials, inUse
    }

    // MARK: - TRANSACTION

    private func inbox(of account: String) -> LabMailbox? {
        context.store.withMaildrop { $0.mailbox("INBOX", of: account) }
    }

    /// Messages not marked deleted (RFC 1939 §5 STAT) and their octets.
    private func totals(account: String, uids: [UInt32], deleted: Set<Int>) -> (Int, Int) {
        let mailbox = inbox(of: account)
        var count = 0
        var size = 0
        for (index, uid) in uids.enumerated() where !deleted.contains(index + 1) {
            count += 1
            size += mailbox?.message(uid: uid)?.size ?? 0
        }
        return (count, size)
    }

    private mutating func lookUp(
        _ argument: String, account: String, uids: [UInt32], deleted: Set<Int>
    ) -> Result<(Int, LabMessage), RefusalResponse> {
        guard let number = Int(argument), number >= 1 else {
            return .failure(RefusalResponse(refuse("-ERR Invalid message number: \(argument)")))
        }
        guard number <= uids.count else {
            return .failure(RefusalResponse(refuse("-ERR no such message, only \(uids.count) messages in maildrop")))
        }
        guard !deleted.contains(number) else {
            return .failure(RefusalResponse(refuse("-ERR message \(number) already deleted")))
        }
        guard let message = inbox(of: account)?.message(uid: uids[number - 1]) else {
            return .failure(RefusalResponse(refuse("-ERR message \(number) was expunged by another session")))
        }
        return .success((number, message))
    }

    private mutating func listing(
        _ arguments: [String], account: String, uids: [UInt32], deleted: Set<Int>,
        _ describe: (LabMessage, UInt32) -> String
    ) -> LabResponse {
        let validity = inbox(of: account)?.uidValidity ?? 0
        if let argument = arguments.first {
            switch lookUp(argument, account: account, uids: uids, deleted: deleted) {
            case .failure(let refusal): return refusal.response
            case .success(let (number, message)): return LabResponse(lines: ["+OK \(number) \(describe(message, validity))"])
            }
        }
        let mailbox = inbox(of: account)
        var lines: [String] = []
        for (index, uid) in uids.enumerated() where !deleted.contains(index + 1) {
            if let message = mailbox?.message(uid: uid) {
                lines.append("\(index + 1) \(describe(message, validity))")
            }
        }
        let (count, size) = totals(account: account, uids: uids, deleted: deleted)
        return LabResponse(lines: ["+OK \(count) messages (\(size) octets)"] + lines + ["."])
    }

    /// RETR, or TOP with `lines`: the message (headers, and that many body lines), dot-stuffed and ended by a lone
    /// "." (RFC 1939 §3). RETR marks the message \Seen, as IMAP then shows.
    private mutating func retrieve(
        _ argument: String, lines count: Int?, account: String, uids: [UInt32], deleted: Set<Int>
    ) -> LabResponse {
        let message: LabMessage
        switch lookUp(argument, account: account, uids: uids, deleted: deleted) {
        case .failure(let refusal): return refusal.response
        case .success(let (_, found)): message = found
        }
        var lines = LabMessageText.lines(of: message.bytes)
        if let count {
            let headerEnd = lines.firstIndex(of: []) ?? lines.count
            lines = Array(lines.prefix(min(lines.count, headerEnd + 1 + count)))
        } else {
            context.store.withMaildrop { maildrop in
                _ = maildrop.modifyMailbox("INBOX", of: account) { mailbox in
                    mailbox.updateFlags(uid: message.uid) { $0.insert(LabFlags.seen) }
                }
            }
        }
        var bytes = Array((count == nil ? "+OK \(message.size) octets\r\n" : "+OK\r\n").utf8)
        for line in lines {
            if line.first == UInt8(ascii: ".") {
                bytes.append(UInt8(ascii: "."))
            }
            bytes += line + [13, 10]
        }
        bytes += Array(".\r\n".utf8)
        return LabResponse(bytes: bytes)
    }

    // MARK: - UPDATE

    private mutating func quit() -> LabResponse {
        guard case .transaction(let account, let uids, let deleted) = state else {
            state = .closed
            return LabResponse(lines: ["+OK \(LabAccount.hostName) POP3 server signing off"], next: .close)
        }
        // RFC 1939 §6: only now, in UPDATE, are the messages marked deleted removed.
        let doomed = Set(deleted.map { uids[$0 - 1] })
        let removed = context.store.withMaildrop { maildrop -> Int in
            let removed = maildrop.modifyMailbox("INBOX", of: account) { $0.remove(uids: doomed).count } ?? 0
            maildrop.unlockForPOP3(account)
            return removed
        }
        state = .closed
        let left = uids.count - deleted.count
        return LabResponse(lines: ["+OK \(LabAccount.hostName) POP3 server signing off (\(removed) messages deleted, "
                                   + "\(left) left)"], next: .close)
    }

    private mutating func refuse(_ line: String) -> LabResponse {
        errors += 1
        if errors >= POP3LabServer.errorLimit {
            connectionClosed()
            return LabResponse(lines: [line, "-ERR Too many errors, closing"], next: .close)
        }
        return LabResponse(lines: [line])
    }
}

/// A refusal carried through a `Result`.
struct RefusalResponse: Error {
    var response: LabResponse
    init(_ response: LabResponse) { self.response = response }
}
