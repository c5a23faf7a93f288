import ArgumentParser
import MailREPL

@main
struct MailRepl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailrepl",
        abstract: "An interactive debugger for SMTP, IMAP and POP3: type commands, see every reply, explained.",
        discussion: """
            mailrepl URL opens a session (see `mailrepl help connect` for its options): smtp://, smtps://, \
            imap://, imaps://, pop3://, pop3s://. With no URL, mailrepl opens its practice lab.

            \(ExitStatus.helpText) (That is a session's; the other subcommands document their own.)
            """,
        version: "0.1.0",
        subcommands: [ConnectCommand.self, ReplayCommand.self, ExplainCommand.self,
                      LabCommand.self, TourCommand.self, CompareCommand.self, CheckCommand.self],
        defaultSubcommand: ConnectCommand.self
    )
}
