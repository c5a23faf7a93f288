import MailCore

/// Completion from what the server advertised in this session: extension commands only when offered, the SASL
/// mechanisms after AUTH/AUTHENTICATE, MAIL and RCPT parameters of the extensions listed, and `.explain` topics.
/// While the capabilities are unknown (before EHLO, CAPABILITY or CAPA, and again right after TLS), every
/// command is offered.
extension CommandVocabulary {
    /// The capabilities each extension command needs, any one of them (RFC 3207, RFC 4954, RFC 3030; IMAP: the
    /// RFC named by each capability; RFC 2449 §6, RFC 2595 §4, RFC 6856). Commands not listed are base commands.
    static let requiredCapabilities: [MailProtocol: [String: [String]]] = [
        .smtp: ["STARTTLS": ["STARTTLS"], "AUTH": ["AUTH"], "BDAT": ["CHUNKING"]],
        .imap: [
            "STARTTLS": ["STARTTLS"], "IDLE": ["IDLE"], "ENABLE": ["ENABLE"], "MOVE": ["MOVE"],
            "NAMESPACE": ["NAMESPACE"], "ID": ["ID"], "UNSELECT": ["UNSELECT"], "SORT": ["SORT"],
            "THREAD": ["THREAD"], "GETQUOTA": ["QUOTA"], "GETQUOTAROOT": ["QUOTA"], "SETQUOTA": ["QUOTA"],
            "GETACL": ["ACL"], "SETACL": ["ACL"], "DELETEACL": ["ACL"], "LISTRIGHTS": ["ACL"], "MYRIGHTS": ["ACL"],
            "GETMETADATA": ["METADATA", "METADATA-SERVER"], "SETMETADATA": ["METADATA", "METADATA-SERVER"],
            "COMPRESS": ["COMPRESS"], "NOTIFY": ["NOTIFY"], "UNAUTHENTICATE": ["UNAUTHENTICATE"],
            "REPLACE": ["REPLACE"], "ESEARCH": ["ESEARCH"], "XLIST": ["XLIST"],
        ],
        .pop3: [
            "TOP": ["TOP"], "UIDL": ["UIDL"], "STLS": ["STLS"], "AUTH": ["SASL"], "USER": ["USER"],
            "PASS": ["USER"], "UTF8": ["UTF8"], "LANG": ["LANG"],
        ],
    ]

    /// Extensions IMAP4rev2 made part of the base protocol (RFC 9051 Appendix E).
    static let imap4rev2Base: Set<String> = ["ENABLE", "IDLE", "NAMESPACE", "UNSELECT", "MOVE", "ESEARCH"]

    /// Whether to offer a command (as listed by `commands(for:)`, e.g. "MAIL FROM:<") given the capabilities.
    static func isOffered(_ command: String, mailProtocol: MailProtocol, capabilities: [String]) -> Bool {
        guard !capabilities.isEmpty else { return true }
        let verb = command.split(separator: " ").first.map(String.init) ?? command
        if mailProtocol == .imap {
            // LOGINDISABLED: the server refuses LOGIN on this connection (RFC 9051 §6.2.3).
            if verb == "LOGIN" { return !advertises("LOGINDISABLED", in: capabilities) }
            if imap4rev2Base.contains(verb) && advertises("IMAP4REV2", in: capabilities) { return true }
        }
        guard let needed = requiredCapabilities[mailProtocol]?[verb] else { return true }
        return needed.contains { advertises($0, in: capabilities) }
    }

