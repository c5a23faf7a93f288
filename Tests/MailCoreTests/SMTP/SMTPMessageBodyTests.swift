import Testing
@testable import MailCore

@Suite("SMTPMessageBody")
struct SMTPMessageBodyTests {
    @Test("line ends become CRLF, leading dots are doubled, data ends with CRLF . CRLF", arguments: [
        // No mail data: the CRLF that ended the DATA command line is the first half of the end marker
        // (RFC 5321 §4.1.1.4), so an empty file sends the dot line alone, as curl does.
        ("", ".\r\n"),
        ("a", "a\r\n.\r\n"),
        ("a\n", "a\r\n.\r\n"),
        ("a\r\n", "a\r\n.\r\n"),
        ("a\r", "a\r\n.\r\n"),
        ("a\nb", "a\r\nb\r\n.\r\n"),
        ("a\rb\r\nc\nd", "a\r\nb\r\nc\r\nd\r\n.\r\n"),
        ("a\n\nb\n", "a\r\n\r\nb\r\n.\r\n"),
        ("\r\n", "\r\n.\r\n"),
        (".", "..\r\n.\r\n"),
        ("a\n.\nb\n", "a\r\n..\r\nb\r\n.\r\n"),
        ("..x\r\n", "...x\r\n.\r\n"),
        (".a\r.b\r\n.c\n", "..a\r\n..b\r\n..c\r\n.\r\n"),
        ("a.b\n x.\n", "a.b\r\n x.\r\n.\r\n"),
        ("\r\r\n", "\r\n\r\n.\r\n"),
    ])
    func dataBytes(_ file: String, _ wire: String) {
        #expect(String(decoding: SMTPMessageBody.dataBytes(for: Array(file.utf8)), as: UTF8.self) == wire)
    }

    @Test("bytes other than line ends pass through untouched")
    func binarySafe() {
        let bytes: [UInt8] = [0, 0x7F, 0xFF, 0xC3, 0xA9, 9]
        #expect(SMTPMessageBody.dataBytes(for: bytes) == bytes + Array("\r\n.\r\n".utf8))
    }

    @Test("no bare CR or LF reaches the wire, and the end marker appears only at the end")
    func randomFiles() {
        var generator = SplitMix64(seed: 42)
        let alphabet: [UInt8] = Array("a.\r\n ".utf8)
        for _ in 0..<500 {
            let length = Int.random(in: 0...40, using: &generator)
            let file = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let wire = SMTPMessageBody.dataBytes(for: file)
            for (index, byte) in wire.enumerated() {
                if byte == 13 { #expect(index + 1 < wire.count && wire[index + 1] == 10) }
                if byte == 10 { #expect(index > 0 && wire[index - 1] == 13) }
            }
            let lines = String(decoding: wire, as: UTF8.self)
                .split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.last == "")
            #expect(lines.dropLast().last == ".")
            #expect(!lines.dropLast(2).contains("."), "file \(file)")
        }
    }

    @Test("a typed line is stuffed only when it starts with a dot", arguments: [
        ("x", "x\r\n", false), (".x", "..x\r\n", true), ("", "\r\n", false), ("..", "...\r\n", true),
    ])
    func stuff(_ line: String, _ wire: String, _ stuffed: Bool) {
        let result = SMTPMessageBody.stuff(Array(line.utf8))
        #expect(String(decoding: result.wire, as: UTF8.self) == wire)
        #expect(result.stuffed == stuffed)
    }
}
