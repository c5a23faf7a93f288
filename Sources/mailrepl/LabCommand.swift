#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MailCore
import MailNet
import MailREPL

/// `mailrepl lab`: the practice lab with a REPL in it, or with `--serve`, alone for other mail programs.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "The practice mail system: SMTP, IMAP and POP3 on 127.0.0.1, with two accounts (the default).",
        discussion: """
            Starts an in-process mail system on 127.0.0.1 (free ports): SMTP like ports 25, 587 and 465, IMAP and \
            POP3 with STARTTLS/STLS and over TLS, one shared in-memory store, and a CA and certificate made at \
            start. Accounts: alice@lab.test (wonderland), bob@lab.test (builder). Mail for lab.test is delivered; \
            other domains are refused (550 5.7.1 Relay access denied).

            Without --serve, a session opens on the lab's SMTP server; .connect imap (pop3, …) moves to another \
            service, .tour guides, .compare compares. With --serve, the lab runs alone until interrupted, for \
            Thunderbird, curl or Python: it prints one URL per service and the CA certificate file to trust.

            Example: mailrepl lab --serve, then \
            curl --ssl-reqd --cacert CAFILE --user bob@lab.test:builder imap://127.0.0.1:PORT/INBOX
            """
    )

    @Flag(help: "Run only the servers, for other clients; print their URLs and the CA file, until Ctrl-C.")
    var serve = false

    @Option(help: ArgumentHelp("The service to start the session on: smtp, submission, smtps, imap, imaps, pop3, "
                               + "pop3s.", valueName: "service"))
    var service: String = "smtp"

    @Option(help: ArgumentHelp("When to colour the output: auto, always, never.", valueName: "when"))
    var color: ColorChoice = .auto

    func validate() throws {
        guard LabService(name: service) != nil else {
            throw ValidationError("no lab service \(service); services: "
                                  + LabService.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        guard serve else {
            return try LabSession(service: LabService(name: service) ?? .smtp, color: color).run()
        }
        try LabServer.serve()
    }
}

/// `mailrepl lab --serve`: the lab alone, until SIGINT or SIGTERM.
enum LabServer {
    static func serve() throws {
        let lab: PracticeLab
        do {
            lab = try PracticeLab()
        } catch {
            FileHandleText.error("mailrepl: " + UserMessage.describe(error))
            throw ExitCode(ExitStatus.connectionFailed.rawValue)
        }
        var lines = ["mailrepl practice lab on 127.0.0.1 (Ctrl-C stops it)"]
        for (service, url) in lab.urls {
            lines.append("  " + url.padding(toWidth: 28) + service.role)
        }
        lines += [
            "CA certificate (trust it to verify the lab): \(lab.certificateAuthority?.authorityFile ?? "none")",
            "accounts: alice@lab.test / wonderland, bob@lab.test / builder; mail for lab.test only",
        ]
        FileHandleText.output(lines.joined(separator: "\n") + "\n")
        waitForSignal()
        lab.stop()
    }

    /// Blocks until SIGINT or SIGTERM, taken synchronously so the lab stops cleanly and removes its CA file.
    private static func waitForSignal() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        var received: Int32 = 0
        sigwait(&signals, &received)
    }
}

/// Writing whole strings to standard output or error, unbuffered, for the `--serve` report.
enum FileHandleText {
    static func output(_ text: String) { write(text, to: STDOUT_FILENO) }
    static func error(_ text: String) { write(text + "\n", to: STDERR_FILENO) }

    private static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

extension String {
    func padding(toWidth width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
