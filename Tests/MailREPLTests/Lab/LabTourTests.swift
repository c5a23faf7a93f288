import Foundation
import MailCore
import MailREPL
import MailTestSupport
import Testing

@Suite("Lab tours")
struct LabTourTests {
    @Test("the story's script covers every step, in order")
    func scriptMatchesTour() {
        #expect(LabTourScript.story.count == LabTour.story.steps.count)
        for (step, typed) in zip(LabTour.story.steps, LabTourScript.story) {
            #expect(step.type.first == typed.first)
        }
    }

    @Test("a step advances on its answer, hints on a refusal of its command, and ignores other exchanges")
    func progress() {
        let progress = TourProgress(tour: LabTour.story)
        #expect(progress.start().last == "step 1 of 24: type   EHLO me.example")
        let other = TourObservation(mailProtocol: .smtp, verb: "NOOP", lines: ["250 2.0.0 Ok"], succeeded: true)
        #expect(progress.observe(other).isEmpty)
        let refused = TourObservation(mailProtocol: .smtp, verb: "EHLO", lines: ["501 5.5.4 Syntax: EHLO hostname"],
                                      succeeded: false)
        #expect(progress.observe(refused).first == "not quite: the server answered 501 5.5.4 Syntax: EHLO hostname")
        #expect(progress.index == 0)
        let done = TourObservation(mailProtocol: .smtp, verb: "EHLO", lines: ["250-lab.test", "250 HELP"],
                                   succeeded: true)
        let told = progress.observe(done)
        #expect(told.first?.hasPrefix("✓ The client named itself") == true)
        #expect(told.last == "step 2 of 24: type   MAIL FROM:<alice@lab.test>")
        #expect(progress.skip().first == "step 3 of 24: type   RCPT TO:<bob@lab.test>")
    }

    @Test("`mailrepl tour` runs the whole story from a script, each step checked and explained")
    func storyAsScript() throws {
        let input = LabTourScript.story.flatMap { $0 }.joined(separator: "\n") + "\n"
        let result = try MailreplProcess.run(["tour", "--color", "never"], input: input, timeout: 60)
        #expect(result.status == 0, "\(result.combined)")
        for number in 1...24 {
            #expect(result.output.contains("» step \(number) of 24: type"))
        }
        #expect(!result.output.contains("not quite"))
        #expect(result.output.contains("» ✓ * 0 EXISTS: gone."))
        #expect(result.output.contains("» tour finished."))
    }

    @Test("the ports and starttls tours run from a script")
    func shortTours() throws {
        let ports = try MailreplProcess.run(["tour", "ports", "--color", "never"], input: """
            EHLO me.example
            .connect submission
            EHLO me.example
            MAIL FROM:<alice@lab.test>
            .connect smtps

            """, timeout: 60)
        #expect(ports.output.contains("530 5.7.0 Must issue a STARTTLS command first"))
        #expect(ports.output.contains("» tour finished."), "\(ports.combined)")
        let starttls = try MailreplProcess.run(["tour", "starttls", "--color", "never"], input: """
            EHLO me.example
            AUTH PLAIN
            .starttls
            AUTH PLAIN AGFsaWNlQGxhYi50ZXN0AHdvbmRlcmxhbmQ=

            """, timeout: 60)
        #expect(starttls.output.contains("538 5.7.11"))
        #expect(starttls.output.contains("235 2.7.0 Authentication successful"))
        #expect(starttls.output.contains("» tour finished."), "\(starttls.combined)")
    }

    @Test("`mailrepl` with no arguments lands in the lab's SMTP server; .connect moves, .compare compares")
    func defaultIsTheLab() throws {
        let result = try MailreplProcess.run(["--color", "never"], input: """
            EHLO me.example
            RCPT TO:<bob@lab.test>
            .connect pop3
            CAPA
            .compare delete
            .connect nowhere

            """, timeout: 60)
        #expect(result.output.contains("* practice lab: a mail system inside mailrepl"))
        #expect(result.output.contains("S: 220 lab.test ESMTP mailrepl practice lab"))
        #expect(result.output.contains("S: 503 5.5.1 Error: need MAIL command"))
        #expect(result.output.contains("S: +OK lab.test POP3 practice lab ready"))
        #expect(result.output.contains("S: STLS"))
        #expect(result.output.contains("only marked: removed at QUIT"))
        // An unknown destination is a script error (exit 2), after everything before it ran.
        #expect(result.status == 2)
    }

    @Test("docs/protocol-comparison.md is what `mailrepl compare --markdown` prints")
    func comparisonDocument() throws {
        let generated = try MailreplProcess.run(["compare", "--markdown"])
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/protocol-comparison.md")
        let document = try String(contentsOf: path, encoding: .utf8)
        #expect(generated.output == document)
        #expect(generated.output == ProtocolComparison.markdown())
    }
}
