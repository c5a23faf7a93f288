/// Reads transcript text into entries: a mailrepl transcript (`# mailrepl transcript 1` first), swaks output,
/// or, without a header, `C:`/`S:` lines as in the RFCs' examples.
///
/// A mailrepl transcript is read byte-exactly (escapes undone, the no-line-end mark honoured). RFC-style text is
/// taken as it stands: no escapes, CRLF after every line, the whitespace after `C:`/`S:` dropped (the RFCs indent
/// for alignment), a line that is only a bracketed phrase (`S: <wait for connection on TCP port 110>`) is
/// narration, kept as a note, and SMTP message content, which the RFCs show as text, is dot-stuffed as a client
/// sends it. Errors name the file, the line and what was expected there.
public enum TranscriptReader {
    public static func read(_ contents: [UInt8], file: String) throws(TranscriptReadError) -> Transcript {
        if isMailrepl(contents[...]) {
            return try readMailrepl(contents, file: file)
        }
        let lines = FileLines.split(contents)
        guard let first = lines.first(where: { !FileLines.isBlank($0.bytes) }) else {
            return Transcript(source: .rfcStyle, entries: [])
        }
        if SwaksImport.looksLikeSwaks(first.bytes) {
            return try SwaksImport.read(lines, file: file)
        }
        return try readRFCStyle(lines, file: file)
    }

    /// Whether text starting with `head` is a mailrepl transcript: its first line that is not blank starts with
    /// `# mailrepl transcript `. `head` needs to reach only as far as that line.
    public static func isMailrepl(_ head: ArraySlice<UInt8>) -> Bool {
        var rest = head
        while !rest.isEmpty {
            let end = rest.firstIndex(of: 10) ?? rest.endIndex
            let line = rest[..<end]
            if !FileLines.isBlank(line.last == 13 ? line.dropLast() : line) {
                return line.starts(with: headerPrefix)
            }
            rest = rest[min(end + 1, rest.endIndex)...]
        }
        return false
    }

    static let headerPrefix = Array("# mailrepl transcript ".utf8)
    private static let clientMark = Array("C:".utf8)
    private static let serverMark = Array("S:".utf8)
    private static let eventMark = Array("* ".utf8)

    // MARK: - mailrepl transcripts

    private static func readMailrepl(_ contents: [UInt8], file: String) throws(TranscriptReadError) -> Transcript {
        var reader = TranscriptEntryReader(file: file)
        var entries: [TranscriptEntry] = []
        var numbers: [Int] = []
        let collect = { (entry: TranscriptEntry, number: Int) in
            entries.append(entry)
            numbers.append(number)
        }
        try reader.read(contents[...], collect)
        try reader.finish(collect)
        return Transcript(source: .mailrepl(version: TranscriptWriter.version), entries: entries,
                          lineNumbers: numbers)
    }

    static func entry(_ text: ArraySlice<UInt8>, number: Int,
                              file: String) throws(TranscriptReadError) -> TranscriptEntry {
        func fail(_ expected: String) -> TranscriptReadError {
            TranscriptReadError(file: file, line: number, expected: expected, found: Array(text))
        }
        if text.first == UInt8(ascii: "#") {
            var comment = text.dropFirst()
            if comment.first == UInt8(ascii: " ") { comment = comment.dropFirst() }
            return TranscriptEntry(.comment(String(decoding: comment, as: UTF8.self)))
        }
        var rest = text
        var milliseconds: Int?
        if rest.first == UInt8(ascii: "@") {
            let token = rest.prefix { $0 != UInt8(ascii: " ") }
            guard let time = TranscriptTime.parse(token.dropFirst()),
                  token.endIndex < rest.endIndex else {
                throw fail("a time such as @12.345 (seconds, up to three decimals) and a space")
            }
            milliseconds = time
            rest = rest[(token.endIndex + 1)...]
        }
        if rest.starts(with: clientMark) || rest.starts(with: serverMark) {
            let isClient = rest.first == UInt8(ascii: "C")
            var data = rest.dropFirst(2)
            if !data.isEmpty {
                guard data.first == UInt8(ascii: " ") else { throw fail("a space after \(isClient ? "C:" : "S:")") }
                data = data.dropFirst()
            }
            let line = dataLine(data)
            return TranscriptEntry(isClient ? .client(line) : .server(line), milliseconds: milliseconds)
        }
        if rest.starts(with: eventMark) {
            switch TranscriptEventText.parse(rest.dropFirst(2)) {
            case .success(let event): return .event(event, at: milliseconds)
            case .failure(let problem): throw fail(problem.expected)
            }
        }
        throw fail("C: (client), S: (server), * (an event) or # (a comment)")
    }

