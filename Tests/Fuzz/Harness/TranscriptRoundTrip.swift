import MailCore

/// Fuzzer bytes through the transcript reader, and through the writer and back.
///
/// Properties (a violation traps):
/// - reading any bytes returns a transcript or an error, never a crash;
/// - what was read, written as a mailrepl transcript, reads back: the same `C:`, `S:` and event entries, and the
///   same text when written again (comments may be normalised once, never twice);
/// - any bytes recorded as a server or client line, with or without CRLF, read back byte-exact.
public enum TranscriptRoundTrip {
    public static func run(_ data: [UInt8]) {
        readWriteRead(data)
        lineRoundTrip(data)
    }

    static func readWriteRead(_ data: [UInt8]) {
        guard let first = try? TranscriptReader.read(data, file: "fuzz input") else { return }
        let written = TranscriptWriter.text(of: first.entries)
        let again: Transcript
        do {
            again = try TranscriptReader.read(Array(written.utf8), file: "written")
        } catch {
            require(false, "a written transcript does not read back: \(error)")
            return
        }
        require(again.entries.filter(isProtocol) == first.entries.filter(isProtocol),
                "lines or events changed in writing and reading back")
        require(TranscriptWriter.text(of: again.entries) == written, "writing is not stable")
    }

    static func lineRoundTrip(_ data: [UInt8]) {
        let endsWithCRLF = data.first.map { $0 & 1 == 0 } ?? true
        let line = TranscriptLine(Array(data.dropFirst()), endsWithCRLF: endsWithCRLF)
        let entries = [TranscriptEntry.server(line, at: 1_234), TranscriptEntry.client(line)]
        let written = TranscriptWriter.text(of: entries)
        require(!written.utf8.contains { $0 < 0x20 && $0 != 10 }, "a control byte written into a transcript")
        guard let read = try? TranscriptReader.read(Array(written.utf8), file: "line") else {
            require(false, "a recorded line does not read back")
            return
        }
        require(read.entries == entries, "a recorded line changed: not byte-exact")
    }

    private static func isProtocol(_ entry: TranscriptEntry) -> Bool {
        if case .comment = entry.kind { return false }
        return true
    }
}
