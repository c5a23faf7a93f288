/// IMAP as the client sees it.
///
/// Implements: RFC 9051 and RFC 3501 (tags, untagged data, tagged completion, literals, session states),
/// RFC 7888 (LITERAL+/LITERAL-), RFC 2177 (IDLE), RFC 4959 (SASL-IR in AUTHENTICATE), RFC 3516 (`~{n}`).
/// A command is complete when the tagged response with its tag arrives (RFC 9051 §2.2.2); a line that ends in
/// a literal marker is followed by exactly that many bytes, whatever they contain (§4.3).
public struct IMAPDialect: Dialect {
    /// Session states of RFC 9051 §3.
    public enum SessionState: Equatable, Sendable {
        case notAuthenticated
        case authenticated
        case selected(mailbox: String, readOnly: Bool)
        case logout
    }

    /// What the client side is in the middle of.
    enum ClientState: Equatable, Sendable {
        case command
        /// A literal was sent; the next typed line continues the same command.
        case commandContinuation(tag: String)
        /// The user is typing the bytes of a literal.
        case literal(tag: String, remaining: Int)
        /// Waiting for the server's `+` before the client may go on.
        case awaitingContinuation(tag: String, purpose: ContinuationPurpose)
        /// IDLE is running (RFC 2177): the user ends it with DONE.
        case idle(tag: String)
        /// The server sent a SASL challenge; the next typed line answers it (RFC 9051 §6.2.2).
        case saslResponse(tag: String)
    }

    enum ContinuationPurpose: Equatable, Sendable {
        case literal(length: Int)
        case idle
        case authenticate
    }

    struct Outstanding: Equatable, Sendable {
        var tag: String
        var verb: String
        var argument: String?
    }

    public var mailProtocol: MailProtocol { .imap }
    public private(set) var sessionState: SessionState = .notAuthenticated
    public private(set) var capabilities: [String] = []
    var clientState: ClientState = .command
    private var greetingPending = true
    private var outstanding: [Outstanding] = []
    private var nextTagNumber = 1
    /// Every tag sent in this session: an assigned tag skips them, since each command needs a tag of its own
    /// (RFC 9051 §2.2.1), and a completion for one of them is told apart from one for a tag never sent.
    private var sentTags: Set<String> = []
    /// After a server literal, the next line continues the same response (RFC 9051 §4.3).
    private var serverContinuation: LineKind?

    public init() {}

    public var isAwaitingServer: Bool {
        if greetingPending { return true }
        switch clientState {
        case .awaitingContinuation: return true
        case .command: return !outstanding.isEmpty
        case .commandContinuation, .literal, .idle, .saslResponse: return false
        }
    }

    public var holdsInput: Bool {
        if greetingPending { return true }
        if case .awaitingContinuation = clientState { return true }
        // RFC 9051 §6.2.1: nothing may follow STARTTLS until the handshake.
        return outstanding.contains { $0.verb == "STARTTLS" }
    }

    public var stateDescription: String? {
        switch sessionState {
        case .notAuthenticated: return nil
        case .authenticated: return "authenticated"
        case .selected(let mailbox, let readOnly): return (readOnly ? "examined " : "selected ") + mailbox
        case .logout: return "logout"
        }
    }

    public var inputMode: InputMode {
        switch clientState {
        case .command, .commandContinuation: return .command
        case .literal(_, let remaining): return .literal(remaining: remaining)
        case .awaitingContinuation(_, .literal(let length)): return .literal(remaining: length)
        case .awaitingContinuation(_, .idle), .idle: return .idle
        case .awaitingContinuation(_, .authenticate), .saslResponse: return .saslResponse
        }
    }

    /// The tag the next untagged command line will get.
    public var nextTag: String {
        IMAPDialect.assignedTag(nextFreeTagNumber)
    }

