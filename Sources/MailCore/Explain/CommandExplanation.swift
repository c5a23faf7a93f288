/// What a command does, how it is written, when it may be sent, and what does the same job in the other two
/// protocols.
///
///     KnowledgeBase.command("RETR", in: .pop3)?.equivalents[.imap]   // "UID FETCH <uid> BODY[] …"
public struct CommandExplanation: Hashable, Sendable {
    public let name: String
    public let mailProtocol: MailProtocol
    public let summary: String
    /// The command's form, in the RFC's notation simplified: `RCPT TO:<forward-path> [parameters]`.
    public let syntax: String
    /// The session states in which the command is allowed, in the protocol's own words.
    public let states: [String]
    public let detail: String?
    /// The nearest command in each other protocol, or a sentence saying there is none.
    public let equivalents: [MailProtocol: String]
    public let sources: [Citation]

    init(_ name: String, _ mailProtocol: MailProtocol, summary: String, syntax: String, states: [String],
         detail: String? = nil, equivalents: [MailProtocol: String] = [:], sources: [Citation]) {
        self.name = name
        self.mailProtocol = mailProtocol
        self.summary = summary
        self.syntax = syntax
        self.states = states
        self.detail = detail
        self.equivalents = equivalents
        self.sources = sources
    }

    /// The command as a general explanation, for lists that mix commands with codes.
    public var explanation: Explanation {
        var lines = ["Syntax: \(syntax)", "Allowed in: \(states.joined(separator: ", "))."]
        if let detail { lines.append(detail) }
        for other in MailProtocol.allCases where other != mailProtocol {
            if let equivalent = equivalents[other] { lines.append("\(other.displayName): \(equivalent)") }
        }
        return Explanation(subject: "\(mailProtocol.displayName) \(name)", summary: summary,
                           detail: lines.joined(separator: "\n"), sources: sources)
    }
}
