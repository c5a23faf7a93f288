import MailCore
import MailNet
@testable import MailREPL
import Testing

@Suite("Renderer")
struct RendererTests {
    @Test("server bytes that would drive a terminal are shown escaped, with no raw control byte left")
    func escapesServerBytes() {
        var renderer = Renderer(palette: Palette(isEnabled: false))
        let hostile: [UInt8] = Array("220 \u{1B}]0;owned\u{07} \u{1B}[2J".utf8) + [0x00, 0xFF, 0x9B]
        let lines = renderer.render(.received(ServerLine(hostile), Reception(kind: .greeting)))
        #expect(lines == [#"S: 220 \x1B]0;owned\x07 \x1B[2J\x00\xFF\x9B"#])
    }

    @Test("colours follow meaning: green success, red refusal, cyan continuation; none when disabled")
    func colours() {
        var renderer = Renderer(palette: Palette(isEnabled: true))
        let ok = renderer.render(.received(ServerLine("250 OK"), Reception(kind: .success)))
        let refused = renderer.render(.received(ServerLine("554 no"), Reception(kind: .permanentFailure)))
        let more = renderer.render(.received(ServerLine("354 go"), Reception(kind: .continuation)))
        #expect(ok.first?.contains("\u{1B}[32m250 OK") == true)
        #expect(refused.first?.contains("\u{1B}[31m554 no") == true)
        #expect(more.first?.contains("\u{1B}[36m354 go") == true)
        var plain = Renderer(palette: Palette(isEnabled: false))
        #expect(plain.render(.received(ServerLine("250 OK"), Reception(kind: .success))) == ["S: 250 OK"])
    }

    @Test("a literal is shown line by line, however its bytes were split")
    func literalLines() {
        var renderer = Renderer(palette: Palette(isEnabled: false))
        var lines: [String] = []
        for chunk in [Array("Subject: a\r".utf8), Array("\nbo".utf8), Array("dy\r\n".utf8)] {
            lines += renderer.render(.literal(chunk, isLast: false))
        }
        lines += renderer.render(.literal([], isLast: true))
        #expect(lines == ["S: Subject: a", "S: body"])
    }

    @Test("line ends other than CRLF and dropped bytes are marked")
    func marks() {
        var renderer = Renderer(palette: Palette(isEnabled: false))
        let bare = renderer.render(.received(ServerLine(Array("+OK".utf8), terminator: .lf), Reception(kind: .success)))
        #expect(bare == ["S: +OK [bare LF]"])
        let cut = renderer.render(.received(ServerLine(Array("250 x".utf8), droppedBytes: 12), Reception(kind: .success)))
        #expect(cut.count == 2 && cut[1].contains("12 more bytes"))
    }

    @Test("a STARTTLS injection is reported with the discarded bytes, escaped")
    func injection() {
        var renderer = Renderer(palette: Palette(isEnabled: false))
        let lines = renderer.render(.injectionDiscarded(Array("250 INJECTED\r\n".utf8)))
        #expect(lines.first?.contains("possible STARTTLS injection") == true)
        #expect(lines.last == #"! discarded: 250 INJECTED\r\n"#)
    }
}