    private var nextFreeTagNumber: Int {
        var number = nextTagNumber
        while sentTags.contains(IMAPDialect.assignedTag(number)) {
            number += 1
        }
        return number
    }

    private static func assignedTag(_ number: Int) -> String {
        "a" + String(number).leftPadded(to: 3)
    }

    // MARK: - Client lines

    public mutating func submit(_ line: [UInt8]) -> Submission {
        switch clientState {
        case .literal(let tag, let remaining), .awaitingContinuation(let tag, .literal(let remaining)):
            return submitLiteralData(line, tag: tag, remaining: remaining)
        case .commandContinuation(let tag):
            return submitCommandRest(line, tag: tag, wire: line + [UInt8].crlf, note: nil, verb: nil,
                                     isSecret: isLogin(tag))
        case .idle(let tag), .awaitingContinuation(let tag, .idle):
            clientState = .command
            let isDone = String(decoding: line, as: UTF8.self).uppercased() == "DONE"
            return Submission(wire: line + [UInt8].crlf, tag: tag, verb: isDone ? "DONE" : nil,
                              isSecret: false)
        case .saslResponse(let tag), .awaitingContinuation(let tag, .authenticate):
            // The server answers with another challenge or with the tagged completion (RFC 9051 §6.2.2).
            clientState = .awaitingContinuation(tag: tag, purpose: .authenticate)
            return Submission(wire: line + [UInt8].crlf, tag: tag, isSecret: true)
        case .command:
            return submitCommand(line)
        }
    }

    private mutating func submitCommand(_ line: [UInt8]) -> Submission {
        let words = line.words(limit: 3)
        let tag: String
        let wire: [UInt8]
        var note: String?
        let command: [UInt8]
        if let first = words.first, isTag(first, followedBy: words.dropFirst().first) {
            tag = String(first)
            wire = line + [UInt8].crlf
            command = Array(line.drop { $0 == UInt8(ascii: " ") }.dropFirst(first.utf8.count))
        } else {
            let number = nextFreeTagNumber
            tag = IMAPDialect.assignedTag(number)
            nextTagNumber = number + 1
            wire = Array((tag + " ").utf8) + line + [UInt8].crlf
            note = "tagged \(tag)"
            command = line
        }
        sentTags.insert(tag)
        let commandWords = command.words(limit: 2)
        var verb = commandWords.first.map { $0.uppercased() } ?? ""
        let arguments = commandWords.dropFirst().first
        var argument = arguments.map(String.init)
        if verb == "UID", let sub = arguments?.split(separator: " ").first {
            verb = "UID " + sub.uppercased()
            argument = nil
        }
        if verb == "SELECT" || verb == "EXAMINE" {
            argument = arguments.flatMap(IMAPDialect.mailboxName)
        }
        outstanding.append(Outstanding(tag: tag, verb: verb, argument: argument))
        // RFC 4959: AUTHENTICATE with a second argument carries the first SASL response.
        let isSecret = verb == "LOGIN" || (verb == "AUTHENTICATE" && command.words().count > 2)
        return submitCommandRest(line, tag: tag, wire: wire, note: note, verb: verb, isSecret: isSecret)
    }

    /// The mailbox a SELECT or EXAMINE names: an atom or a quoted string (RFC 9051 §9, `mailbox`, `astring`);
    /// nil for a literal, whose bytes are not known yet. INBOX is case-insensitive (§5.1) and shown upper-case.
    static func mailboxName(_ arguments: Substring) -> String? {
        var name = ""
        if arguments.first == "\"" {
            var escaped = false
            for character in arguments.dropFirst() {
                if escaped {
                    name.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    return name.uppercased() == "INBOX" ? "INBOX" : name
                } else {
                    name.append(character)
                }
            }
            return nil
        }
        name = String(arguments.prefix { $0 != " " && $0 != "(" })
        if name.isEmpty || IMAPLiteralMarker(endOf: Array(name.utf8)) != nil {
            return nil
        }
        return name.uppercased() == "INBOX" ? "INBOX" : name
    }

