#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore

/// The entries of a transcript, one at a time, for `replay` to show.
///
/// A mailrepl transcript is read from its file as it is shown, a block at a time, so a recording of any length
/// replays in the memory of one block and its longest line. RFC-style text and swaks output are read whole first
/// (their reading looks ahead: SMTP message content is recognised by what came before it), within
/// `FileBytes.limit`.
public final class TranscriptFeed {
    public let source: Transcript.Source
    private var descriptor: Int32 = -1
    private var reader: TranscriptEntryReader?
    private var queue: [TranscriptEntry] = []
    private var queueIndex = 0
    private var ended = false
    /// What stopped the reading, said after the entries read before it.
    private var problem: TranscriptLoader.LoadProblem?
    /// What `open` read to tell the format, shown first.
    private var firstBlock: [UInt8] = []
    private var buffer: [UInt8] = []
    private let file: String

    /// A transcript already in memory.
    public init(_ transcript: Transcript, file: String) {
        source = transcript.source
        queue = transcript.entries
        ended = true
        self.file = file
    }

    private init(descriptor: Int32, firstBlock: [UInt8], file: String) {
        source = .mailrepl(version: TranscriptWriter.version)
        self.descriptor = descriptor
        self.file = file
        reader = TranscriptEntryReader(file: file)
        self.firstBlock = firstBlock
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
        }
    }

    /// Opens `path`; a problem (the file cannot be read, or, for a file read whole, what is wrong in it) comes
    /// back in words.
    public static func open(_ path: String) -> Result<TranscriptFeed, TranscriptLoader.LoadProblem> {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(cannotRead(path, String(cString: strerror(errno)))) }
        var first = [UInt8](repeating: 0, count: 64 * 1024)
        var count = 0
        while count < first.count {
            let got = first[count...].withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                return .failure(cannotRead(path, reason))
            }
            if got == 0 { break }
            count += got
        }
        first.removeSubrange(count...)
        if TranscriptReader.isMailrepl(first[...]) {
            return .success(TranscriptFeed(descriptor: descriptor, firstBlock: first, file: path))
        }
        // Read whole, from where the look stopped: the path may be a pipe, which gives its bytes once.
        defer { close(descriptor) }
        switch FileBytes.read(descriptor, after: first) {
        case .success(let bytes):
            return TranscriptLoader.parse(bytes, file: path).map { TranscriptFeed($0, file: path) }
        case .failure(let problem):
            return .failure(cannotRead(path, problem.reason))
        }
    }

    /// The next entry; nil at the end of the transcript. A problem in the file is thrown once every entry
    /// before it has been given.
    public func next() throws(TranscriptLoader.LoadProblem) -> TranscriptEntry? {
        while queueIndex == queue.count {
            if let problem {
                self.problem = nil
                throw problem
            }
            guard !ended else { return nil }
            queue.removeAll(keepingCapacity: true)
            queueIndex = 0
            readBlock()
        }
        defer { queueIndex += 1 }
        return queue[queueIndex]
    }

    /// Puts the entries of the next block of the file in the queue (none, when the block ends mid-line).
    private func readBlock() {
        guard var reader else { return }
        defer { self.reader = reader }
        var count = firstBlock.count
        if firstBlock.isEmpty {
            if buffer.isEmpty {
                buffer = [UInt8](repeating: 0, count: 256 * 1024)
            }
            repeat {
                count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            } while count < 0 && errno == EINTR
            if count < 0 {
                ended = true
                problem = Self.cannotRead(file, String(cString: strerror(errno)))
                return
            }
        }
        do {
            if count == 0 {
                ended = true
                close(descriptor)
                descriptor = -1
                try reader.finish { entry, _ in queue.append(entry) }
            } else if !firstBlock.isEmpty {
                defer { firstBlock = [] }
                try reader.read(firstBlock[...]) { entry, _ in queue.append(entry) }
            } else {
                try reader.read(buffer[..<count]) { entry, _ in queue.append(entry) }
            }
        } catch {
            ended = true
            problem = TranscriptLoader.LoadProblem(text: TerminalSafeText.escape(error.description))
        }
    }

    private static func cannotRead(_ path: String, _ reason: String) -> TranscriptLoader.LoadProblem {
        TranscriptLoader.LoadProblem(text: "cannot read \(TerminalSafeText.escape(path)): \(reason)")
    }
}
