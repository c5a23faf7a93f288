@testable import MailREPL
import Testing

@Suite("Fold limit: --fold N and .fold N|off")
struct FoldLimitTests {
    @Test("a number of lines, 0 or off for none; anything else is refused", arguments: [
        ("20", FoldLimit(lines: 20)), ("1", FoldLimit(lines: 1)), ("1000000", FoldLimit(lines: 1_000_000)),
        ("0", FoldLimit.off), ("off", .off), ("OFF", .off),
    ])
    func parses(text: String, limit: FoldLimit) {
        #expect(FoldLimit(text) == limit)
    }

    @Test("refused", arguments: ["", "-1", "+5", "1000001", "ten", "2.5", " 5", "٣"])
    func refuses(text: String) {
        #expect(FoldLimit(text) == nil)
    }

    @Test("described as given; the default shows 20 lines")
    func described() {
        #expect(FoldLimit.standard.description == "20" && FoldLimit.off.description == "off")
        #expect(FoldLimit(lines: 0) == .off)
    }

    @Test(".fold and .body at the prompt; a wrong count is an error that says what is expected")
    func metaCommands() throws {
        #expect(try MetaCommand.parse(".fold") == .fold(nil))
        #expect(try MetaCommand.parse(".fold 5") == .fold(FoldLimit(lines: 5)))
        #expect(try MetaCommand.parse(".fold off") == .fold(.off))
        #expect(try MetaCommand.parse(".body") == .body)
        #expect(throws: MetaCommandError.missingArgument(".fold", FoldLimit.expected)) {
            try MetaCommand.parse(".fold lots")
        }
        #expect(throws: MetaCommandError.unexpectedArgument(".body")) { try MetaCommand.parse(".body now") }
        let names = MetaCommand.catalog.map(\.name)
        #expect(names.contains(".fold") && names.contains(".body"))
    }
}
