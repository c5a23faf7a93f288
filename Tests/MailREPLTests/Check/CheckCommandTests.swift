import Foundation
import MailTestSupport
import Testing

/// `mailrepl check` through the binary: the report, the exit status per failing stage, --json and the port table.
@Suite("mailrepl check through the binary", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct CheckCommandTests {
    let servers: TestServers

    init() throws {
        servers = try #require(TestServers.current)
    }

    var submission: String { "smtp://bob%40example.test@\(servers["SMTP_HOST"]):\(servers["SMTP_SUBMISSION_PORT"])" }

    func run(_ arguments: [String], password: String? = nil) throws -> MailreplProcess.Result {
        try MailreplProcess.run(["check"] + arguments + ["--cafile", servers["CA_FILE"], "--timeout", "60"],
                                environment: ["MAILREPL_PASSWORD": password ?? servers["BOB_PASSWORD"]],
                                timeout: 180)
    }

    @Test("a passing relay: every line ✓, the summary, exit 0")
    func passing() throws {
        let result = try run([submission, "--from", "bob@example.test", "--to", "alice@example.test"])
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.hasPrefix("mailrepl check \(submission)\n"))
        for title in ["resolve", "connect to", "greeting", "EHLO", "STARTTLS", "TLS handshake", "certificate",
                      "EHLO again", "AUTH SCRAM-SHA-256 as bob@example.test", "MAIL FROM:<bob@example.test>",
                      "RCPT TO:<alice@example.test>", "RSET (nothing is sent)", "QUIT"] {
            #expect(result.output.contains("✓ " + title), "\(title)")
        }
        #expect(!result.output.contains("✗"))
        #expect(result.output.contains("steps passed; exit status 0"))
        #expect(!result.output.contains("\u{1B}"), "no colours in a pipe")
    }

    @Test("a wrong password: ✗ with cause and fix, exit 19; --json says the same for scripts")
    func wrongPassword() throws {
        let text = try run([submission, "--mech", "plain"], password: "not-the-password")
        #expect(text.status == 19, "\(text.combined)")
        #expect(text.output.contains("✗ AUTH PLAIN as bob@example.test"))
        #expect(text.output.contains("cause: the server rejected the user name or the password"))
        #expect(text.output.contains("fix:   "))
        #expect(text.output.contains("exit status 19 (auth: AUTH PLAIN as bob@example.test)"))

        let json = try run([submission, "--mech", "plain", "--json"], password: servers["BOB_PASSWORD"])
        #expect(json.status == 0, "\(json.combined)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == true)
        #expect(object["exitStatus"] as? Int == 0)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.contains { $0["stage"] as? String == "auth" && $0["status"] as? String == "passed" })
        #expect(steps.allSatisfy { $0["milliseconds"] != nil && $0["detail"] is [Any] })
    }

    @Test("each classic mistake has its exit status")
    func exitStatuses() throws {
        let host = servers["SMTP_HOST"]
        let cases: [([String], Int32, String)] = [
            (["smtps://\(host):\(servers["SMTP_SUBMISSION_PORT"])"], 13, "speaks plaintext"),
            (["smtp://\(host):\(servers["SMTP_SMTPS_PORT"])"], 13, "speaks implicit TLS"),
            (["smtp://\(host):\(servers["SMTP_MX_PORT"])", "--to", "victim@elsewhere.example"], 21, "relaying denied"),
            (["smtp://bob%40example.test@\(host):\(servers["SMTP_MX_PORT"])"], 18, "offers no login on this port"),
            ([submission, "--no-starttls"], 18, "only offered after STARTTLS"),
            ([submission, "--mech", "xoauth2"], 18, "does not offer XOAUTH2"),
            (["pop3://127.0.0.1:1"], 11, "110"),
            (["imap://\(servers["SMTP_HOST"]):\(servers["SMTP_MX_PORT"])"], 12, "answers as an SMTP server"),
        ]
        let results = ParallelCases.run(cases.map(\.0)) { arguments in
            try run(arguments)
        }
        for ((arguments, status, words), result) in zip(cases, results) {
            let output = try result.get()
            #expect(output.status == status, "\(arguments): \(output.combined)")
            // Cause and fix are wrapped; the words are looked for with the line breaks undone.
            let joined = output.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            #expect(joined.contains(words), "\(arguments): \(output.output)")
        }
        let wrongCA = try MailreplProcess.run(["check", submission, "--cafile", servers["OTHER_CA_FILE"]],
                                              environment: ["MAILREPL_PASSWORD": servers["BOB_PASSWORD"]])
        #expect(wrongCA.status == 17)
        #expect(wrongCA.output.contains("✗ certificate"))
        #expect(wrongCA.output.contains("issued by a CA this machine does not trust"))
    }

    @Test("check HOST: one row per port; --help documents the exit statuses")
    func hostTableAndHelp() throws {
        let ports = ["SMTP_MX_PORT", "SMTP_SUBMISSION_PORT", "SMTP_SMTPS_PORT"].map { servers[$0] }
            .joined(separator: ",")
        let table = try run([servers["SMTP_HOST"], "--ports", ports + ",1"])
        #expect(table.status == 0, "\(table.combined)")
        let rows = table.output.split(separator: "\n").map(String.init)
        #expect(rows.contains { $0.hasPrefix("PORT  ANSWERS  TLS") })
        #expect(rows.contains { $0.hasPrefix(servers["SMTP_SMTPS_PORT"]) && $0.contains("implicit TLS") })
        #expect(rows.contains {
            $0.hasPrefix(servers["SMTP_SUBMISSION_PORT"]) && $0.contains("AUTH only after STARTTLS")
        })
        #expect(rows.contains { $0.hasPrefix("1 ") && $0.contains("closed") })
        let none = try run([servers["SMTP_HOST"], "--ports", "1"])
        #expect(none.status == 11)

        let help = try MailreplProcess.run(["help", "check"])
        let text = help.output.replacingOccurrences(of: "\n", with: " ")
        for words in ["13 TLS spoken to a plaintext port", "19 the login was refused", "21 the recipient"] {
            #expect(text.contains(words), "\(words)")
        }
    }
}
