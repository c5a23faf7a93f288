import Foundation
import MailTestSupport
import Testing

/// `.auth` through the binary in script mode, as automation uses it: every mechanism the servers offer, in the
/// three protocols, with the right password from MAILREPL_PASSWORD; and every method (the five SASL mechanisms,
/// IMAP LOGIN, POP3 USER/PASS) with a wrong one too, spread over the protocols so that each refusal (which Dovecot
/// delays, see AuthenticatorTests) is paid once. Logins are bob's; the runs go on threads of their own.
@Suite("`.auth` in script mode against real servers", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct AuthScriptTests {
    let servers: TestServers

    init() throws {
        servers = try #require(TestServers.current)
    }

    struct Case: Sendable {
        var url: String
        var script: String
        var mechanism: String
        var wrongToo = false
    }

    var cases: [Case] {
        let smtp = "smtp://\(servers["SMTP_HOST"]):\(servers["SMTP_SUBMISSION_PORT"])"
        let imap = "imaps://\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])"
        let pop3 = "pop3://\(servers["POP3_HOST"]):\(servers["POP3_PORT"])"
        let sasl = ["plain", "login", "cram-md5", "scram-sha-1", "scram-sha-256"]
        let wrong = [smtp: ["plain", "scram-sha-256"], imap: ["login", "cram-md5", "+login"],
                     pop3: ["scram-sha-1", "+user"]]
        let all = sasl.map { Case(url: smtp, script: "EHLO client.example\n.starttls\n", mechanism: $0) }
            + (sasl + ["+login"]).map { Case(url: imap, script: "CAPABILITY\n", mechanism: $0) }
            + (sasl + ["+user"]).map { Case(url: pop3, script: "CAPA\n.starttls\n", mechanism: $0) }
        return all.map { item in
            var marked = item
            marked.wrongToo = wrong[item.url]?.contains(item.mechanism) == true
            return marked
        }
    }

    @Test("every mechanism: the right password logs in (exit 0); every method refuses a wrong one (exit 7)")
    func everyMechanism() throws {
        let user = servers["BOB_USER"], right = servers["BOB_PASSWORD"], caFile = servers["CA_FILE"]
        let cases = self.cases
        let results = ParallelCases.run(cases) { item in
            var runs: [MailreplProcess.Result] = []
            for password in (item.wrongToo ? ["wrong-" + right] : []) + [right] {
                runs.append(try MailreplProcess.run(
                    [item.url, "--cafile", caFile, "--timeout", "60"],
                    input: item.script + ".auth \(item.mechanism) \(user)\n",
                    environment: ["MAILREPL_PASSWORD": password], timeout: 120))
            }
            return runs
        }
        for (item, result) in zip(cases, results) {
            let runs = try result.get()
            let label = "\(item.mechanism) on \(item.url)"
            if item.wrongToo, let refused = runs.first {
                #expect(refused.status == 7, "\(label): \(refused.combined)")
                #expect(refused.combined.contains("! the server refused the login"), "\(label)")
            }
            let accepted = try #require(runs.last)
            #expect(accepted.status == 0, "\(label): \(accepted.combined)")
            #expect(accepted.output.contains("* logged in as \(user) with "), "\(label)")
            #expect(accepted.output.contains("* password from MAILREPL_PASSWORD"), "\(label)")
            for run in runs {
                for form in SecretForms.of(password: right, user: user) + SecretForms.of(password: "wrong-" + right,
                                                                                          user: user) {
                    #expect(!run.combined.contains(form), "\(label): \(form) in the output")
                }
            }
        }
    }

    @Test("the exchange is shown step by step: challenges decoded, responses redacted")
    func stepByStep() throws {
        let result = try MailreplProcess.run(
            ["pop3s://\(servers["BOB_USER"].replacingOccurrences(of: "@", with: "%40"))@\(servers["POP3_HOST"]):"
                + servers["POP3S_PORT"], "--cafile", servers["CA_FILE"]],
            input: ".auth login\n.quit\n", environment: ["MAILREPL_PASSWORD": servers["BOB_PASSWORD"]])
        #expect(result.status == 0, "\(result.combined)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let expected = ["C: AUTH LOGIN", "S: + VXNlcm5hbWU6", "* challenge: Username:", "* response: user name: "
                        + servers["BOB_USER"], "C: ‹redacted›", "S: + UGFzc3dvcmQ6", "* challenge: Password:",
                        "* response: password: ‹redacted›", "C: ‹redacted›", "S: +OK Logged in."]
        let start = try #require(lines.firstIndex(of: "C: AUTH LOGIN"))
        #expect(Array(lines[start..<min(lines.count, start + expected.count)]) == expected)
    }

    @Test("--password-file and ~/.netrc supply the secret; a world-readable file draws a warning")
    func otherSources() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-auth-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let passwordFile = directory.appendingPathComponent("password")
        try (servers["BOB_PASSWORD"] + "\n").write(to: passwordFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: passwordFile.path)
        let imaps = "imaps://\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])"
        let fromFile = try MailreplProcess.run(
            [imaps, "--cafile", servers["CA_FILE"], "--password-file", passwordFile.path],
            input: ".auth scram-sha-256 \(servers["BOB_USER"])\n", environment: ["MAILREPL_PASSWORD": "ignored"])
        #expect(fromFile.status == 0, "\(fromFile.combined)")
        #expect(fromFile.output.contains("* password from the file \(passwordFile.path)"))
        #expect(fromFile.output.contains("can be read by other users (mode 644)"))

        let netrc = directory.appendingPathComponent(".netrc")
        try "machine \(servers["IMAP_HOST"])\n  login \(servers["BOB_USER"])\n  password \(servers["BOB_PASSWORD"])\n"
            .write(to: netrc, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: netrc.path)
        // No user on the line or in the URL: the .netrc login is used.
        let fromNetrc = try MailreplProcess.run(
            [imaps, "--cafile", servers["CA_FILE"]], input: ".auth plain\n",
            environment: ["HOME": directory.path, "MAILREPL_PASSWORD": ""])
        #expect(fromNetrc.status == 0, "\(fromNetrc.combined)")
        #expect(fromNetrc.output.contains("* password from \(netrc.path)"))
        #expect(fromNetrc.output.contains("* logged in as \(servers["BOB_USER"])"))
    }

    @Test("no secret anywhere: without a terminal the .auth stops with where to put one; a URL password is refused")
    func refusals() throws {
        let imaps = "imaps://\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])"
        let none = try MailreplProcess.run([imaps, "--cafile", servers["CA_FILE"]], input: ".auth plain bob\n",
                                           environment: ["MAILREPL_PASSWORD": "", "HOME": "/nonexistent"])
        #expect(none.status == 2)
        #expect(none.combined.contains("no password: there is no terminal to ask on. Set MAILREPL_PASSWORD"))

        let inURL = try MailreplProcess.run(["imaps://bob:secret@\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])"])
        #expect(inURL.status == 64)
        #expect(inURL.errorOutput.contains("--password-file FILE"))
        #expect(inURL.errorOutput.contains("MAILREPL_PASSWORD"))
        #expect(!inURL.combined.contains("secret"))

        let wrongProtocol = try MailreplProcess.run([imaps, "--cafile", servers["CA_FILE"]], input: ".auth +user bob\n")
        #expect(wrongProtocol.status == 2)
        #expect(wrongProtocol.output.contains("+USER is not an IMAP command"))
    }
}
