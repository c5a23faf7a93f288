#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MailREPL

/// `mailrepl explain X`: the knowledge base from the shell, for scripts and for people reading a bounce.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a reply code, enhanced status code, response code, capability or command.",
        discussion: """
            Examples:
              mailrepl explain 5.7.8
              mailrepl explain 535
              mailrepl explain 550 5.1.1
              mailrepl explain imap ALERT
              mailrepl explain pop3 CAPA
              mailrepl explain -ERR RETR

            A leading smtp, imap or pop3 limits the search to that protocol. Every entry names the RFC section (or \
            IANA registry) it comes from.

            Exit status: 0 when something matched; 1 when nothing did (a suggestion goes to standard error); \
            64 when nothing was asked.
            """
    )

    // Captured as is, so that "-ERR" is a word to explain, not an option.
    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("What to explain, optionally after smtp, imap or pop3.", valueName: "query"))
    var query: [String] = []

    func validate() throws {
        guard !query.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) else {
            throw ValidationError("name something to explain, for example: mailrepl explain 5.7.8")
        }
    }

    func run() throws {
        let text = query.joined(separator: " ")
        guard let lines = ExplainReport.lines(for: text) else {
            let message = Array(("mailrepl: " + ExplainReport.suggestion(for: text) + "\n").utf8)
            _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            throw ExitCode(1)
        }
        print(lines.joined(separator: "\n"))
    }
}

extension ExplanationLevel: ExpressibleByArgument {}
