import MailCore
import MailNet

/// Turns session events into the lines a person reads: `C:` for what was sent, `S:` for what the server said
/// (coloured by meaning, every byte made terminal-safe), `*` for mailrepl's own messages and `!` for warnings.
///
/// The renderer only formats; the caller decides where the lines go (the line editor, or standard output).
public struct Renderer {
    public var palette: Palette
    /// Explanations to print under a server line (indented); the knowledge base plugs in here.
    public var explain: ((ServerLine, Reception) -> [String])?
    /// Said after "connection closed" at a prompt, where the session can be opened again.
    public var closeHint: String?
    /// A literal's bytes that do not yet end in a line feed.
    private var literalLine: [UInt8] = []
    /// Longest piece of a literal line held before it is shown anyway; keeps memory bounded.
    private let literalLineLimit = 4096

    public init(palette: Palette) {
        self.palette = palette
    }

    public mutating func render(_ event: SessionEvent) -> [String] {
        switch event {
        case .connecting(let target):
            return [own("connecting to \(target.authority) (\(target.mailProtocol.displayName)"
                        + (target.security == .implicitTLS ? " over implicit TLS)" : ")"))]
        case .connected(let info):
            var lines = info.failedAttempts.map { warning("could not connect to \($0.address): \($0.reason)") }
            let address = info.remoteAddress.contains(":") ? "[\(info.remoteAddress)]" : info.remoteAddress
            lines.append(own("connected to \(info.host):\(info.port) (\(address)) in \(Self.milliseconds(info.elapsed))"))
            return lines
        case .sent(let submission, let shown):
            var line = palette.paint("C: ", .note) + palette.paint(TerminalSafeText.escape(shown), .client)
            if let note = submission.note {
                line += palette.paint("   (\(note))", .note)
            }
            return [line]
        case .held(let count):
            return [own(count == 1 ? "held until the server answers" : "\(count) lines held until the server answers")]
        case .received(let line, let reception):
            let flushed = flushLiteral()
            return flushed.isEmpty ? renderReceived(line, reception) : flushed + renderReceived(line, reception)
        case .literal(let bytes, let isLast):
            return renderLiteral(bytes, isLast: isLast)
        case .lineTooLong(let limit):
            return [warning("the server sent a line longer than \(limit) bytes: showing the first \(limit), "
                            + "dropping the rest of it")]
        case .tlsStarted(let summary):
            return summary.lines.map { own(TerminalSafeText.escape($0)) }
        case .injectionDiscarded(let bytes):
            return [
                warning("possible STARTTLS injection: \(bytes.count) bytes arrived after the go-ahead and before TLS; "
                        + "discarded unread (RFC 3207 §4.2, CVE-2021-22947)"),
                warning("discarded: " + TerminalSafeText.escape(bytes.prefix(200))
                        + (bytes.count > 200 ? " …" : "")),
            ]
        case .notice(let text):
            return [own(text)]
        case .closed(let reason):
            return flushLiteral() + [own(UserMessage.describe(reason) + (closeHint.map { " " + $0 } ?? ""))]
        }
    }

    /// Renders a server line or a literal chunk, what a body is made of, straight into `out`: the lines
    /// `render(_:)` gives, each followed by LF, without a String and an array for every line (half the cost of
    /// showing a large body). False for any other event, which `render(_:)` handles.
    public mutating func render(_ event: SessionEvent, appendingTo out: inout [UInt8]) -> Bool {
        let palette = self.palette
        switch event {
        case .received(let line, let reception):
            flushLiteralLine { text, note in Self.appendLiteralLine(text, note: note, palette: palette, to: &out) }
            Self.appendServerLine(line.bytes[...], Palette.role(for: reception.kind),
                                  ending: terminatorNote(line.terminator), palette: palette, to: &out)
            out.append(10)
            for note in notes(line, reception) {
                out.append(contentsOf: note.utf8)
                out.append(10)
            }
            return true
        case .literal(let bytes, let isLast):
            literalLines(bytes, isLast: isLast) { text, note in
                Self.appendLiteralLine(text, note: note, palette: palette, to: &out)
            }
            return true
        default:
            return false
        }
    }

    private func renderReceived(_ line: ServerLine, _ reception: Reception) -> [String] {
        [Self.serverLine(line.bytes[...], Palette.role(for: reception.kind), ending: terminatorNote(line.terminator),
                         palette: palette)] + notes(line, reception)
    }

    private func terminatorNote(_ terminator: ServerLine.Terminator) -> String {
        switch terminator {
        case .crlf: return ""
        case .lf: return palette.paint(" [bare LF]", .note)
        case .none: return palette.paint(" [no line end]", .note)
        }
    }

    /// The lines under a server line: bytes dropped, the dialect's warning, explanations.
    private func notes(_ line: ServerLine, _ reception: Reception) -> [String] {
        var lines: [String] = []
        if line.droppedBytes > 0 {
            lines.append(warning("\(line.droppedBytes) more bytes of this line were dropped"))
        }
        if let problem = reception.warning {
            lines.append(warning(problem))
        }
        if let explain {
            // An annotation starting with "! " is a warning (an IMAP ALERT), shown as prominently as one.
            lines += explain(line, reception).map { note in
                note.hasPrefix("! ") ? warning(String(note.dropFirst(2))) : palette.paint("   " + note, .explanation)
            }
        }
        return lines
    }