    private func isLogin(_ tag: String) -> Bool {
        outstanding.last { $0.tag == tag }?.verb == "LOGIN"
    }

    /// Looks at how the command line ends: a literal marker makes the next typed line literal data.
    private mutating func submitCommandRest(_ line: [UInt8], tag: String, wire: [UInt8], note: String?,
                                            verb: String?, isSecret: Bool = false) -> Submission {
        let command = outstanding.last { $0.tag == tag }?.verb
        if let marker = IMAPLiteralMarker(endOf: line), marker.length <= UInt64(Int32.max) {
            let length = Int(marker.length)
            clientState = marker.isNonSynchronizing
                ? .literal(tag: tag, remaining: length)
                : .awaitingContinuation(tag: tag, purpose: .literal(length: length))
            if length == 0 {
                clientState = marker.isNonSynchronizing ? .commandContinuation(tag: tag) : clientState
            }
        } else if command == "IDLE" && verb != nil {
            clientState = .awaitingContinuation(tag: tag, purpose: .idle)
        } else if command == "AUTHENTICATE" && verb != nil {
            clientState = .awaitingContinuation(tag: tag, purpose: .authenticate)
        } else {
            clientState = .command
        }
        return Submission(wire: wire, note: note, tag: tag, verb: verb, isSecret: isSecret)
    }

    /// Literal data typed by the user: the line and its CRLF count as data; bytes beyond the literal's length
    /// continue the command (RFC 9051 §4.3: the command goes on right after the literal's last byte).
    private mutating func submitLiteralData(_ line: [UInt8], tag: String, remaining: Int) -> Submission {
        let isSecret = isLogin(tag)
        let stream = line + [UInt8].crlf
        if stream.count <= remaining {
            let left = remaining - stream.count
            clientState = left == 0 ? .commandContinuation(tag: tag) : .literal(tag: tag, remaining: left)
            return Submission(wire: stream, tag: tag, isSecret: isSecret)
        }
        // The literal ends inside the line, or on the CR of its CRLF; what follows it continues the command.
        let endsOnCarriageReturn = remaining == line.count + 1
        let rest = endsOnCarriageReturn ? [] : Array(line[remaining...])
        let note = endsOnCarriageReturn ? "the literal ends with this line's CR; its LF ends the command" : nil
        return submitCommandRest(rest, tag: tag, wire: stream, note: note, verb: nil, isSecret: isSecret)
    }

