@testable import MailCore

/// What a framer produced, with the literal chunks of one literal joined, so that frames from different chunkings
/// of the same stream compare equal.
enum FramedItem: Equatable, CustomStringConvertible {
    case line(String, ServerLine.Terminator, dropped: Int)
    case literal([UInt8])
    case lineTooLong(limit: Int)

    var description: String {
        switch self {
        case .line(let text, let terminator, let dropped):
            return "line(\(text.debugDescription), \(terminator), dropped: \(dropped))"
        case .literal(let bytes): return "literal(\(String(decoding: bytes, as: UTF8.self).debugDescription))"
        case .lineTooLong(let limit): return "lineTooLong(\(limit))"
        }
    }
}

/// Drives a `LineFramer` the way the session engine does: append, take every frame, start a literal when a line
/// announces one (`{n}` at its end), and at end of stream take what `finish()` returns.
struct FramedStream {
    var framer: LineFramer
    var items: [FramedItem] = []
    /// Largest `bufferedCount` seen right after an append.
    var peakBuffered = 0
    private var literal: [UInt8]?

    init(maximumLineLength: Int = LineFramer.defaultMaximumLineLength) {
        framer = LineFramer(maximumLineLength: maximumLineLength)
    }

    mutating func feed(_ bytes: [UInt8]) {
        framer.append(bytes)
        peakBuffered = max(peakBuffered, framer.bufferedCount)
        while let frame = framer.next() {
            record(frame)
        }
    }

    mutating func finish() {
        while let frame = framer.finish() {
            record(frame)
            if framer.bufferedCount == 0 { break }
        }
        // A literal cut short by the end of the stream.
        if let partial = literal {
            items.append(.literal(partial))
            literal = nil
        }
    }

    private mutating func record(_ frame: Frame) {
        switch frame {
        case .line(let line):
            items.append(.line(String(decoding: line.bytes, as: UTF8.self), line.terminator,
                               dropped: line.droppedBytes))
            if let marker = IMAPLiteralMarker(endOf: line.bytes) {
                framer.beginLiteral(length: marker.length)
            }
        case .literal(let bytes, let isLast):
            literal = (literal ?? []) + bytes
            if isLast, let whole = literal {
                items.append(.literal(whole))
                literal = nil
            }
        case .lineTooLong(let limit):
            items.append(.lineTooLong(limit: limit))
        }
    }

    /// Frames the whole of `stream`, cut into pieces by `chunking`.
    static func frames(of stream: [UInt8], chunking: Chunking, maximumLineLength: Int = 65_536) -> [FramedItem] {
        var framed = FramedStream(maximumLineLength: maximumLineLength)
        for piece in chunking.pieces(of: stream) {
            framed.feed(piece)
        }
        framed.finish()
        return framed.items
    }
}

/// Ways to cut a byte stream into the pieces a socket might deliver.
enum Chunking: CustomStringConvertible, Sendable {
    case whole
    case bytewise
    case random(seed: UInt64, maximum: Int)

    var description: String {
        switch self {
        case .whole: return "whole"
        case .bytewise: return "bytewise"
        case .random(let seed, let maximum): return "random(seed: \(seed), max: \(maximum))"
        }
    }

    func pieces(of stream: [UInt8]) -> [[UInt8]] {
        switch self {
        case .whole:
            return [stream]
        case .bytewise:
            return stream.map { [$0] }
        case .random(let seed, let maximum):
            var generator = SplitMix64(seed: seed)
            var pieces: [[UInt8]] = []
            var index = 0
            while index < stream.count {
                let size = Int.random(in: 1...maximum, using: &generator)
                let end = min(stream.count, index + size)
                pieces.append(Array(stream[index..<end]))
                index = end
            }
            return pieces
        }
    }

    static let all: [Chunking] = [.whole, .bytewise] + (1...12).map { .random(seed: $0, maximum: Int($0) * 5) }
}

/// A small seeded generator, so that a failing random case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

extension Array where Element == UInt8 {
    init(ascii text: String) {
        self = Array(text.utf8)
    }
}