    private mutating func renderLiteral(_ bytes: [UInt8], isLast: Bool) -> [String] {
        var lines: [String] = []
        let palette = self.palette
        literalLines(bytes, isLast: isLast) { text, note in
            lines.append(Self.serverLine(text, .data, palette: palette) + note)
        }
        return lines
    }

    private mutating func flushLiteral() -> [String] {
        var lines: [String] = []
        let palette = self.palette
        flushLiteralLine { text, note in
            lines.append(Self.serverLine(text, .data, palette: palette) + note)
        }
        return lines
    }

    /// Cuts literal bytes into the lines to show: `emit` gets each line's bytes (without CR LF) and the note that
    /// follows it, or "". A piece without a line end waits for the next chunk, up to `literalLineLimit` bytes.
    private mutating func literalLines(_ bytes: [UInt8], isLast: Bool,
                                       _ emit: (ArraySlice<UInt8>, String) -> Void) {
        var start = 0
        while let lineFeed = ByteScan.firstIndex(of: 10, in: bytes[start...]) {
            if literalLine.isEmpty {
                // The common case, a whole line inside this chunk: shown from the chunk, without a copy first.
                let end = lineFeed > start && bytes[lineFeed - 1] == 13 ? lineFeed - 1 : lineFeed
                emit(bytes[start..<end], "")
            } else {
                literalLine += bytes[start..<lineFeed]
                if literalLine.last == 13 {
                    literalLine.removeLast()
                }
                emit(literalLine[...], "")
                literalLine.removeAll(keepingCapacity: true)
            }
            start = lineFeed + 1
        }
        literalLine += bytes[start...]
        if literalLine.count > literalLineLimit {
            emit(literalLine[...], palette.paint(" [line continues]", .note))
            literalLine.removeAll(keepingCapacity: true)
        }
        if isLast {
            flushLiteralLine(emit)
        }
    }

    /// A literal that ended mid-line (or a server line that came before its end): what is held, shown now.
    private mutating func flushLiteralLine(_ emit: (ArraySlice<UInt8>, String) -> Void) {
        guard !literalLine.isEmpty else { return }
        emit(literalLine[...], palette.paint(" [literal ends here, mid-line]", .note))
        literalLine.removeAll(keepingCapacity: true)
    }

    private static let serverPrefix = Array("S: ".utf8)

    private static func appendLiteralLine(_ bytes: ArraySlice<UInt8>, note: String, palette: Palette,
                                          to out: inout [UInt8]) {
        appendServerLine(bytes, .data, palette: palette, to: &out)
        if !note.isEmpty {
            out.append(contentsOf: note.utf8)
        }
        out.append(10)
    }

    /// `S: ` and the bytes made terminal-safe, painted in `role` with `ending` inside the paint. Built in one piece
    /// (one allocation for a plain line): a large body is hundreds of thousands of these.
    private static func serverLine(_ bytes: ArraySlice<UInt8>, _ role: Palette.Role, ending: String = "",
                                   palette: Palette) -> String {
        let label = palette.paint("S: ", .note)
        guard !bytes.isEmpty else { return label + palette.paint(ending, role) }
        guard palette.isEnabled else { return TerminalSafeText.escape(bytes, prefix: label, suffix: ending) }
        let (opening, closing) = palette.codes(for: role)
        return TerminalSafeText.escape(bytes, prefix: label + opening, suffix: ending + closing)
    }

    /// `serverLine` written into `out` (without a line end).
    private static func appendServerLine(_ bytes: ArraySlice<UInt8>, _ role: Palette.Role, ending: String = "",
                                         palette: Palette, to out: inout [UInt8]) {
        guard palette.isEnabled else {
            // Without colour a body line is its prefix and its escaped bytes: no strings to build or append.
            out.append(contentsOf: serverPrefix)
            TerminalSafeText.append(bytes, to: &out)
            if !ending.isEmpty {
                out.append(contentsOf: ending.utf8)
            }
            return
        }
        let (noteOpening, reset) = palette.codeBytes(for: .note)
        out.append(contentsOf: noteOpening)
        out.append(contentsOf: serverPrefix)
        out.append(contentsOf: reset)
        guard !bytes.isEmpty else {
            out.append(contentsOf: palette.paint(ending, role).utf8)
            return
        }
        let (opening, closing) = palette.codeBytes(for: role)
        out.append(contentsOf: opening)
        TerminalSafeText.append(bytes, to: &out)
        out.append(contentsOf: ending.utf8)
        out.append(contentsOf: closing)
    }

    public func own(_ text: String) -> String {
        palette.paint("* " + text, .own)
    }

    public func warning(_ text: String) -> String {
        palette.paint("! " + text, .warning)
    }

    /// Whole milliseconds, or tenths below ten (a loopback connect takes a fraction of one).
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = seconds * 10_000 + attoseconds / 100_000_000_000_000
        return tenths < 100 ? "\(tenths / 10).\(tenths % 10) ms" : "\(tenths / 10) ms"
    }
}