    /// Candidates that depend on the words before the cursor; nil where completion is of commands as usual.
    static func advertisedCompletions(before: [Substring], word: String, mailProtocol: MailProtocol,
                                      capabilities: [String]) -> [String]? {
        let words = before.map { $0.uppercased() }
        if words.first == ".EXPLAIN" {
            return words.count == 1 ? explainTopics(word: word, mailProtocol: mailProtocol,
                                                     capabilities: capabilities) : []
        }
        // An IMAP tag before the command does not count.
        let command = mailProtocol == .imap && words.count > 1 && !IMAPCommandName.isCommand(before[0])
            ? Array(words.dropFirst()) : words
        guard let verb = command.first else { return nil }
        let candidates: [String]
        switch (mailProtocol, verb, command.count) {
        case (.smtp, "AUTH", 1), (.pop3, "AUTH", 1), (.imap, "AUTHENTICATE", 1):
            candidates = mechanisms(mailProtocol: mailProtocol, capabilities: capabilities)
        case (.smtp, "MAIL", 2...):
            candidates = mailParameters(capabilities)
        case (.smtp, "RCPT", 2...):
            candidates = advertises("DSN", in: capabilities) ? ["NOTIFY=", "ORCPT="] : []
        case (.imap, "ENABLE", 1...):
            candidates = capabilities.filter { ["CONDSTORE", "QRESYNC", "UTF8=ACCEPT", "IMAP4REV2"].contains($0) }
        default:
            return nil
        }
        return matching(candidates, word: word)
    }

    /// After `.explain `: the levels, then what the server advertised, then the protocol's commands.
    static func explainTopics(word: String, mailProtocol: MailProtocol, capabilities: [String]) -> [String] {
        let levels = ExplanationLevel.allCases.map(\.rawValue).filter { $0.hasPrefix(word.lowercased()) }
        let advertised = capabilities.compactMap { $0.split(separator: " ").first.map(String.init) }
        let verbs = commands(for: mailProtocol).compactMap { $0.split(separator: " ").first.map(String.init) }
        return levels + matching(advertised + verbs, word: word)
    }

    /// The SASL mechanisms offered: SMTP `AUTH PLAIN LOGIN` (RFC 4954 §3), IMAP `AUTH=PLAIN` (RFC 9051 §6.2.2),
    /// POP3 `SASL PLAIN LOGIN` (RFC 5034 §3).
    static func mechanisms(mailProtocol: MailProtocol, capabilities: [String]) -> [String] {
        switch mailProtocol {
        case .imap:
            return capabilities.filter { $0.uppercased().hasPrefix("AUTH=") }.map { String($0.dropFirst(5)) }
        case .smtp, .pop3:
            let keyword = mailProtocol == .smtp ? "AUTH" : "SASL"
            return capabilities.flatMap { line -> [String] in
                let words = line.split(separator: " ").map(String.init)
                return words.first?.uppercased() == keyword ? Array(words.dropFirst()) : []
            }
        }
    }

    /// MAIL FROM parameters of the extensions listed: RFC 1870, RFC 6152, RFC 3030, RFC 6531, RFC 3461, RFC 8689.
    static func mailParameters(_ capabilities: [String]) -> [String] {
        let parameters: [(String, [String])] = [
            ("SIZE", ["SIZE="]), ("8BITMIME", ["BODY=8BITMIME"]), ("BINARYMIME", ["BODY=BINARYMIME"]),
            ("SMTPUTF8", ["SMTPUTF8"]), ("DSN", ["RET=FULL", "RET=HDRS", "ENVID="]), ("REQUIRETLS", ["REQUIRETLS"]),
        ]
        return parameters.filter { advertises($0.0, in: capabilities) }.flatMap(\.1)
    }

    /// Whether `name` is advertised: as the first word of an EHLO or CAPA line, or as an IMAP atom, alone or with
    /// a value (`THREAD=REFERENCES` advertises THREAD).
    static func advertises(_ name: String, in capabilities: [String]) -> Bool {
        capabilities.contains { line in
            let first = line.split(separator: " ").first?.uppercased() ?? ""
            return first == name || first.hasPrefix(name + "=")
        }
    }

    /// Candidates that start with the word, case-insensitively, in the case the user started with.
    static func matching(_ candidates: [String], word: String) -> [String] {
        let lowercase = word.first?.isLowercase == true
        return candidates.filter { $0.uppercased().hasPrefix(word.uppercased()) }
            .map { lowercase ? $0.lowercased() : $0 }
    }
}
