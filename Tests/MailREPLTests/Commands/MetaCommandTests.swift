import MailCore
@testable import MailREPL
import Testing

@Suite("Dot-commands and completion")
struct MetaCommandTests {
    @Test("parsing", arguments: [
        (".help", MetaCommand.help), (".quit", .quit), (".exit", .quit), (".starttls", .startTLS),
        (".send /tmp/a b.eml", .send(path: "/tmp/a b.eml")), (".wait 2.5", .wait(seconds: 2.5)),
        (".reconnect", .reconnect), (".tls", .tls), (".capabilities", .capabilities),
    ])
    func parses(text: String, command: MetaCommand) throws {
        #expect(try MetaCommand.parse(text) == command)
    }

    @Test("typos are errors that name the problem")
    func errors() {
        #expect(throws: MetaCommandError.unknown(".qiut")) { try MetaCommand.parse(".qiut") }
        #expect(throws: MetaCommandError.missingArgument(".send", "FILE")) { try MetaCommand.parse(".send") }
        #expect(throws: MetaCommandError.unexpectedArgument(".quit")) { try MetaCommand.parse(".quit now") }
        #expect(throws: MetaCommandError.self) { try MetaCommand.parse(".wait forever") }
    }

    @Test("Tab completes protocol commands, dot-commands, and IMAP commands after a tag")
    func completions() {
        #expect(CommandVocabulary.completions(line: "EH", word: "EH", mailProtocol: .smtp) == ["EHLO"])
        #expect(CommandVocabulary.completions(line: "st", word: "st", mailProtocol: .pop3) == ["stat", "stls"])
        #expect(CommandVocabulary.completions(line: ".st", word: ".st", mailProtocol: .imap) == [".starttls"])
        #expect(CommandVocabulary.completions(line: "a1 SEL", word: "SEL", mailProtocol: .imap) == ["SELECT"])
        #expect(CommandVocabulary.completions(line: "UID FE", word: "FE", mailProtocol: .imap) == ["FETCH"])
        #expect(CommandVocabulary.completions(line: "MAIL FROM:<x> SI", word: "SI", mailProtocol: .smtp).isEmpty)
    }
}
