import Testing
@testable import MailREPL

@Suite("Tab completes, extends or lists like a shell")
struct TabCompletionTests {
    @Test func noCandidateRingsTheBell() {
        #expect(TabCompletion(word: "xy", candidates: []) == .nothing)
    }

    @Test func oneCandidateIsInsertedWithASpace() {
        #expect(TabCompletion(word: "eh", candidates: ["EHLO"]) == .replaceWord(with: "EHLO "))
    }

    @Test func duplicatesCountOnce() {
        #expect(TabCompletion(word: "no", candidates: ["NOOP", "NOOP"]) == .replaceWord(with: "NOOP "))
    }

    @Test func severalCandidatesAreExtendedAsFarAsTheyAgree() {
        #expect(TabCompletion(word: "ST", candidates: ["STARTTLS", "STAT"]) == .replaceWord(with: "STA"))
    }

    @Test func severalCandidatesThatAgreeNoFurtherAreListed() {
        #expect(TabCompletion(word: "E", candidates: ["EHLO", "EXPN"]) == .list(["EHLO", "EXPN"]))
        #expect(TabCompletion(word: "", candidates: [".help", "QUIT"]) == .list([".help", "QUIT"]))
        #expect(TabCompletion(word: "", candidates: [".help", ".quit"]) == .replaceWord(with: "."))
    }

    @Test func listsAreLaidOutInColumnsThatFit() {
        let candidates = ["EHLO", "HELO", "MAIL", "RCPT", "DATA", "STARTTLS"]
        let text = TabCompletion.columns(candidates, width: 30, displayWidth: { $0.count })
        #expect(text == "EHLO      HELO      MAIL\nRCPT      DATA      STARTTLS")
    }

    @Test func aNarrowTerminalGetsOneColumn() {
        let text = TabCompletion.columns(["AUTHENTICATE", "APPEND"], width: 8, displayWidth: { $0.count })
        #expect(text == "AUTHENTICATE\nAPPEND")
    }
}
