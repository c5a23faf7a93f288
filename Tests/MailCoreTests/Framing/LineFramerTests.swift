import Testing
@testable import MailCore

@Suite("LineFramer")
struct LineFramerTests {
    /// A stream with every kind of frame: CRLF and bare-LF lines, a bare CR inside a line, a literal whose bytes
    /// hold CRLF and a line that looks like a tagged completion, a zero-length literal, and an unterminated end.
    static let mixedStream = [UInt8](ascii:
        "* OK ready\r\n"
        + "bare lf line\n"
        + "inner\rcarriage return\r\n"
        + "* 1 FETCH (BODY[] {24}\r\n"
        + "a001 OK done\r\nSubject: x"
        + ")\r\n"
        + "* 2 FETCH (BODY[] {0}\r\n"
        + ")\r\n"
        + "\r\n"
        + "a001 OK FETCH completed\r\n"
        + "unterminated")

    static let mixedFrames: [FramedItem] = [
        .line("* OK ready", .crlf, dropped: 0),
        .line("bare lf line", .lf, dropped: 0),
        .line("inner\rcarriage return", .crlf, dropped: 0),
        .line("* 1 FETCH (BODY[] {24}", .crlf, dropped: 0),
        .literal(Array("a001 OK done\r\nSubject: x".utf8)),
        .line(")", .crlf, dropped: 0),
        .line("* 2 FETCH (BODY[] {0}", .crlf, dropped: 0),
        .literal([]),
        .line(")", .crlf, dropped: 0),
        .line("", .crlf, dropped: 0),
        .line("a001 OK FETCH completed", .crlf, dropped: 0),
        .line("unterminated", .none, dropped: 0),
    ]

    @Test("every chunking of a stream gives the same frames", arguments: Chunking.all)
    func chunkingDoesNotMatter(_ chunking: Chunking) {
        #expect(FramedStream.frames(of: Self.mixedStream, chunking: chunking) == Self.mixedFrames)
    }

