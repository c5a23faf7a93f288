import MailCore
@testable import MailREPL
import Testing

/// `.explain X` and `mailrepl explain X`.
@Suite("Explain: on demand")
struct ExplainReportTests {
    @Test("codes, response codes, capabilities and commands; the session's protocol first")
    func lookups() {
        #expect(ExplainReport.lines(for: "5.7.8")?.first?.hasPrefix("5.7.8: Permanent failure") == true)
        #expect(ExplainReport.lines(for: "imap ALERT")?.first?.hasPrefix("[ALERT]: ") == true)
        let list = ExplainReport.explanations(for: "LIST", preferring: .imap)
        #expect(list.first?.subject == "IMAP LIST")
        #expect(!list.contains { $0.subject == "POP3 LIST" })
        // Not in IMAP: the other protocols are searched.
        #expect(ExplainReport.explanations(for: "STAT", preferring: .imap).first?.subject == "POP3 STAT")
    }

    @Test("a command shows its syntax, its states and its equivalents in the other protocols")
    func command() throws {
        let lines = try #require(ExplainReport.lines(for: "RETR"))
        #expect(lines.contains("  Syntax: RETR <msg>"))
        #expect(lines.contains { $0.hasPrefix("  Allowed in: TRANSACTION") })
        #expect(lines.contains { $0.hasPrefix("  IMAP: ") })
        #expect(lines.contains { $0.hasPrefix("  SMTP: ") })
    }

    @Test("text copied from a bounce is tidied: 550-5.1.1, (5.7.1), 5.7.8.")
    func tidied() {
        #expect(ExplainReport.tidied("550-5.1.1") == "550 5.1.1")
        #expect(ExplainReport.tidied("(5.7.1)") == "5.7.1")
        #expect(ExplainReport.lines(for: "5.7.8.")?.first?.hasPrefix("5.7.8: ") == true)
        #expect(ExplainReport.lines(for: "550-5.1.1")?.contains { $0.hasPrefix("5.1.1: ") } == true)
    }

    @Test("nothing matched: a suggestion, with the query made terminal-safe")
    func nothing() {
        #expect(ExplainReport.lines(for: "frobnicate") == nil)
        let suggestion = ExplainReport.suggestion(for: "x\u{1B}[2J")
        #expect(suggestion.contains(#"x\x1B[2J"#))
        #expect(suggestion.contains("5.7.8"))
    }

    @Test(".explain parses with and without an argument")
    func parse() throws {
        #expect(try MetaCommand.parse(".explain") == .explain(nil))
        #expect(try MetaCommand.parse(".explain full") == .explain("full"))
        #expect(try MetaCommand.parse(".explain 550 5.1.1") == .explain("550 5.1.1"))
        #expect(MetaCommand.catalog.contains { $0.name == ".explain" })
    }
}
