import Foundation
import MailCore
import MailNet
import Testing

/// The recorder fed session events directly: what reaches the file, byte for byte.
@Suite("Transcript recorder")
struct TranscriptRecorderTests {
    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID()).transcript").path
    }

    func read(_ path: String) throws -> Transcript {
        try TranscriptReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
    }

    @Test("server lines and literal chunks of any bytes come back as the same byte stream", arguments: 0..<40)
    func literalsRoundTrip(seed: Int) throws {
        var generator = Seeded(seed: UInt64(seed) + 1)
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let recorder = try TranscriptRecorder(path: file)
        var stream: [UInt8] = []
        let header = ServerLine("* 1 FETCH (BODY[] {n}")
        recorder.record(.received(header, Reception(kind: .untagged)))
        stream += header.wireBytes
        let literal: [UInt8] = (0..<Int.random(in: 0...6000, using: &generator)).map { _ in
            [0, 10, 13, 46, 92, 0xFF, 0xE2].randomElement(using: &generator) ?? UInt8(0)
        }
        var offset = 0
        while offset < literal.count {
            let size = min(literal.count - offset, Int.random(in: 1...700, using: &generator))
            recorder.record(.literal(Array(literal[offset..<(offset + size)]),
                                     isLast: offset + size == literal.count))
            offset += size
        }
        stream += literal
        let tail = ServerLine(Array(")".utf8), terminator: .lf)
        recorder.record(.received(tail, Reception(kind: .untagged)))
        stream += tail.wireBytes
        recorder.record(.closed(.byServerUnexpectedly(midResponse: false)))
        recorder.stop()
        let entries = try read(file).entries
        let bytes = entries.flatMap { entry -> [UInt8] in
            if case .server(let line) = entry.kind { return line.wire ?? [] }
            return []
        }
        #expect(bytes == stream, "seed \(seed)")
        #expect(entries.last == .event(.close(.unexpected(midResponse: false)), at: entries.last?.milliseconds))
    }

    @Test("body lines reach the file when their read is done, a complete response and anything else at once")
    func whenLinesReachTheFile() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let recorder = try TranscriptRecorder(path: file)
        func lines() throws -> [String] {
            try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map {
                String($0.drop { $0 != "S" && $0 != "C" && $0 != "*" && $0 != "#" })
            }
        }
        recorder.record(.received(ServerLine("+OK message follows"), Reception(kind: .success)))
        recorder.record(.received(ServerLine("Subject: hello"), Reception(kind: .data)))
        #expect(try lines() == ["# mailrepl transcript 1"])
        recorder.flush()
        #expect(try lines().suffix(2) == ["S: +OK message follows", "S: Subject: hello"])
        recorder.record(.received(ServerLine("."), Reception(kind: .data, completion: .response)))
        #expect(try lines().last == "S: .")
        recorder.record(.literal(Array("part of a literal\r\n".utf8), isLast: false))
        recorder.record(.notice("a note"))
        #expect(try lines().suffix(2) == ["S: part of a literal", "* note text=\"a note\""])
        // However long a read, what is held back stays bounded.
        for number in 0..<5000 {
            recorder.record(.received(ServerLine("body line \(number) of a long read"), Reception(kind: .data)))
        }
        #expect(try lines().count > 1000)
        recorder.stop()
        #expect(try lines().last == "S: body line 4999 of a long read")
    }

    @Test("a secret line is written as its shown form with a redacted event before it; the wire never")
    func secrets() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let recorder = try TranscriptRecorder(path: file, description: "secrets")
        var dialect = IMAPDialect()
        _ = dialect.receive(ServerLine("* OK ready"))
        let submission = dialect.submit(Array("LOGIN alice s3cr3t-PASSWORD".utf8))
        recorder.record(.sent(submission, shown: Redaction.shownForm(of: submission)))
        recorder.stop()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("s3cr3t"))
        #expect(text.hasPrefix("# mailrepl transcript 1\n# secrets\n"))
        #expect(text.contains(" * redacted what=password\n"))
        #expect(text.contains(" C: a001 LOGIN alice ‹redacted›\n"))
    }

    @Test("the file is new, mode 0600; an existing one, or a link, is refused")
    func creation() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try TranscriptRecorder(path: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: RecordingError.fileExists(path: file)) { try TranscriptRecorder(path: file) }
        let link = path()
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file + ".target")
        defer { try? FileManager.default.removeItem(atPath: link) }
        #expect(throws: RecordingError.fileExists(path: link)) { try TranscriptRecorder(path: link) }
        #expect(!FileManager.default.fileExists(atPath: file + ".target"))
    }
}

/// A small seeded generator (xorshift64*), so a failing case runs again from its seed.
struct Seeded: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
