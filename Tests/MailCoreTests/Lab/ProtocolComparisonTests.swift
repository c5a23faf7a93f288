import Testing
@testable import MailCore

/// `.compare` shows replies "the lab gives": each protocol's column is played, task after task, against the lab's
/// machine, and every reply line the table shows in full must be what the machine wrote.
@Suite("ProtocolComparison")
struct ProtocolComparisonTests {
    @Test("every task has a row; SMTP has no equivalent for list, fetch and delete")
    func rows() {
        #expect(ProtocolComparison.rows.map(\.task) == ProtocolComparison.Task.allCases)
        for task in [ProtocolComparison.Task.list, .fetch, .delete] {
            #expect(!ProtocolComparison.row(task).smtp.hasEquivalent)
        }
        #expect(ProtocolComparison.Task(word: "greet") == .connect)
    }

    @Test("the replies in the table are the lab's", arguments: MailProtocol.allCases)
    func repliesAreTheLabs(_ mailProtocol: MailProtocol) {
        let store = SingleThreadLabStore()
        _ = store.maildrop.append(Array(labMessage().utf8), to: "INBOX", of: "bob@lab.test", at: 0)
        let service: LabService = mailProtocol == .smtp ? .smtp : (mailProtocol == .imap ? .imap : .pop3)
        var machine = LabConnectionContext.lab(service, store: store).makeMachine()
        var written = machine.greeting().text
        for row in ProtocolComparison.rows {
            for line in row.cell(mailProtocol).exchange where line.hasPrefix("C: ") {
                if mailProtocol == .smtp && line.hasPrefix("C: AUTH") {
                    _ = machine.receive(ServerLine("EHLO me.example"))   // after TLS, EHLO again (RFC 3207 §4.2)
                }
                let response = machine.receive(ServerLine(String(line.dropFirst(3))))
                written += response.text
                if response.next == .startTLS {
                    machine.tlsStarted()
                }
            }
        }
        let lines = written.split(separator: "\r\n").map(String.init)
        for row in ProtocolComparison.rows {
            for line in row.cell(mailProtocol).exchange where line.hasPrefix("S: ") {
                let shown = String(line.dropFirst(3))
                // Placeholders ("...", "(the message …)") and the sample size 450 stand for what varies.
                guard !shown.contains("..."), !shown.hasPrefix("("), !shown.contains("450"),
                      !shown.contains("{"), !shown.contains("RFC822.SIZE") else { continue }
                #expect(lines.contains(shown), "\(mailProtocol) \(row.task): \(shown) not in \(lines)")
            }
        }
    }
}
