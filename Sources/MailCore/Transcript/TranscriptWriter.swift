/// Turns transcript entries into the lines of a transcript file (docs/transcript-format.md).
///
///     # mailrepl transcript 1
///     # SMTP submission: STARTTLS, then AUTH PLAIN
///     @0.000 * connect url=smtp://127.0.0.1:587
///     @0.011 S: 220 mail.example.test ESMTP Postfix
///     @0.012 C: EHLO client.example
///
/// Each entry becomes one line, so a recorder can write each as it happens. Lines are returned without their
/// line end; a file ends every line with LF.
public enum TranscriptWriter {
    public static let version = 1
    public static let header = "# mailrepl transcript \(version)"

    public static func line(for entry: TranscriptEntry) -> String {
        let time = entry.milliseconds.map { "@" + TranscriptTime.text(max(0, $0)) + " " } ?? ""
        switch entry.kind {
        case .client(let line):
            return time + "C:" + data(line)
        case .server(let line):
            return time + "S:" + data(line)
        case .event(let event):
            return time + "* " + event.name + event.attributes.map { " " + attribute($0) }.joined()
        case .comment(let text):
            return "#" + (text.isEmpty ? "" : " " + commentText(text))
        }
    }

    /// Appends the line for `entry` and a line feed to `out`: `line(for:)` built as bytes for the lines a server
    /// and a client send, which a recording of a large body writes hundreds of thousands of.
    public static func appendLine(for entry: TranscriptEntry, to out: inout [UInt8]) {
        let mark: UInt8
        let data: TranscriptLine
        switch entry.kind {
        case .client(let line):
            (mark, data) = (UInt8(ascii: "C"), line)
        case .server(let line):
            (mark, data) = (UInt8(ascii: "S"), line)
        case .event, .comment:
            out.append(contentsOf: line(for: entry).utf8)
            out.append(10)
            return
        }
        if let milliseconds = entry.milliseconds {
            out.append(UInt8(ascii: "@"))
            TranscriptTime.append(max(0, milliseconds), to: &out)
            out.append(UInt8(ascii: " "))
        }
        out.append(mark)
        out.append(UInt8(ascii: ":"))
        appendData(data, to: &out)
        out.append(10)
    }

    /// The whole transcript as file text: the header, then one line per entry, each ending in LF.
    public static func text(of entries: [TranscriptEntry]) -> String {
        ([header] + entries.map(line(for:))).map { $0 + "\n" }.joined()
    }

    /// The text after `C:`/`S:`: a space and the escaped bytes (none for an empty line), with redactions as the
    /// marker, and a final backslash when no CRLF followed the bytes on the wire.
    static func data(_ line: TranscriptLine) -> String {
        var out: [UInt8] = []
        appendData(line, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendData(_ line: TranscriptLine, to out: inout [UInt8]) {
        guard !line.pieces.isEmpty || !line.endsWithCRLF else { return }
        out.append(UInt8(ascii: " "))
        for (index, piece) in line.pieces.enumerated() {
            switch piece {
            case .bytes(let bytes):
                let isLast = index == line.pieces.count - 1
                TranscriptEscaping.encode(bytes[...], atLineEnd: isLast, to: &out)
            case .redacted:
                out.append(contentsOf: TranscriptLine.markerBytes)
            }
        }
        if !line.endsWithCRLF {
            out.append(TranscriptEscaping.backslash)
        }
    }

    static func attribute(_ attribute: TranscriptAttribute) -> String {
        let value = attribute.value
        let isBare = !value.isEmpty && value.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
        }
        if isBare {
            return attribute.key + "=" + String(decoding: value, as: UTF8.self)
        }
        return attribute.key + "=\"" + TranscriptEscaping.encode(value[...], atLineEnd: false, inQuotes: true) + "\""
    }

    /// Comments are free text for people; control characters become spaces so that one comment stays one line.
    static func commentText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 ? " " : scalar
        }))
    }
}
