#if canImport(Glibc)
import Glibc
#endif
import MailCore

/// A conversation read from fuzzer bytes, played through `LineFramer` and a dialect the way the session engine
/// plays a socket through them, with the properties every run must keep checked as it goes.
///
/// Input format: the first byte picks the line-length bound (16 to 1036 bytes, so that inputs of a few KiB reach
/// the over-long-line paths); the rest is split after each LF into records. A record starting with `>` is a line
/// the user types (without `>` and its line end); any other record is bytes from the server, LF included.
///
/// Properties (a violation traps, which libFuzzer reports as a crash):
/// - memory: after every record, the framer holds at most the line bound plus a CR LF;
/// - lines: no line is longer than the bound or holds an LF;
/// - accounting: every byte from the server is in a line (with its terminator or as dropped), in a literal, or
///   still buffered;
/// - chunking: the server's bytes fed one record at a time and fed one byte at a time give the same lines,
///   receptions and literal bytes (up to a STARTTLS go-ahead, where the two legitimately differ);
/// - display: every line, escaped for the terminal, holds no control character but tab, no C1 control and no
///   bidi control.
public enum ResponseConversation {
    enum Record {
        case client([UInt8])
        case server([UInt8])
    }

    /// What the engine saw, in order; a literal's chunks are joined, since their sizes depend on the reads.
    enum Observation: Equatable {
        case line(ServerLine, Reception)
        case literal([UInt8])
        case tooLong(Int)
        case sent(Submission)
    }

    public static func run(_ data: [UInt8], makeDialect: () -> any Dialect) {
        guard let first = data.first else { return }
        let maximumLineLength = 16 + Int(first) * 4
        let records = parse(data.dropFirst())
        let whole = play(records, dialect: makeDialect(), maximumLineLength: maximumLineLength, byteByByte: false)
        let bytewise = play(records, dialect: makeDialect(), maximumLineLength: maximumLineLength, byteByByte: true)
        require(whole == bytewise, "chunking changed what was seen")
    }

    static func parse(_ data: ArraySlice<UInt8>) -> [Record] {
        var records: [Record] = []
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 10).map { $0 + 1 } ?? data.endIndex
            let record = Array(data[start..<end])
            if record.first == UInt8(ascii: ">") {
                var line = record.dropFirst()
                if line.last == 10 { line = line.dropLast() }
                if line.last == 13 { line = line.dropLast() }
                records.append(.client(Array(line)))
            } else {
                records.append(.server(record))
            }
            start = end
        }
        return records
    }

    static func play(_ records: [Record], dialect start: any Dialect, maximumLineLength: Int,
                     byteByByte: Bool) -> [Observation] {
        var engine = Engine(dialect: start, maximumLineLength: maximumLineLength)
        for record in records where !engine.stopped {
            switch record {
            case .client(let line):
                engine.type(line)
            case .server(let bytes):
                if byteByByte {
                    for byte in bytes where !engine.stopped {
                        engine.receive([byte])
                    }
                } else {
                    engine.receive(bytes)
                }
            }
            engine.checkBounded()
        }
        if !engine.stopped {
            engine.finish()
        }
        engine.checkAccounting()
        return engine.observations
    }

    /// The part of the session engine that turns bytes into observations: frames to the dialect, literal lengths
    /// back to the framer. It stops where the engine stops reading plaintext: a goodbye or a STARTTLS go-ahead.
    struct Engine {
        var framer: LineFramer
        var dialect: any Dialect
        var observations: [Observation] = []
        var stopped = false
        var fed = 0
        var accounted = 0
        private var literal: [UInt8]?

        init(dialect: any Dialect, maximumLineLength: Int) {
            self.dialect = dialect
            framer = LineFramer(maximumLineLength: maximumLineLength)
        }

        mutating func type(_ line: [UInt8]) {
            let submission = dialect.submit(line)
            require(submission.wire.suffix(2) == [13, 10], "a typed line sent without CRLF")
            observations.append(.sent(submission))
            // The properties the prompt reads must hold in every state.
            _ = (dialect.isAwaitingServer, dialect.holdsInput, dialect.stateDescription, dialect.capabilities)
        }

        mutating func receive(_ bytes: [UInt8]) {
            fed += bytes.count
            framer.append(bytes)
            while !stopped, let frame = framer.next() {
                handle(frame)
            }
        }

        mutating func finish() {
            while let frame = framer.finish() {
                handle(frame)
                if framer.bufferedCount == 0 { break }
            }
        }

        mutating func handle(_ frame: Frame) {
            switch frame {
            case .line(let line):
                check(line)
                accounted += line.wireBytes.count + line.droppedBytes
                flushLiteral()
                let reception = dialect.receive(line)
                observations.append(.line(line, reception))
                if let length = reception.literalLength {
                    framer.beginLiteral(length: length)
                }
                if reception.completion == .closing || reception.completion == .startTLS {
                    stopped = true
                }
            case .literal(let bytes, let isLast):
                accounted += bytes.count
                literal = (literal ?? []) + bytes
                if isLast {
                    flushLiteral()
                    dialect.literalEnded()
                }
            case .lineTooLong(let limit):
                flushLiteral()
                require(limit == framer.maximumLineLength, "the bound reported is not the bound")
                observations.append(.tooLong(limit))
            }
        }

        private mutating func flushLiteral() {
            if let bytes = literal {
                observations.append(.literal(bytes))
                literal = nil
            }
        }

        func check(_ line: ServerLine) {
            require(line.bytes.count <= framer.maximumLineLength, "a line longer than the bound")
            require(!line.bytes.contains(10), "a line holding an LF")
            let shown = TerminalSafeText.escape(line.bytes)
            for scalar in shown.unicodeScalars {
                let value = scalar.value
                let control = (value < 0x20 && value != 9) || (0x7F...0x9F).contains(value)
                let bidi = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
                require(!control && !bidi, "an unsafe character shown to the terminal")
            }
        }

        func checkBounded() {
            require(framer.bufferedCount <= framer.maximumLineLength + 2, "the framer holds more than a line")
        }

        func checkAccounting() {
            require(accounted + framer.bufferedCount == fed, "server bytes went missing or were counted twice")
        }
    }
}

/// Traps with a message: libFuzzer reports it as a crash and keeps the input.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        print("property violated: \(message())")
        abort()
    }
}
