import MailCore
import Testing

/// Whatever bytes a session carries, writing a transcript and reading it back gives the same bytes.
@Suite("Transcript: write and read round-trip")
struct TranscriptRoundTripTests {
    static func roundTrip(_ entries: [TranscriptEntry]) throws -> [TranscriptEntry] {
        let text = TranscriptWriter.text(of: entries)
        return try TranscriptReader.read(Array(text.utf8), file: "t").entries
    }

    @Test("random lines, redactions, events and times round-trip exactly", arguments: 0..<300)
    func randomEntries(seed: Int) throws {
        var random = TranscriptRandom(seed: UInt64(seed))
        var entries: [TranscriptEntry] = [TranscriptEntry(.comment("random case \(seed)"))]
        for _ in 0..<Int.random(in: 1...12, using: &random) {
            let time = Bool.random(using: &random) ? Int.random(in: 0...10_000_000, using: &random) : nil
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1:
                let endsWithCRLF = Int.random(in: 0..<4, using: &random) > 0
                let line = TranscriptLine(random.awkwardBytes(), endsWithCRLF: endsWithCRLF)
                entries.append(.server(line, at: time))
            case 2, 3:
                var pieces: [TranscriptLine.Piece] = []
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    pieces.append(Int.random(in: 0..<3, using: &random) == 0 ? .redacted
                                  : .bytes(random.awkwardBytes(maximumCount: 12)))
                }
                entries.append(.client(TranscriptLine(pieces: pieces, endsWithCRLF: Bool.random(using: &random)),
                                       at: time))
            case 4:
                let attributes = (0..<Int.random(in: 0...3, using: &random)).map { index in
                    TranscriptAttribute(key: "k\(index)", value: random.awkwardBytes(maximumCount: 10))
                }
                entries.append(.event(.other(name: "future-event", attributes: attributes), at: time))
            default:
                entries.append(.event(.discarded(random.awkwardBytes()), at: time))
            }
        }
        #expect(try Self.roundTrip(entries) == entries)
    }

    @Test("a random server byte stream, framed as the engine frames it, is the same stream after reading",
          arguments: 0..<200)
    func randomStream(seed: Int) throws {
        var random = TranscriptRandom(seed: UInt64(seed) &* 7919)
        var stream: [UInt8] = []
        for _ in 0..<Int.random(in: 0...20, using: &random) {
            stream += random.awkwardBytes(maximumCount: 30)
        }
        var framer = LineFramer(maximumLineLength: 1 << 20)
        framer.append(stream)
        var entries: [TranscriptEntry] = []
        while let frame = framer.next() {
            if case .line(let line) = frame { entries.append(.server(TranscriptLine(line))) }
        }
        while let frame = framer.finish() {
            if case .line(let line) = frame { entries.append(.server(TranscriptLine(line))) }
        }
        let read = try Self.roundTrip(entries)
        let bytes = read.flatMap { entry -> [UInt8] in
            guard case .server(let line) = entry.kind else { return [] }
            return line.wire ?? []
        }
        #expect(bytes == stream)
    }

    @Test("every single byte value round-trips, with and without a line end")
    func everyByte() throws {
        for value in 0...255 {
            for endsWithCRLF in [true, false] {
                let entry = TranscriptEntry.server(TranscriptLine([UInt8(value)], endsWithCRLF: endsWithCRLF))
                #expect(try Self.roundTrip([entry]) == [entry], "byte \(value)")
            }
        }
    }

    @Test("known events round-trip with their meaning")
    func events() throws {
        let tls = TranscriptTLS(version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", subject: "CN = localhost",
                                issuer: "CN = Test \"CA\"", notBefore: "2026-01-01 00:00:00 UTC",
                                notAfter: "2027-01-01 00:00:00 UTC", names: ["DNS:localhost", "IP:127.0.0.1"],
                                verified: true, verifyResult: "ok", verifyCode: 0, host: "127.0.0.1")
        let entries: [TranscriptEntry] = [
            .event(.connect(url: "imaps://[::1]:993"), at: 0),
            .event(.connected(address: "::1", elapsedMicroseconds: 412), at: 1),
            .event(.tls(tls), at: 20),
            .event(.redacted(what: "password")),
            .event(.note("asking for capabilities again")),
            .event(.dropped(count: 70_000)),
            .event(.close(.client)), .event(.close(.server)), .event(.close(.unexpected(midResponse: true))),
            .event(.close(.unexpected(midResponse: false))), .event(.close(.failed("reset by peer"))),
        ]
        #expect(try Self.roundTrip(entries) == entries)
    }

    @Test("what a person reads: RFC notation, IMAP flags unescaped, secrets as the marker")
    func readable() {
        let lines = [
            TranscriptEntry.server(TranscriptLine("* FLAGS (\\Answered \\Seen)")),
            .client(TranscriptLine(shown: Array("a001 LOGIN alice ‹redacted›".utf8), isSecret: true)),
            .server(TranscriptLine(ServerLine(Array("bare".utf8), terminator: .lf))),
            .server(TranscriptLine(ServerLine(Array("cut".utf8), terminator: .none))),
            .server(TranscriptLine("ends in space ")),
            .server(TranscriptLine("Grüße \u{1B}[2J ‹redacted›")),
            .server(TranscriptLine("C:\\x41 \\")),
            .client(TranscriptLine("")),
        ].map(TranscriptWriter.line(for:))
        #expect(lines == [
            "S: * FLAGS (\\Answered \\Seen)",
            "C: a001 LOGIN alice ‹redacted›",
            "S: bare\\x0A\\",
            "S: cut\\",
            "S: ends in space\\x20",
            "S: Grüße \\x1B[2J \\xE2\\x80\\xB9redacted›",
            "S: C:\\x5Cx41 \\x5C",
            "C:",
        ])
    }
}
