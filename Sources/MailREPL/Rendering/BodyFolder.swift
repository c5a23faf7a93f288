/// Folds long message bodies at the prompt: the first `limit` lines of a body are shown, the rest go to a private
/// spool file instead of the screen, and where the body ends one line says how much was folded and how to see it.
///
/// It is handed the rendered lines of every event with what the event is (`BodyEvent`) and returns the lines to
/// show. Lines that are not body text (a tagged reply, the ")" after a literal, POP3's ".", warnings and
/// explanations) are always returned. The spool holds the body as the screen would have shown it, head included,
/// without colour; memory holds at most the head of the body being received, and only up to `headHeldLimit`.
public final class BodyFolder {
    /// Lines shown of each body; a change applies from the next body.
    public var limit: FoldLimit
    /// The last body whose lines were folded, until the next one folds.
    public private(set) var lastFolded: Folded?
    private let palette: Palette
    private let spool: BodySpool
    private var receiving: Progress?
    /// Head bytes held in memory before the spool file is started anyway (a long limit, or long lines).
    private let headHeldLimit: Int

    /// A folded body, as the note under it and `.body` describe it.
    public struct Folded: Equatable, Sendable {
        public var kind: BodyEvent.Kind
        /// The spool file, nil when none could be made (`problem` says why).
        public var path: String?
        public var shownLines: Int
        public var foldedLines: Int
        /// The folded lines' size as they would have been shown (without colour, with line ends).
        public var foldedBytes: Int
        /// The spool file holds only the body's first `keptLimit` bytes.
        public var isTruncated: Bool
        public var keptLimit: Int
        public var problem: BodyFoldError?
    }

    /// The body being received.
    private struct Progress {
        var kind: BodyEvent.Kind
        /// Taken from `limit` when the body began; nil shows it whole.
        var shownLimit: Int?
        var shownLines = 0
        var foldedLines = 0
        var foldedBytes = 0
        var isSpooling = false
    }
    /// The lines of the body being received shown so far, without colour, until the spool takes them. Kept out of
    /// `Progress` so that appending to it never copies it.
    private var head: [UInt8] = []
    /// One line at a time on its way to the spool, reused so that a body of a million lines is not a million arrays.
    private var scratch: [UInt8] = []

    /// - Parameters:
    ///   - palette: paints the note the way mailrepl's own lines are painted.
    ///   - spoolDirectory: where the private directory is made ($TMPDIR, else /tmp).
    ///   - spoolLimit: bytes kept of one body; lines after that are counted, not kept.
    public init(limit: FoldLimit = .standard, palette: Palette = Palette(isEnabled: false),
                spoolDirectory: String? = nil, spoolLimit: Int = 256 * 1024 * 1024, headHeldLimit: Int = 1024 * 1024) {
        self.limit = limit
        self.palette = palette
        self.spool = BodySpool(parent: spoolDirectory ?? BodySpool.temporaryDirectory, limit: spoolLimit)
        self.headHeldLimit = headHeldLimit
    }

    /// Whether a body is arriving and has already been folded (its note is still to come).
    public var isFolding: Bool {
        (receiving?.foldedLines ?? 0) > 0
    }

    /// The private spool directory, once one was made.
    public var spoolDirectory: String? {
        spool.directory
    }

    /// The lines of one event to show, in order: body lines up to the limit, notes, and where a body ends the
    /// line saying what was folded.
    public func fold(_ lines: [String], as event: BodyEvent) -> [String] {
        switch event {
        case .other:
            guard receiving != nil else { return lines }
            return end() + lines
        case .part(let kind, let bodyLines, let endsBody):
            var shown: [String] = []
            if let body = receiving, body.kind != kind {
                shown += end()
            }
            if receiving == nil {
                receiving = Progress(kind: kind, shownLimit: limit.lines)
            }
            if receiving?.shownLimit == nil {
                // Folding was off when this body began: it is shown whole, as it comes.
                shown += lines
            } else {
                let bodyCount = min(bodyLines ?? lines.count, lines.count)
                for (index, line) in lines.enumerated() {
                    if index < bodyCount {
                        take(line, into: &shown)
                    } else {
                        shown.append(line)
                        keep(line)
                    }
                }
            }
            if endsBody {
                shown += end()
            }
            return shown
        }
    }

    /// Removes the spool and forgets the bodies in it; run when the prompt ends.
    public func removeSpool() {
        receiving = nil
        head = []
        lastFolded = nil
        spool.removeAll()
    }

    // MARK: - Lines

