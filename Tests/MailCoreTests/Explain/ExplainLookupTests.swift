import Testing
@testable import MailCore

@Suite("Explain: lookup and commands")
struct ExplainLookupTests {
    func subjects(_ query: String, _ p: MailProtocol? = nil) -> [String] {
        KnowledgeBase.lookup(query, in: p).map(\.subject)
    }

    @Test func codes() {
        #expect(subjects("535") == ["535", "535 5.7.8"])
        #expect(subjects("535 5.7.8") == ["535", "5.7.8", "535 5.7.8"])
        #expect(subjects("5.7.8") == ["5.7.8", "535 5.7.8"])
        #expect(subjects("X.7.8") == ["X.7.8"])
        #expect(KnowledgeBase.lookup("X.7.8", in: nil).first?.summary == "Security/policy: authentication "
                    + "credentials invalid.")
        #expect(subjects("534 5.7.9").contains("534 5.7.9"))
        #expect(subjects("550 5.7.1") == ["550", "5.7.1", "5.7.1 relaying denied"])
        #expect(subjects("554 5.7.1").last == "5.7.1 relaying denied")
        #expect(subjects("553 5.7.1").last == "553 5.7.1 sender not allowed")
        #expect(KnowledgeBase.enhancedStatusCode("5.7.999")?.summary.contains("not in the registry") == true)
        #expect(KnowledgeBase.enhancedStatusCode("3.1.1") == nil)
        #expect(KnowledgeBase.enhancedStatusCode("5.9.1") == nil)
    }

    @Test func responseCodes() {
        #expect(subjects("[ALERT]") == ["[ALERT]"])
        #expect(subjects("imap ALERT") == ["[ALERT]"])
        #expect(subjects("imap alert") == ["[ALERT]"])
        #expect(subjects("[IN-USE]") == ["[IN-USE]"])
        #expect(subjects("[AUTH]", .pop3) == ["[AUTH]"])
        #expect(subjects("pop3 [SYS/TEMP]") == ["[SYS/TEMP]"])
        #expect(KnowledgeBase.pop3ResponseCode("sys/other")?.subject == "[SYS]")
        #expect(KnowledgeBase.imapResponseCode("[UIDVALIDITY 3857529045]")?.subject == "[UIDVALIDITY]")
        #expect(KnowledgeBase.imapResponseCode("[AUTHENTICATIONFAILED]")?.advice?.isEmpty == false)
        #expect(subjects("+OK") == ["+OK"])
        #expect(subjects("-ERR RETR") == ["-ERR after RETR"])
        #expect(subjects("+") == ["+", "+"])
    }

    @Test func words() {
        let starttls = subjects("STARTTLS")
        #expect(starttls.contains("SMTP STARTTLS"))
        #expect(starttls.contains("IMAP STARTTLS"))
        #expect(starttls.contains("SMTP capability STARTTLS"))
        #expect(starttls.contains("IMAP capability STARTTLS"))
        #expect(subjects("pop3 CAPA") == ["POP3 CAPA"])
        #expect(subjects("AUTH=PLAIN") == ["IMAP capability AUTH=PLAIN"])
        #expect(KnowledgeBase.lookup("AUTH=PLAIN", in: nil).first?.detail?.contains("RFC 4616") == true)
        #expect(subjects("imap EXISTS") == ["IMAP response EXISTS"])
        #expect(subjects("smtp RETR").isEmpty)
        #expect(subjects("").isEmpty)
        #expect(subjects("no-such-thing").isEmpty)
        for query in ["535", "5.7.8", "[ALERT]", "imap ALERT", "pop3 CAPA", "STARTTLS", "IDLE", "UIDL", "+OK"] {
            for explanation in KnowledgeBase.lookup(query, in: nil) {
                expectExplained(explanation, "\(query) → \(explanation.subject)")
            }
        }
    }

    @Test func commandsAndTheirEquivalents() {
        let fetch = KnowledgeBase.command("fetch", in: .imap)
        #expect(fetch?.equivalents[.pop3]?.contains("RETR") == true)
        #expect(fetch?.equivalents[.smtp]?.contains("SMTP only sends") == true)
        #expect(fetch?.states == ["selected"])
        let retr = KnowledgeBase.command("RETR 1", in: .pop3)
        #expect(retr?.equivalents[.imap]?.contains("BODY[]") == true)
        #expect(retr?.equivalents[.smtp]?.contains("cannot read") == true)
        #expect(retr?.states == ["TRANSACTION"])
        #expect(KnowledgeBase.command("STLS", in: .pop3)?.equivalents[.imap] == "STARTTLS")
        #expect(KnowledgeBase.command("MAIL FROM:<a@b.c>", in: .smtp)?.name == "MAIL")
        #expect(KnowledgeBase.command("RETR", in: .imap) == nil)
        for table in [SMTPCommands.entries, IMAPCommands.entries, POP3Commands.entries] {
            for command in table {
                expectExplained(command.explanation, command.explanation.subject)
                #expect(!command.syntax.isEmpty && !command.states.isEmpty)
                #expect(command.equivalents.count == 2, "\(command.name): one equivalent per other protocol")
                #expect(command.equivalents[command.mailProtocol] == nil)
            }
        }
    }

    @Test func citationText() {
        #expect(Citation(rfc: 5321, section: "4.2.3").text == "RFC 5321 §4.2.3")
        #expect(Citation(rfc: 3207).text == "RFC 3207")
        #expect(Citation(registry: "IANA POP3 Extension Mechanism", rfc: 2449).text
                    == "RFC 2449 (IANA POP3 Extension Mechanism)")
    }
}
