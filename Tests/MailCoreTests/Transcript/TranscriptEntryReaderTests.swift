import MailCore
import Testing

/// A transcript read a piece at a time, as `replay` reads its file, gives what reading it whole gives.
@Suite("Transcript entry reader: a file read in pieces")
struct TranscriptEntryReaderTests {
    /// The entries and their line numbers, the text cut after every `cut`-th byte (0: given whole).
    static func readInPieces(_ text: [UInt8], cut: Int) throws(TranscriptReadError) -> ([TranscriptEntry], [Int]) {
        var reader = TranscriptEntryReader(file: "t")
        var entries: [TranscriptEntry] = []
        var numbers: [Int] = []
        let collect = { (entry: TranscriptEntry, number: Int) in
            entries.append(entry)
            numbers.append(number)
        }
        var start = 0
        while start < text.count {
            let end = cut == 0 ? text.count : min(start + cut, text.count)
            try reader.read(text[start..<end], collect)
            start = end
        }
        try reader.finish(collect)
        return (entries, numbers)
    }

    static let session = Array("""
        # mailrepl transcript 1\r
        # IMAP: one FETCH\r

        @0.000 * connect url=imap://127.0.0.1:143
        @0.002 S: * OK [CAPABILITY IMAP4rev1] ready
        @0.010 C: a001 LOGIN alice ‹redacted›
        @0.020 S: * 1 FETCH (BODY[] {7}
        @0.020 S: Hi\\x00\\x1B!
        @0.020 S: )
        @0.021 S: a001 OK done\\
        """.utf8)

    @Test("cut after every byte, or in blocks, the entries and line numbers are those read whole",
          arguments: [1, 2, 3, 7, 64, 0])
    func pieces(cut: Int) throws {
        let whole = try TranscriptReader.read(Self.session, file: "t")
        let (entries, numbers) = try Self.readInPieces(Self.session, cut: cut)
        #expect(entries == whole.entries)
        #expect(numbers == whole.lineNumbers)
        #expect(numbers == [2, 4, 5, 6, 7, 8, 9, 10])
        #expect(entries.last == .server(TranscriptLine("a001 OK done", endsWithCRLF: false), at: 21))
    }

    @Test("random transcripts read in random pieces are the entries written", arguments: 0..<100)
    func random(seed: Int) throws {
        var random = TranscriptRandom(seed: UInt64(seed))
        var entries: [TranscriptEntry] = [TranscriptEntry(.comment("case \(seed)"))]
        for _ in 0..<Int.random(in: 1...20, using: &random) {
            let line = TranscriptLine(random.awkwardBytes(), endsWithCRLF: Bool.random(using: &random))
            entries.append(Bool.random(using: &random) ? .server(line, at: seed) : .client(line))
        }
        let text = Array(TranscriptWriter.text(of: entries).utf8)
        let (read, _) = try Self.readInPieces(text, cut: Int.random(in: 1...50, using: &random))
        #expect(read == entries)
    }

    @Test("a file without the header, or with another version, is refused at its line")
    func header() {
        #expect(throws: TranscriptReadError.self) { try Self.readInPieces(Array("S: +OK\n".utf8), cut: 3) }
        #expect(throws: TranscriptReadError.self) { try Self.readInPieces([], cut: 0) }
        do {
            _ = try Self.readInPieces(Array("\n\n# mailrepl transcript 9\nS: +OK\n".utf8), cut: 5)
            Issue.record("version 9 was read")
        } catch {
            #expect(error.line == 3)
            #expect(error.expected.contains("version 1"))
        }
    }

    @Test("a line longer than the bound is refused, not held")
    func lineBound() {
        var reader = TranscriptEntryReader(file: "big")
        let header = Array("# mailrepl transcript 1\nS: ".utf8)
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1024 * 1024)
        var problem: TranscriptReadError?
        do {
            try reader.read(header[...]) { _, _ in }
            for _ in 0...(TranscriptEntryReader.lineLimit / block.count) {
                try reader.read(block[...]) { _, _ in }
            }
        } catch {
            problem = error
        }
        #expect(problem?.line == 2)
        #expect(problem?.expected.contains("shorter than 16 MiB") == true)
    }

    @Test("whether a file is a mailrepl transcript is told from its first line that is not blank")
    func sniffing() {
        #expect(TranscriptReader.isMailrepl(Array("\n  \r\n# mailrepl transcript 1\n".utf8)[...]))
        #expect(TranscriptReader.isMailrepl(Array("# mailrepl transcript 2".utf8)[...]))
        #expect(!TranscriptReader.isMailrepl(Array("  # mailrepl transcript 1\n".utf8)[...]))
        #expect(!TranscriptReader.isMailrepl(Array("S: 220 hi\n# mailrepl transcript 1\n".utf8)[...]))
        #expect(!TranscriptReader.isMailrepl([]))
    }
}
