#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where folded bodies are kept until `.body` shows them: a private directory (mode 0700, made by mkdtemp(3) the
/// first time a body is written) holding one file per body (mode 0600, created O_EXCL so nothing already there
/// is ever followed or overwritten).
///
/// At most two files exist: the last body kept, and the one being written, which replaces it once its lines fold.
/// Each body is kept up to `limit` bytes; past that, lines are still offered but no longer written. What a server
/// sent is session data: `removeAll()` takes the files and the directory away, and is run when the prompt ends.
final class BodySpool {
    /// Bytes kept of one body; the lines after that are counted by the folder, not kept.
    let limit: Int
    /// Where the private directory is made.
    let parent: String
    private(set) var directory: String?
    /// The last body kept, complete as far as `limit` allowed.
    private(set) var kept: String?
    /// The body being written.
    private var current: (path: String, descriptor: Int32)?
    private var buffer: [UInt8] = []
    private var sequence = 0
    /// Bytes of the body being written that were kept (written or buffered).
    private(set) var keptBytes = 0
    /// A line of the body being written was not kept for the limit.
    private(set) var isTruncated = false
    /// Why the body being written is not kept (in full); nothing more is written once set.
    private(set) var problem: BodyFoldError?
    private let flushThreshold = 64 * 1024

    /// The system's place for temporary files: $TMPDIR, else /tmp.
    static var temporaryDirectory: String {
        guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp" }
        return String(cString: value)
    }

    init(parent: String = BodySpool.temporaryDirectory, limit: Int) {
        self.parent = parent
        self.limit = limit
    }

    deinit {
        removeAll()
    }

    /// Starts the file for a new body. A failure is kept in `problem`; `append` then does nothing.
    func begin() {
        discard()
        keptBytes = 0
        isTruncated = false
        problem = nil
        do throws(BodyFoldError) {
            let directory = try makeDirectory()
            sequence += 1
            let path = directory + "/body-\(sequence).txt"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw .cannotCreate(path: path, errno: errno) }
            current = (path, descriptor)
        } catch {
            problem = error
        }
    }

    /// Appends one line (its bytes, LF included) to the body being written, unless the limit is reached. Once a
    /// line is left out, the lines after it are too: the file is the body's beginning, without gaps.
    func append(_ line: [UInt8]) {
        guard current != nil, problem == nil, !isTruncated else { return }
        guard keptBytes + line.count <= limit else {
            isTruncated = true
            return
        }
        keptBytes += line.count
        buffer += line
        if buffer.count >= flushThreshold {
            flush()
        }
    }

    /// The last body kept goes: a new one replaces it.
    func dropKept() {
        if let kept {
            unlink(kept)
        }
        kept = nil
    }

    /// Finishes the body being written; it becomes the body kept. Returns its path (nil if none could be made).
    func keep() -> String? {
        flush()
        guard let (path, descriptor) = current else { return nil }
        close(descriptor)
        current = nil
        if kept != path {
            dropKept()
        }
        kept = path
        return path
    }

    /// Drops the body being written (it was short enough to show whole).
    func discard() {
        guard let (path, descriptor) = current else { return }
        close(descriptor)
        unlink(path)
        current = nil
        buffer.removeAll()
    }

    /// Removes every file and the directory: nothing the server sent stays behind.
    func removeAll() {
        discard()
        dropKept()
        if let directory {
            rmdir(directory)
        }
        directory = nil
    }

    private func makeDirectory() throws(BodyFoldError) -> String {
        if let directory {
            return directory
        }
        let base = parent.hasSuffix("/") && parent.count > 1 ? String(parent.dropLast()) : parent
        var template = Array((base + "/mailrepl-body-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        guard made else { throw .cannotMakeDirectory(parent: parent, errno: errno) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        directory = path
        return path
    }

    private func flush() {
        guard let (path, descriptor) = current, !buffer.isEmpty else { return }
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                problem = .cannotWrite(path: path, errno: errno)
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
