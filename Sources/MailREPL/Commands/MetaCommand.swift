/// mailrepl's own commands: lines that start with "." at a command prompt, the way sqlite3 does it.
/// Everything else goes to the server.
public enum MetaCommand: Equatable, Sendable {
    case help
    case quit
    case startTLS
    case reconnect
    case send(path: String)
    case wait(seconds: Double)
    case tls
    case capabilities
    /// `.explain`, `.explain off|brief|full`, or `.explain X` for a code, capability, response code or command.
    case explain(String?)
    /// `.auth MECH [USER] [--no-ir]` (REPLController+Auth).
    case auth(AuthCommand)
    /// `.record FILE` starts a transcript, `.record off` ends it, `.record` says which (REPLController+Record).
    case record(String?)
    /// `.connect`, `.tour`, `.compare`: the practice lab's commands (REPLController+Lab).
    case lab(LabMetaCommand)
    /// `.body` shows the last folded body whole (REPLController+Fold).
    case body
    /// `.fold N|off` sets how many lines of a body the prompt shows; `.fold` says it (REPLController+Fold).
    case fold(FoldLimit?)

    public struct Entry: Sendable {
        public var name: String
        public var usage: String
        public var summary: String
    }

    public static let catalog: [Entry] = [
        Entry(name: ".help", usage: ".help", summary: "this list"),
        Entry(name: ".starttls", usage: ".starttls",
              summary: "switch this connection to TLS (sends STARTTLS, or STLS in POP3) and ask capabilities again"),
        Entry(name: ".record", usage: ".record FILE|off",
              summary: "record the session from here to a new transcript file (secrets as ‹redacted›); off stops"),
        Entry(name: ".send", usage: ".send FILE",
              summary: "SMTP: send a message file as DATA (CRLF line ends, dot-stuffed, terminated)"),
        Entry(name: ".auth", usage: AuthCommand.usage,
              summary: "log in: PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1/-256, XOAUTH2, OAUTHBEARER, +LOGIN, +USER, +APOP"),
        Entry(name: ".tls", usage: ".tls", summary: "show the TLS version, cipher and certificate of this connection"),
        Entry(name: ".capabilities", usage: ".capabilities", summary: "what the server advertised in this session"),
        Entry(name: ".explain", usage: ".explain [X]",
              summary: "explain a code, capability or command (535, 5.7.8, IDLE); off|brief|full: how much is said"),
        Entry(name: ".wait", usage: ".wait SECONDS", summary: "show what the server sends for a while (IDLE, in scripts)"),
        Entry(name: ".body", usage: ".body",
              summary: "show the last folded body (literal, multi-line response) whole, in $PAGER (else less -R)"),
        Entry(name: ".fold", usage: ".fold N|off",
              summary: "show the first N lines of each body at the prompt, fold the rest (default 20); off: all"),
        Entry(name: ".reconnect", usage: ".reconnect", summary: "close and open the connection again"),
        Entry(name: ".quit", usage: ".quit", summary: "end the session (QUIT or LOGOUT is sent) and leave; also Ctrl-D"),
    ] + LabMetaCommand.catalog

    /// Parses a line that starts with ".". Aliases: `.exit` for `.quit`, `.q`, `.h`.
    public static func parse(_ line: String) throws(MetaCommandError) -> MetaCommand {
        let words = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = words.first?.lowercased() ?? ""
        let argument = words.count > 1 ? words[1].trimmingSpaces : nil
        func noArgument(_ command: MetaCommand) throws(MetaCommandError) -> MetaCommand {
            guard argument == nil else { throw .unexpectedArgument(name) }
            return command
        }
        switch name {
        case ".help", ".h", ".?": return .help
        case ".quit", ".exit", ".q": return try noArgument(.quit)
        case ".starttls", ".stls": return try noArgument(.startTLS)
        case ".reconnect": return try noArgument(.reconnect)
        case ".tls": return try noArgument(.tls)
        case ".capabilities", ".caps": return try noArgument(.capabilities)
        case ".explain": return .explain(argument.flatMap { $0.isEmpty ? nil : $0 })
        case ".auth": return .auth(try AuthCommand.parse(argument))
        case ".record": return .record(argument.flatMap { $0.isEmpty ? nil : $0 })
        case ".body": return try noArgument(.body)
        case ".fold":
            guard let argument, !argument.isEmpty else { return .fold(nil) }
            guard let limit = FoldLimit(argument) else { throw .missingArgument(".fold", FoldLimit.expected) }
            return .fold(limit)
        case ".send":
            guard let argument, !argument.isEmpty else { throw .missingArgument(".send", "FILE") }
            return .send(path: argument)
        case ".wait":
            guard let argument, let seconds = Double(argument), seconds >= 0, seconds <= 3600 else {
                throw .missingArgument(".wait", "SECONDS (0 to 3600)")
            }
            return .wait(seconds: seconds)
        default:
            if let command = try LabMetaCommand.parse(name: name, argument: argument) { return .lab(command) }
            throw .unknown(name)
        }
    }
}

public enum MetaCommandError: Error, Equatable, Sendable {
    case unknown(String)
    case missingArgument(String, String)
    case unexpectedArgument(String)
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
