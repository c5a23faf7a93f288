/// Splits a server's byte stream into lines and literals, with a bound on memory.
///
/// Bytes are appended as they arrive, in pieces of any size; `next()` returns frames as they become complete.
/// A partial line is never rescanned: the search for LF resumes where it stopped. A line longer than
/// `maximumLineLength` keeps its first `maximumLineLength` bytes and drops the rest, so a server that never sends
/// a line end cannot grow memory. Literals (IMAP) are passed through in chunks as they arrive, never held whole.
public struct LineFramer: Sendable {
    /// RFC 5321 §4.5.3.1.5 bounds a reply line at 512 octets, but IMAP lines without literals can be long
    /// (a FETCH of many flags, a long CAPABILITY); 64 KiB is far beyond any honest server's line.
    public static let defaultMaximumLineLength = 65_536

    public let maximumLineLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for LF resumes within `buffer`.
    private var scanned = 0
    private var dropping = false
    private var dropped = 0
    private var literalRemaining: UInt64 = 0
    private var inLiteral = false

    public init(maximumLineLength: Int = LineFramer.defaultMaximumLineLength) {
        self.maximumLineLength = max(maximumLineLength, 16)
    }

    /// Bytes received but not yet returned in a frame.
    public var bufferedCount: Int { buffer.count - start }

    /// Inside a literal: how many of its bytes have not arrived yet; nil between lines.
    public var literalBytesRemaining: UInt64? { inLiteral ? literalRemaining : nil }

    public mutating func append(_ bytes: [UInt8]) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next literal of `length` bytes follows the line just returned (IMAP `{n}`).
    public mutating func beginLiteral(length: UInt64) {
        inLiteral = true
        literalRemaining = length
    }

    public mutating func next() -> Frame? {
        if inLiteral {
            return nextLiteralChunk()
        }
        if dropping {
            return nextAfterDropping()
        }
        // A line may hold maximumLineLength bytes and then CR LF, so its LF can sit two bytes past the bound.
        let limit = start + maximumLineLength
        let searchEnd = min(buffer.count, limit + 2)
        if scanned < searchEnd, let lineFeed = ByteScan.firstIndex(of: 10, in: buffer[scanned..<searchEnd]),
           lineFeed <= limit || buffer[limit] == 13 {
            scanned = lineFeed + 1
            return takeLine(upTo: lineFeed, consumed: scanned)
        }
        scanned = max(scanned, searchEnd)
        // A CR just past the bound may still be the first half of the line's CRLF: wait for the next byte.
        let mayEndAtBound = buffer.count == limit + 1 && buffer[limit] == 13
        if buffer.count > limit && !mayEndAtBound {
            // Keep the first maximumLineLength bytes; drop what follows until the line ends.
            dropping = true
            dropped = 0
            scanned = limit
            return .lineTooLong(limit: maximumLineLength)
        }
        return nil
    }

    /// Discards the bytes of an over-long line up to its terminator, keeping a CR that precedes the LF.
    private mutating func nextAfterDropping() -> Frame? {
        guard let lineFeed = ByteScan.firstIndex(of: 10, in: buffer[scanned...]) else {
            // Keep a trailing CR: it may be the first half of the CRLF still to come.
            let keep = buffer.last == 13 && buffer.count > scanned ? 1 : 0
            dropped += buffer.count - scanned - keep
            buffer.removeSubrange(scanned..<(buffer.count - keep))
            return nil
        }
        let dropEnd = lineFeed > scanned && buffer[lineFeed - 1] == 13 ? lineFeed - 1 : lineFeed
        dropped += dropEnd - scanned
        buffer.removeSubrange(scanned..<dropEnd)
        let newLineFeed = scanned + (lineFeed - dropEnd)
        scanned = newLineFeed + 1
        return takeLine(upTo: newLineFeed, consumed: scanned)
    }

    /// At end of stream: whatever is left, as an unterminated line (nil when nothing is left). Call `next()` until
    /// it returns nil first; then call this until it returns nil or nothing is buffered. A literal cut short is
    /// returned as far as it came. The bound holds here too: an over-long rest is reported and cut like a line.
    public mutating func finish() -> Frame? {
        if inLiteral {
            return bufferedCount > 0 || literalRemaining == 0 ? nextLiteralChunk() : nil
        }
        if !dropping && bufferedCount > maximumLineLength {
            dropping = true
            dropped = 0
            scanned = start + maximumLineLength
            return .lineTooLong(limit: maximumLineLength)
        }
        guard bufferedCount > 0 || dropping else { return nil }
        // While dropping, bytes past `scanned` (at most a CR kept for a CRLF that never came) are beyond the bound.
        let end = dropping ? scanned : buffer.count
        let line = ServerLine(Array(buffer[start..<end]), terminator: .none, droppedBytes: dropped + buffer.count - end)
        reset()
        return .line(line)
    }

    /// Removes and returns every byte not yet framed. Used after a STARTTLS go-ahead, where anything already
    /// received in plaintext must not be trusted (RFC 3207 §4.2, RFC 9051 §6.2.1, RFC 2595 §4).
    public mutating func drain() -> [UInt8] {
        let rest = Array(buffer[start...])
        reset()
        return rest
    }

    private mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        scanned = 0
        dropping = false
        dropped = 0
        inLiteral = false
        literalRemaining = 0
    }

    private mutating func takeLine(upTo lineFeed: Int, consumed: Int) -> Frame {
        var end = lineFeed
        var terminator = ServerLine.Terminator.lf
        if end > start && buffer[end - 1] == 13 {
            end -= 1
            terminator = .crlf
        }
        let line = ServerLine(Array(buffer[start..<end]), terminator: terminator, droppedBytes: dropped)
        start = consumed
        dropping = false
        dropped = 0
        return .line(line)
    }

    private mutating func nextLiteralChunk() -> Frame? {
        if literalRemaining == 0 {
            inLiteral = false
            return .literal([], isLast: true)
        }
        let available = buffer.count - start
        guard available > 0 else { return nil }
        let count = Int(min(UInt64(available), literalRemaining))
        let chunk = Array(buffer[start..<(start + count)])
        start += count
        scanned = start
        literalRemaining -= UInt64(count)
        let isLast = literalRemaining == 0
        if isLast {
            inLiteral = false
        }
        return .literal(chunk, isLast: isLast)
    }
}
