/// The dot-commands of the practice lab: `.connect`, `.tour` and `.compare` (REPLController+Lab runs them).
public enum LabMetaCommand: Equatable, Sendable {
    /// A lab service (`smtp`, `submission`, `imaps`, …, or a well-known port such as `587`) or a URL.
    case connect(String)
    /// A tour's name, `next`, `stop`, or nil for the main tour (or where the current one is).
    case tour(String?)
    /// A task of `ProtocolComparison`, or nil for all of them.
    case compare(String?)

    public static let catalog: [MetaCommand.Entry] = [
        MetaCommand.Entry(name: ".connect", usage: ".connect WHERE",
                          summary: "a new session: smtp, submission, smtps, imap(s), pop3(s) in the lab, or a URL"),
        MetaCommand.Entry(name: ".tour", usage: ".tour [NAME]",
                          summary: "guided tour: story (default), ports, starttls; .tour next skips, .tour stop ends"),
        MetaCommand.Entry(name: ".compare", usage: ".compare [TASK]",
                          summary: "the same task in SMTP, IMAP and POP3 side by side (connect, login, fetch, …)"),
    ]

    static func parse(name: String, argument: String?) throws(MetaCommandError) -> LabMetaCommand? {
        let argument = argument.flatMap { $0.isEmpty ? nil : $0 }
        switch name {
        case ".connect":
            guard let argument else { throw .missingArgument(".connect", "smtp|imap|pop3 (or another service, or a URL)") }
            return .connect(argument)
        case ".tour": return .tour(argument)
        case ".compare": return .compare(argument)
        default: return nil
        }
    }
}