    /// The bytes after `C: `: the no-line-end mark, redaction markers, escapes.
    static func dataLine(_ data: ArraySlice<UInt8>) -> TranscriptLine {
        var text = data
        var endsWithCRLF = true
        if text.last == TranscriptEscaping.backslash {
            endsWithCRLF = false
            text = text.dropLast()
        }
        guard ByteScan.firstIndex(of: TranscriptLine.markerBytes[0], in: text) != nil else {
            return TranscriptLine(TranscriptEscaping.decode(text), endsWithCRLF: endsWithCRLF)
        }
        let pieces = TranscriptLine.splitAtMarkers(text).map { piece -> TranscriptLine.Piece in
            if case .bytes(let raw) = piece { return .bytes(TranscriptEscaping.decode(raw[...])) }
            return piece
        }
        return TranscriptLine(pieces: pieces, endsWithCRLF: endsWithCRLF)
    }

    // MARK: - RFC-style text

    private static func readRFCStyle(_ lines: [FileLines.Line],
                                     file: String) throws(TranscriptReadError) -> Transcript {
        var entries: [TranscriptEntry] = []
        var numbers: [Int] = []
        for line in lines where !FileLines.isBlank(line.bytes) {
            let text = line.bytes.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if text.first == UInt8(ascii: "#") {
                entries.append(TranscriptEntry(.comment(String(decoding: text.dropFirst().drop { $0 == 32 },
                                                              as: UTF8.self))))
                numbers.append(line.number)
                continue
            }
            guard text.starts(with: Array("C:".utf8)) || text.starts(with: Array("S:".utf8)) else {
                throw TranscriptReadError(
                    file: file, line: line.number,
                    expected: "a line starting with C: or S: (an RFC-style example), or the header "
                        + "`\(TranscriptWriter.header)` on the first line",
                    found: line.bytes)
            }
            let isClient = text.first == UInt8(ascii: "C")
            let data = Array(text.dropFirst(2).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            if isNarration(data) {
                entries.append(.event(.note(String(decoding: data, as: UTF8.self))))
            } else {
                let line = TranscriptLine(pieces: TranscriptLine.splitAtMarkers(data[...]))
                entries.append(TranscriptEntry(isClient ? .client(line) : .server(line)))
            }
            numbers.append(line.number)
        }
        let transcript = Transcript(source: .rfcStyle, entries: entries, lineNumbers: numbers)
        guard transcript.mailProtocol == .smtp else { return transcript }
        return Transcript(source: .rfcStyle, entries: stuffingMessageContent(entries), lineNumbers: numbers)
    }

    /// The RFCs show SMTP message content as the message's text (RFC 5321 D.1: `C: ...etc. etc. etc.`); on the
    /// wire a leading dot is doubled (§4.5.2). Content lines become what a client sends, as in every transcript.
    private static func stuffingMessageContent(_ entries: [TranscriptEntry]) -> [TranscriptEntry] {
        var dialect = SMTPDialect()
        return entries.map { entry in
            switch entry.kind {
            case .server(let line):
                _ = dialect.receive(ServerLine(line.shown))
                return entry
            case .client(let line):
                let inContent = dialect.phase == .messageBody
                _ = dialect.submit(line.shown)
                guard inContent, line.shown.first == UInt8(ascii: "."), line.shown != [UInt8(ascii: ".")],
                      let bytes = line.bytes else { return entry }
                return TranscriptEntry(.client(TranscriptLine([UInt8(ascii: ".")] + bytes)),
                                       milliseconds: entry.milliseconds)
            default:
                return entry
            }
        }
    }

    /// `<open connection>`, `<wait for next connection>`: the RFCs' stage directions, not protocol lines.
    static func isNarration(_ data: [UInt8]) -> Bool {
        data.first == UInt8(ascii: "<") && data.last == UInt8(ascii: ">") && data.contains(UInt8(ascii: " "))
            && !data.dropFirst().dropLast().contains(UInt8(ascii: "<"))
    }
}

/// The lines of a file, numbered from 1, without their line ends (LF or CRLF).
enum FileLines {
    struct Line {
        var number: Int
        var bytes: [UInt8]
    }

    static func split(_ contents: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        var number = 1
        while start < contents.count {
            let end = contents[start...].firstIndex(of: 10) ?? contents.count
            var bytes = Array(contents[start..<end])
            if bytes.last == 13 {
                bytes.removeLast()
            }
            lines.append(Line(number: number, bytes: bytes))
            number += 1
            start = end + 1
        }
        return lines
    }

    static func isBlank<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}
