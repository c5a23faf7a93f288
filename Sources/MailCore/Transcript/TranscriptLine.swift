/// The bytes of one `C:` or `S:` line of a transcript.
///
/// Most lines ended with CRLF on the wire, which the transcript leaves implied as the RFCs' examples do; a line
/// that ended otherwise (a bare LF, or nothing: the connection closed, or a literal ended mid-line) carries its
/// bytes exactly, any LF included, and `endsWithCRLF` is false. A secret the recorder never saw in clear is a
/// `redacted` piece: it stands for bytes that are not in the transcript.
public struct TranscriptLine: Equatable, Sendable {
    public enum Piece: Equatable, Sendable {
        case bytes([UInt8])
        /// A secret replaced by `Redaction.marker` when it was recorded.
        case redacted
    }

    public var pieces: [Piece]
    public var endsWithCRLF: Bool

    public init(pieces: [Piece], endsWithCRLF: Bool = true) {
        // One form for one line: no empty pieces, neighbouring bytes joined.
        var joined: [Piece] = []
        for piece in pieces where piece != .bytes([]) {
            if case .bytes(let more) = piece, case .bytes(let before)? = joined.last {
                joined[joined.count - 1] = .bytes(before + more)
            } else {
                joined.append(piece)
            }
        }
        self.pieces = joined
        self.endsWithCRLF = endsWithCRLF
    }

    public init(_ bytes: [UInt8], endsWithCRLF: Bool = true) {
        pieces = bytes.isEmpty ? [] : [.bytes(bytes)]
        self.endsWithCRLF = endsWithCRLF
    }

    public init(_ text: String, endsWithCRLF: Bool = true) {
        self.init(Array(text.utf8), endsWithCRLF: endsWithCRLF)
    }

    /// A server line as the framer delivered it.
    public init(_ line: ServerLine) {
        switch line.terminator {
        case .crlf: self.init(line.bytes)
        case .lf: self.init(line.bytes + [10], endsWithCRLF: false)
        case .none: self.init(line.bytes, endsWithCRLF: false)
        }
    }

    /// A line as the session engine shows it (`SessionEvent.sent`): when `isSecret`, every `Redaction.marker` in it
    /// is a redaction; otherwise the bytes are all data.
    public init(shown: [UInt8], isSecret: Bool, endsWithCRLF: Bool = true) {
        guard isSecret else {
            self.init(shown, endsWithCRLF: endsWithCRLF)
            return
        }
        self.init(pieces: TranscriptLine.splitAtMarkers(shown[...]), endsWithCRLF: endsWithCRLF)
    }

    public var isRedacted: Bool { pieces.contains(.redacted) }

    /// The bytes of the line when nothing in it is redacted, without the implied CRLF.
    public var bytes: [UInt8]? {
        var out: [UInt8] = []
        for piece in pieces {
            guard case .bytes(let bytes) = piece else { return nil }
            out += bytes
        }
        return out
    }

    /// The bytes as they went over the wire, CRLF included; nil when a secret is missing.
    public var wire: [UInt8]? {
        bytes.map { endsWithCRLF ? $0 + [13, 10] : $0 }
    }

    /// The line for display: redactions shown as `Redaction.marker`, no line end.
    public var shown: [UInt8] {
        pieces.flatMap { piece -> [UInt8] in
            switch piece {
            case .bytes(let bytes): return bytes
            case .redacted: return TranscriptLine.markerBytes
            }
        }
    }

    /// The line as text for matching keywords (invalid UTF-8 replaced; never for display).
    public var text: String { String(decoding: shown, as: UTF8.self) }

    static let markerBytes = Array(Redaction.marker.utf8)

    /// Pieces of `bytes` with every occurrence of the marker taken as a redaction.
    static func splitAtMarkers(_ bytes: ArraySlice<UInt8>) -> [Piece] {
        // Most lines hold no marker: one look for its first byte settles it.
        guard ByteScan.firstIndex(of: markerBytes[0], in: bytes) != nil else {
            return [.bytes(Array(bytes))]
        }
        var pieces: [Piece] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index + markerBytes.count <= bytes.endIndex {
            if bytes[index..<(index + markerBytes.count)].elementsEqual(markerBytes) {
                pieces.append(.bytes(Array(bytes[start..<index])))
                pieces.append(.redacted)
                index += markerBytes.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(.bytes(Array(bytes[start...])))
        return pieces
    }
}