    @Test("random streams frame the same in every chunking, and lines keep within the bound", arguments: 0..<100)
    func randomStreams(_ seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let bound = 16 + Int.random(in: 0...24, using: &generator)
        let pieces = ["a", "b", " ", "\r", "\n", "\r\n", "{3}\r\n", "{0}\r\n", "{1}", "{2}\n", "x\r\r\n"]
        var stream: [UInt8] = []
        for _ in 0..<Int.random(in: 0...80, using: &generator) {
            let piece = pieces.randomElement(using: &generator) ?? ""
            stream += Array(piece.utf8)
            if Int.random(in: 0..<6, using: &generator) == 0 {
                stream += Array(String(repeating: "z", count: Int.random(in: 1...60, using: &generator)).utf8)
            }
        }
        let reference = FramedStream.frames(of: stream, chunking: .whole, maximumLineLength: bound)
        for chunking in Chunking.all {
            #expect(FramedStream.frames(of: stream, chunking: chunking, maximumLineLength: bound) == reference,
                    "chunking \(chunking) of \(String(decoding: stream, as: UTF8.self).debugDescription)")
        }
        var bytesAccountedFor = 0
        for item in reference {
            switch item {
            case .line(let text, let terminator, let dropped):
                #expect(text.utf8.count <= bound)
                bytesAccountedFor += text.utf8.count + dropped
                    + (terminator == .crlf ? 2 : terminator == .lf ? 1 : 0)
            case .literal(let bytes):
                bytesAccountedFor += bytes.count
            case .lineTooLong(let limit):
                #expect(limit == bound)
            }
        }
        #expect(bytesAccountedFor == stream.count)
    }

    @Test("terminators are reported as they were on the wire", arguments: [
        ("a\r\n", ServerLine.Terminator.crlf, "a"),
        ("a\n", .lf, "a"),
        ("a\r\r\n", .crlf, "a\r"),
        ("\r\n", .crlf, ""),
        ("\n", .lf, ""),
        ("a\rb\n", .lf, "a\rb"),
    ])
    func terminators(_ wire: String, _ terminator: ServerLine.Terminator, _ text: String) {
        var framer = LineFramer()
        framer.append(Array(wire.utf8))
        guard case .line(let line) = framer.next() else {
            Issue.record("no line from \(wire.debugDescription)")
            return
        }
        #expect(line.terminator == terminator)
        #expect(line.bytes == Array(text.utf8))
        #expect(line.wireBytes == Array(wire.utf8))
        #expect(framer.next() == nil)
        #expect(framer.bufferedCount == 0)
    }

    @Test("a partial line waits for its terminator")
    func partialLineWaits() {
        var framer = LineFramer()
        framer.append(Array("250-mail.exa".utf8))
        #expect(framer.next() == nil)
        framer.append(Array("mple.com\r".utf8))
        #expect(framer.next() == nil)
        framer.append([10])
        #expect(framer.next() == .line(ServerLine("250-mail.example.com")))
    }

    @Test("finish returns an unterminated last line once, and nothing when nothing is left")
    func finishUnterminated() {
        var framer = LineFramer()
        #expect(framer.finish() == nil)
        framer.append(Array("+OK bye".utf8))
        #expect(framer.next() == nil)
        #expect(framer.finish() == .line(ServerLine(Array("+OK bye".utf8), terminator: .none)))
        #expect(framer.finish() == nil)
        #expect(framer.bufferedCount == 0)
    }

    // MARK: - Over-long lines

    @Test("an over-long line is cut to the bound, reported once, its dropped bytes counted exactly",
          arguments: Chunking.all)
    func overLongLine(_ chunking: Chunking) {
        let long = String(repeating: "x", count: 100) + String(repeating: "y", count: 150)
        let stream = Array((long + "\r\nnext line\r\n").utf8)
        let frames = FramedStream.frames(of: stream, chunking: chunking, maximumLineLength: 100)
        #expect(frames == [
            .lineTooLong(limit: 100),
            .line(String(repeating: "x", count: 100), .crlf, dropped: 150),
            .line("next line", .crlf, dropped: 0),
        ])
    }

    @Test("a line of exactly the bound is not too long, whatever its terminator", arguments: ["\r\n", "\n"])
    func lineOfExactlyTheBound(_ terminator: String) {
        let text = String(repeating: "z", count: 64)
        for chunking in Chunking.all {
            let frames = FramedStream.frames(of: Array((text + terminator + "ok\r\n").utf8), chunking: chunking,
                                             maximumLineLength: 64)
            let expected: ServerLine.Terminator = terminator == "\n" ? .lf : .crlf
            #expect(frames == [.line(text, expected, dropped: 0), .line("ok", .crlf, dropped: 0)],
                    "chunking \(chunking)")
        }
    }

    @Test("one byte past the bound is too long, even when that byte is a bare CR", arguments: Chunking.all)
    func onePastTheBound(_ chunking: Chunking) {
        let text = String(repeating: "z", count: 64)
        let stream = Array((text + "!\r\n" + text + "\r\r\n" + text + "\r\n").utf8)
        let frames = FramedStream.frames(of: stream, chunking: chunking, maximumLineLength: 64)
        #expect(frames == [
            .lineTooLong(limit: 64),
            .line(text, .crlf, dropped: 1),
            .lineTooLong(limit: 64),
            .line(text, .crlf, dropped: 1),
            .line(text, .crlf, dropped: 0),
        ])
    }

    @Test("an over-long unterminated last line is cut to the bound at end of stream", arguments: Chunking.all)
    func overLongAtEndOfStream(_ chunking: Chunking) {
        let stream = Array((String(repeating: "q", count: 300) + "\r").utf8)
        let frames = FramedStream.frames(of: stream, chunking: chunking, maximumLineLength: 100)
        #expect(frames == [.lineTooLong(limit: 100), .line(String(repeating: "q", count: 100), .none, dropped: 201)])
    }

    @Test("ten megabytes without a line end keep memory bounded")
    func memoryStaysBounded() {
        let chunkSize = 4096
        let chunk = [UInt8](repeating: UInt8(ascii: "m"), count: chunkSize)
        let total = 10 * 1024 * 1024
        var framed = FramedStream()
        let bound = framed.framer.maximumLineLength
        for _ in 0..<(total / chunkSize) {
            framed.feed(chunk)
            #expect(framed.framer.bufferedCount <= bound + chunkSize)
            if framed.framer.bufferedCount > bound + chunkSize { return }
        }
        #expect(framed.peakBuffered <= bound + chunkSize)
        framed.feed(Array("\r\n* OK still here\r\n".utf8))
        #expect(framed.items == [
            .lineTooLong(limit: bound),
            .line(String(repeating: "m", count: bound), .crlf, dropped: total - bound),
            .line("* OK still here", .crlf, dropped: 0),
        ])
        #expect(framed.framer.bufferedCount == 0)
    }

    // MARK: - Literals

    @Test("a literal is exactly n bytes, whatever they contain, then lines resume", arguments: Chunking.all)
    func literalBytesAreOpaque(_ chunking: Chunking) {
        let content = "a001 OK done\r\n* BYE\r\n+ go\r\n{5}\r\n"
        let stream = Array(("* 3 FETCH (BODY[] {\(content.utf8.count)}\r\n" + content + " FLAGS (\\Seen))\r\n"
            + "a001 OK FETCH done\r\n").utf8)
        let frames = FramedStream.frames(of: stream, chunking: chunking)
        #expect(frames == [
            .line("* 3 FETCH (BODY[] {\(content.utf8.count)}", .crlf, dropped: 0),
            .literal(Array(content.utf8)),
            .line(" FLAGS (\\Seen))", .crlf, dropped: 0),
            .line("a001 OK FETCH done", .crlf, dropped: 0),
        ])
    }

    @Test("literal chunks come as bytes arrive and only the last is marked last")
    func literalChunks() {
        var framer = LineFramer()
        framer.append(Array("* 1 FETCH (BODY[] {6}\r\nab".utf8))
        #expect(framer.next() == .line(ServerLine("* 1 FETCH (BODY[] {6}")))
        framer.beginLiteral(length: 6)
        #expect(framer.next() == .literal(Array("ab".utf8), isLast: false))
        #expect(framer.next() == nil)
        framer.append(Array("\r\n".utf8))
        #expect(framer.next() == .literal([13, 10], isLast: false))
        framer.append(Array("cd)\r\n".utf8))
        #expect(framer.next() == .literal(Array("cd".utf8), isLast: true))
        #expect(framer.next() == .line(ServerLine(")")))
        #expect(framer.next() == nil)
    }

    @Test("a zero-length literal yields one empty last chunk")
    func zeroLengthLiteral() {
        var framer = LineFramer()
        framer.beginLiteral(length: 0)
        #expect(framer.next() == .literal([], isLast: true))
        #expect(framer.next() == nil)
        framer.append(Array(")\r\n".utf8))
        #expect(framer.next() == .line(ServerLine(")")))
    }

    @Test("a literal cut short by the end of the stream is returned as far as it came")
    func literalCutShort() {
        var framer = LineFramer()
        framer.append(Array("* 1 FETCH (BODY[] {10}\r\nabc".utf8))
        #expect(framer.next() == .line(ServerLine("* 1 FETCH (BODY[] {10}")))
        framer.beginLiteral(length: 10)
        #expect(framer.next() == .literal(Array("abc".utf8), isLast: false))
        framer.append(Array("de".utf8))
        #expect(framer.finish() == .literal(Array("de".utf8), isLast: false))
        #expect(framer.finish() == nil)
    }

    // MARK: - Drain

    @Test("drain returns every byte not yet framed and leaves the framer empty")
    func drain() {
        var framer = LineFramer()
        framer.append(Array("220 go ahead\r\n250 injected\r\npartial".utf8))
        #expect(framer.next() == .line(ServerLine("220 go ahead")))
        #expect(framer.drain() == Array("250 injected\r\npartial".utf8))
        #expect(framer.bufferedCount == 0)
        #expect(framer.next() == nil)
        #expect(framer.finish() == nil)
        framer.append(Array("250 after\r\n".utf8))
        #expect(framer.next() == .line(ServerLine("250 after")))
    }

    @Test("drain in the middle of an over-long line forgets it")
    func drainWhileDropping() {
        var framer = LineFramer(maximumLineLength: 16)
        framer.append([UInt8](repeating: 65, count: 40))
        #expect(framer.next() == .lineTooLong(limit: 16))
        #expect(framer.next() == nil)
        #expect(framer.drain().count == 16)
        framer.append(Array("fresh\r\n".utf8))
        #expect(framer.next() == .line(ServerLine("fresh")))
    }

    @Test("the buffer is compacted: many lines through one framer do not accumulate")
    func compaction() {
        var framer = LineFramer()
        for index in 0..<10_000 {
            framer.append(Array("* \(index) EXISTS\r\n".utf8))
            #expect(framer.next() == .line(ServerLine("* \(index) EXISTS")))
        }
        #expect(framer.bufferedCount == 0)
    }
}
