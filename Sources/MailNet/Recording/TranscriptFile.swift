#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A transcript file being written: created new with mode 0600 (a transcript shows what was said, and may name
/// people and servers), never over an existing file, and written with write(2) as lines are recorded, so that
/// whatever happens to the process, every line already recorded is in the file.
public final class TranscriptFile {
    public let path: String
    private var descriptor: Int32

    /// Creates `path`; it must not exist. O_EXCL makes the check and the creation one step, so a file that
    /// appears in between is not overwritten either, and a symbolic link at `path` is not followed.
    public init(creating path: String) throws(RecordingError) {
        self.path = path
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        var opened: Int32
        repeat {
            opened = open(path, flags, mode_t(0o600))
        } while opened < 0 && errno == EINTR
        guard opened >= 0 else {
            let code = errno
            if code == EEXIST {
                throw .fileExists(path: path)
            }
            throw .cannotCreate(path: path, reason: POSIXErrorText.describe(code))
        }
        descriptor = opened
    }

    deinit {
        close()
    }

    public var isOpen: Bool { descriptor >= 0 }

    /// Writes `text` and a line feed.
    public func writeLine(_ text: String) throws(RecordingError) {
        try write(Array(text.utf8) + [10])
    }

    /// Writes `bytes`, whole lines, in one write(2) when the kernel takes them so.
    public func write(_ bytes: [UInt8]) throws(RecordingError) {
        guard descriptor >= 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress, raw.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = POSIXErrorText.describe(errno)
                close()
                throw .writeFailed(path: path, reason: reason)
            }
            offset += written
        }
    }

    public func close() {
        guard descriptor >= 0 else { return }
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
        descriptor = -1
    }
}
