/// Reads a mailrepl transcript a piece at a time: bytes go in as they come from the file, entries come out as
/// each line is complete. A replay of a million-line recording so holds one line of it, never the whole file.
///
/// The first line that is not blank must be the header, `# mailrepl transcript 1`; `TranscriptReader` decides
/// beforehand whether a file is one. Lines end in LF or CRLF; a last line without one is read by `finish`.
public struct TranscriptEntryReader {
    /// Longest line accepted. The recorder writes a server line of at most 64 KiB, four bytes for each escaped
    /// one: anything much longer is not a transcript, and holding it would let a file take any amount of memory.
    public static let lineLimit = 16 * 1024 * 1024

    public let file: String
    private var partial: [UInt8] = []
    private var lineNumber = 0
    private var headerSeen = false

    public init(file: String) {
        self.file = file
    }

    /// Reads `chunk`, the next bytes of the file; `entry` gets each complete entry with its line number.
    public mutating func read(_ chunk: ArraySlice<UInt8>,
                              _ entry: (TranscriptEntry, Int) -> Void) throws(TranscriptReadError) {
        var start = chunk.startIndex
        while let lineFeed = ByteScan.firstIndex(of: 10, in: chunk[start...]) {
            if partial.isEmpty {
                try line(chunk[start..<lineFeed], entry)
            } else {
                partial += chunk[start..<lineFeed]
                let whole = partial
                partial.removeAll(keepingCapacity: true)
                try line(whole[...], entry)
            }
            start = lineFeed + 1
        }
        partial += chunk[start...]
        if partial.count > Self.lineLimit {
            throw TranscriptReadError(file: file, line: lineNumber + 1,
                                      expected: "a line shorter than \(Self.lineLimit / 1024 / 1024) MiB",
                                      found: Array(partial.prefix(200)))
        }
    }

    /// The file has ended: reads a last line that had no line end, and checks that there was a header.
    public mutating func finish(_ entry: (TranscriptEntry, Int) -> Void) throws(TranscriptReadError) {
        if !partial.isEmpty {
            let last = partial
            partial = []
            try line(last[...], entry)
        }
        if !headerSeen {
            throw TranscriptReadError(file: file, line: max(lineNumber, 1),
                                      expected: "the header `\(TranscriptWriter.header)`", found: [])
        }
    }

    private mutating func line(_ raw: ArraySlice<UInt8>,
                               _ entry: (TranscriptEntry, Int) -> Void) throws(TranscriptReadError) {
        lineNumber += 1
        let bytes = raw.last == 13 ? raw.dropLast() : raw
        if FileLines.isBlank(bytes) {
            return
        }
        guard headerSeen else {
            try checkHeader(bytes)
            headerSeen = true
            return
        }
        entry(try TranscriptReader.entry(bytes, number: lineNumber, file: file), lineNumber)
    }

    private func checkHeader(_ bytes: ArraySlice<UInt8>) throws(TranscriptReadError) {
        guard bytes.starts(with: TranscriptReader.headerPrefix) else {
            throw TranscriptReadError(file: file, line: lineNumber,
                                      expected: "the header `\(TranscriptWriter.header)`", found: Array(bytes))
        }
        guard bytes.dropFirst(TranscriptReader.headerPrefix.count).elementsEqual(String(TranscriptWriter.version).utf8)
        else {
            throw TranscriptReadError(
                file: file, line: lineNumber,
                expected: "version \(TranscriptWriter.version) in the header (`\(TranscriptWriter.header)`); "
                    + "a newer mailrepl may read this file",
                found: Array(bytes))
        }
    }
}