    /// A typed line already has a tag when its first word is not a command name and either the second word is
    /// one or the first contains a digit (tags such as `a1`, `A001`). Tags are astrings without `+`
    /// (RFC 9051 §9, `tag`).
    private func isTag(_ word: Substring, followedBy next: Substring?) -> Bool {
        guard !IMAPCommandName.isCommand(word), next != nil else { return false }
        let valid = word.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"(){%*\"\\]+".utf8.contains(byte)
        }
        guard valid else { return false }
        return next.map(IMAPCommandName.isCommand) == true || word.contains(where: \.isNumber)
    }

    // MARK: - Server lines

    public mutating func receive(_ line: ServerLine) -> Reception {
        let bytes = line.bytes
        if line.droppedBytes > 0 {
            // A line cut at the length bound may end in something that looks like `{n}`; its real end is gone, so
            // no literal can be trusted to follow. Show it as the malformed line it is.
            serverContinuation = nil
            return Reception(kind: .malformed, warning: "line too long to be an IMAP response this client accepts")
        }
        if let continuing = serverContinuation {
            serverContinuation = nil
            return withLiteral(Reception(kind: continuing), line: bytes, kind: continuing)
        }
        if bytes.first == UInt8(ascii: "+") {
            return receiveContinuationRequest()
        }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "*"), bytes[1] == UInt8(ascii: " ") {
            return receiveUntagged(bytes)
        }
        return receiveTagged(bytes)
    }

    private mutating func receiveContinuationRequest() -> Reception {
        let tag: String
        switch clientState {
        case .awaitingContinuation(let waiting, .literal(let length)):
            tag = waiting
            clientState = length == 0 ? .commandContinuation(tag: tag) : .literal(tag: tag, remaining: length)
        case .awaitingContinuation(let waiting, .idle):
            tag = waiting
            clientState = .idle(tag: tag)
        case .awaitingContinuation(let waiting, .authenticate), .saslResponse(let waiting):
            tag = waiting
            clientState = .saslResponse(tag: tag)
        default:
            return Reception(kind: .continuation, warning: "a continuation request the client did not ask for")
        }
        return Reception(kind: .continuation, completion: .continuation,
                         inReplyTo: outstanding.last { $0.tag == tag }?.verb)
    }

    private mutating func receiveUntagged(_ bytes: [UInt8]) -> Reception {
        // The second word settles what the line is; most untagged lines are data (`* 12 FETCH ...`), which need
        // no more of it than that, however long they are.
        if let keyword = Self.untaggedKeyword(bytes) {
            if ["OK", "NO", "BAD", "PREAUTH", "BYE"].contains(keyword) {
                return receiveUntaggedStatus(keyword, bytes)
            }
            if keyword == "CAPABILITY" {
                capabilities = bytes.words(limit: 4).dropFirst(2).joined(separator: " ").split(separator: " ")
                    .map { $0.uppercased() }
                return Reception(kind: .untagged, inReplyTo: outstanding.first?.verb)
            }
        }
        let reception = Reception(kind: .untagged, inReplyTo: outstanding.first?.verb)
        return withLiteral(reception, line: bytes, kind: .untagged)
    }

    /// `* OK`, `* NO`, `* BAD`, `* PREAUTH`, `* BYE` (RFC 9051 §7.1).
    private mutating func receiveUntaggedStatus(_ keyword: String, _ bytes: [UInt8]) -> Reception {
        let words = bytes.words(limit: 4)
        learnCapabilities(fromCode: bytes)
        var kind: LineKind = keyword == "OK" ? .untagged : .permanentFailure
        var completion: Completion?
        if greetingPending {
            greetingPending = false
            kind = keyword == "BYE" ? .permanentFailure : .greeting
            completion = .response
            if keyword == "PREAUTH" {
                sessionState = .authenticated
            }
        }
        if keyword == "PREAUTH" && kind != .greeting {
            return Reception(kind: kind, warning: "PREAUTH is only valid as the greeting (RFC 9051 §7.1.4)")
        }
        if keyword == "BYE" && !outstanding.contains(where: { $0.verb == "LOGOUT" }) {
            // RFC 9051 §7.1.5: the server is about to close the connection.
            sessionState = .logout
            completion = .closing
        }
        return Reception(kind: kind, completion: completion, inReplyTo: outstanding.first?.verb,
                         isAlert: IMAPDialect.isAlert(words.dropFirst(2).first))
    }

    /// The second word of `* ...` upper-cased when it could be a status or CAPABILITY (2 to 10 letters); nil for
    /// anything else, such as the number of `* 12 FETCH`.
    private static func untaggedKeyword(_ bytes: [UInt8]) -> String? {
        let space = UInt8(ascii: " ")
        var start = 1
        while start < bytes.count, bytes[start] == space {
            start += 1
        }
        var end = start
        while end < bytes.count, bytes[end] != space, end - start <= 10 {
            guard (bytes[end] | 0x20) >= UInt8(ascii: "a"), (bytes[end] | 0x20) <= UInt8(ascii: "z") else {
                return nil
            }
            end += 1
        }
        guard (2...10).contains(end - start) else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self).uppercased()
    }

    private mutating func receiveTagged(_ bytes: [UInt8]) -> Reception {
        let words = bytes.words(limit: 3)
        guard words.count >= 2 else {
            return Reception(kind: .malformed,
                             warning: "not an IMAP response: expected a tag, `*` or `+` (RFC 9051 §2.2.2)")
        }
        let tag = String(words[0])
        let status = words[1].uppercased()
        let kind: LineKind
        switch status {
        case "OK": kind = .success
        case "NO", "BAD": kind = .permanentFailure
        default:
            return Reception(kind: .malformed, warning: "a tagged response must be OK, NO or BAD (RFC 9051 §7.1)")
        }
        guard let index = outstanding.firstIndex(where: { $0.tag == tag }) else {
            let shown = TerminalSafeText.escape(tag)
            return Reception(kind: kind, warning: sentTags.contains(tag)
                                ? "the command tagged \(shown) was already complete"
                                : "tag \(shown) was never sent in this session")
        }
        let command = outstanding.remove(at: index)
        learnCapabilities(fromCode: bytes)
        switch clientState {
        case .awaitingContinuation(tag, _), .literal(tag, _), .idle(tag), .saslResponse(tag),
             .commandContinuation(tag):
            // The server ended the command early (a NO instead of `+`): nothing more of it may be sent.
            clientState = .command
        default:
            break
        }
        var completion = Completion.response
        if status == "OK" {
            switch command.verb {
            case "LOGIN", "AUTHENTICATE": sessionState = .authenticated
            case "SELECT", "EXAMINE":
                sessionState = .selected(mailbox: command.argument ?? "", readOnly: command.verb == "EXAMINE"
                                            || bytes.hasCaseInsensitivePrefix("\(tag) OK [READ-ONLY]"))
            case "CLOSE", "UNSELECT": sessionState = .authenticated
            case "UNAUTHENTICATE": sessionState = .notAuthenticated
            case "LOGOUT":
                sessionState = .logout
                completion = .closing
            case "STARTTLS": completion = .startTLS
            default: break
            }
        } else if status == "NO" && (command.verb == "SELECT" || command.verb == "EXAMINE") {
            // RFC 9051 §6.3.2: a SELECT answered NO ("select failure, now in authenticated state") leaves no
            // mailbox selected. A BAD rejects the command as malformed (§7.1.3) before it runs, so the mailbox
            // selected before stays selected.
            if case .selected = sessionState { sessionState = .authenticated }
        }
        return Reception(kind: kind, completion: completion, inReplyTo: command.verb,
                         isAlert: IMAPDialect.isAlert(words.dropFirst(2).first))
    }

    /// Whether the text after a status starts with the ALERT response code (RFC 9051 §7.1, `resp-text`).
    private static func isAlert(_ text: Substring?) -> Bool {
        text?.uppercased().hasPrefix("[ALERT]") ?? false
    }

    private mutating func withLiteral(_ reception: Reception, line: [UInt8], kind: LineKind) -> Reception {
        guard let marker = IMAPLiteralMarker(endOf: line) else {
            if line.last == UInt8(ascii: "}"), line.contains(UInt8(ascii: "{")) {
                var odd = reception
                odd.warning = "a literal length that is not a number IMAP allows (RFC 9051 §4.3)"
                return odd
            }
            return reception
        }
        var result = reception
        result.literalLength = marker.length
        serverContinuation = kind == .untagged ? .untagged : kind
        return result
    }

    public mutating func literalEnded() {}

    /// `[CAPABILITY ...]` in a greeting or a tagged OK (RFC 9051 §7.1).
    private mutating func learnCapabilities(fromCode bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let open = text.firstRange(of: "[CAPABILITY "),
              let close = text[open.upperBound...].firstIndex(of: "]") else { return }
        capabilities = text[open.upperBound..<close].split(separator: " ").map { $0.uppercased() }
    }

    public mutating func tlsStarted() {
        // RFC 9051 §6.2.1: capabilities learned before TLS must be discarded.
        capabilities = []
    }
}