    private func take(_ line: String, into shown: inout [String]) {
        guard var body = receiving, let shownLimit = body.shownLimit else { return }
        if body.shownLines < shownLimit {
            body.shownLines += 1
            receiving = body
            shown.append(line)
            keep(line)
            return
        }
        if body.foldedLines == 0 {
            // The first folded line: this body replaces the last one kept.
            lastFolded = nil
            spool.dropKept()
            startSpooling()
        }
        scratch.removeAll(keepingCapacity: true)
        Self.appendPlain(line, to: &scratch)
        receiving?.foldedLines += 1
        receiving?.foldedBytes += scratch.count
        spool.append(scratch)
    }

    /// A line shown: kept with the head, or in the spool once it has begun.
    private func keep(_ line: String) {
        guard let body = receiving, body.shownLimit != nil else { return }
        if body.isSpooling {
            scratch.removeAll(keepingCapacity: true)
            Self.appendPlain(line, to: &scratch)
            spool.append(scratch)
            return
        }
        Self.appendPlain(line, to: &head)
        if head.count > headHeldLimit {
            startSpooling()
        }
    }

    private func startSpooling() {
        guard let body = receiving, !body.isSpooling else { return }
        spool.begin()
        spool.append(head)
        head = []
        receiving?.isSpooling = true
    }

    private func end() -> [String] {
        guard let body = receiving else { return [] }
        receiving = nil
        head = []
        guard body.foldedLines > 0 else {
            if body.isSpooling {
                spool.discard()
            }
            return []
        }
        let path = spool.keep()
        let folded = Folded(kind: body.kind, path: path, shownLines: body.shownLines, foldedLines: body.foldedLines,
                            foldedBytes: body.foldedBytes, isTruncated: spool.isTruncated, keptLimit: spool.limit,
                            problem: spool.problem)
        lastFolded = folded
        return [palette.paint("* " + Self.note(folded), .own)]
    }

    // MARK: - Words

    /// The line under a folded body, e.g. "4,982 more lines (401 KiB) of this literal not shown: .body shows it
    /// whole, .fold off stops folding".
    public static func note(_ folded: Folded) -> String {
        let what = "\(count(folded.foldedLines)) more \(folded.foldedLines == 1 ? "line" : "lines") "
            + "(\(size(folded.foldedBytes))) of this \(folded.kind.name) not shown"
        if folded.path == nil, let problem = folded.problem {
            return what + " and not kept (\(UserMessage.describe(problem))); .fold off stops folding"
        }
        if let problem = folded.problem {
            return what + "; only part was kept (\(UserMessage.describe(problem))): .body shows that part, "
                + ".fold off stops folding"
        }
        if folded.isTruncated {
            return what + ": .body shows its first \(size(folded.keptLimit)) (no more is kept), "
                + ".fold off stops folding"
        }
        return what + ": .body shows it whole, .fold off stops folding"
    }

    /// 48210 as "48,210".
    static func count(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (number < 0 ? "-" : "") + digits + grouped
    }

    /// Bytes in binary units, with a tenth below ten: "812 bytes", "3.1 MiB", "256 MiB".
    static func size(_ bytes: Int) -> String {
        guard bytes >= 1024 else { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        var unit = 1024
        var name = "KiB"
        for next in ["MiB", "GiB", "TiB"] where bytes >= unit * 1024 {
            unit *= 1024
            name = next
        }
        let tenths = (bytes * 10 + unit / 2) / unit
        return tenths < 100 ? "\(tenths / 10).\(tenths % 10) \(name)" : "\(tenths / 10) \(name)"
    }

    /// The line's UTF-8 with a line feed, colour codes left out. Every ESC in a rendered line is the palette's
    /// (server bytes are escaped by `TerminalSafeText`), so each CSI sequence (ECMA-48 §5.4) is dropped whole.
    static func appendPlain(_ line: String, to out: inout [UInt8]) {
        let utf8 = line.utf8
        if utf8.withContiguousStorageIfAvailable({ !$0.contains(0x1B) }) ?? !utf8.contains(0x1B) {
            out.append(contentsOf: utf8)
            out.append(10)
            return
        }
        var inSequence = false
        var afterEscape = false
        for byte in utf8 {
            if afterEscape {
                afterEscape = false
                inSequence = byte == UInt8(ascii: "[")
                continue
            }
            if inSequence {
                // Parameter and intermediate bytes run until a final byte, 0x40 to 0x7E.
                inSequence = !(0x40...0x7E).contains(byte)
                continue
            }
            if byte == 0x1B {
                afterEscape = true
                continue
            }
            out.append(byte)
        }
        out.append(10)
    }
}
