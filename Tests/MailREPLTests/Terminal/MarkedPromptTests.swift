import Testing
@testable import MailREPL

@Suite("Prompt escapes are marked so libedit counts the width right")
struct MarkedPromptTests {
    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    @Test func aPlainPromptIsLeftAlone() {
        let prompt = MarkedPrompt("smtp> ")
        #expect(text(prompt.marked) == "smtp> ")
        #expect(prompt.shown == "smtp> ")
        #expect(prompt.visible == "smtp> ")
    }

    @Test func colourSequencesAreBracketed() {
        let prompt = MarkedPrompt("\u{1B}[1;32msmtp>\u{1B}[0m ")
        #expect(text(prompt.marked) == "\u{01}\u{1B}[1;32m\u{01}smtp>\u{01}\u{1B}[0m\u{01} ")
        #expect(prompt.shown == "\u{1B}[1;32msmtp>\u{1B}[0m ")
        #expect(prompt.visible == "smtp> ")
    }

    @Test func adjacentSequencesShareOnePairOfMarkers() {
        let prompt = MarkedPrompt("\u{1B}[1m\u{1B}[31mimap>\u{1B}[0m ")
        #expect(text(prompt.marked) == "\u{01}\u{1B}[1m\u{1B}[31m\u{01}imap>\u{01}\u{1B}[0m\u{01} ")
    }

    @Test func aTitleStringEndsAtBellOrStringTerminator() {
        let bell = MarkedPrompt("\u{1B}]0;mailrepl\u{07}> ")
        #expect(bell.visible == "> ")
        let terminator = MarkedPrompt("\u{1B}]0;mailrepl\u{1B}\\> ")
        #expect(terminator.visible == "> ")
    }

    @Test func readlineMarkersAreTakenAsGiven() {
        let prompt = MarkedPrompt("\u{01}\u{1B}[32m\u{02}pop3>\u{01}\u{1B}[0m\u{02} ")
        #expect(text(prompt.marked) == "\u{01}\u{1B}[32m\u{01}pop3>\u{01}\u{1B}[0m\u{01} ")
        #expect(prompt.shown == "\u{1B}[32mpop3>\u{1B}[0m ")
        #expect(prompt.visible == "pop3> ")
    }

    @Test func anUnfinishedSequenceRunsToTheEnd() {
        let prompt = MarkedPrompt("> \u{1B}[3")
        #expect(prompt.visible == "> ")
    }

    @Test func nonASCIITextCountsAsText() {
        #expect(MarkedPrompt("\u{1B}[2mboîte\u{1B}[0m> ").visible == "boîte> ")
    }
}
