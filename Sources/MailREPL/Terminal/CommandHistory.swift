#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditLine
import CShims

/// The lines a person entered, newest last, capped at `limit`, kept in libedit's history so that Up, Down and
/// Ctrl-R search them. The file is libedit's own format (the one `~/.editrc` users and sqlite3 share), written
/// owner-only: typed lines can name servers, users and mailboxes.
final class CommandHistory {
    /// libedit's `History *`, handed to the editor with EL_HIST.
    let list: OpaquePointer
    let limit: Int

    init?(limit: Int) {
        guard let list = history_init() else { return nil }
        self.list = list
        self.limit = max(0, limit)
        _ = mr_history_set_size(list, Int32(clamping: self.limit))
        // A line repeated at once is kept once, as shells do (bash's ignoredups).
        _ = mr_history_set_unique(list, 1)
    }

    deinit {
        history_end(list)
    }

    var count: Int {
        max(0, Int(mr_history_size(list)))
    }

    func add(_ line: String) {
        guard !line.isEmpty, limit > 0 else { return }
        _ = mr_history_enter(list, line)
    }

    /// Reads the lines saved by an earlier session. A missing or unreadable file is a first run: nothing to load.
    func load(from path: String) {
        _ = mr_history_load(list, path)
    }

    /// Writes the history to `path` with mode 0600. The lines go to a new file beside it that then replaces the
    /// old one, so a crash or a full disk never leaves a truncated history behind.
    func save(to path: String) throws(HistoryFileError) {
        // Closing the terminal window ends the input, which is when the history is saved, and sends SIGHUP at
        // the same moment. Held back for the few system calls below, the signal cannot leave the temporary file
        // behind or the rename undone.
        var held = sigset_t()
        sigemptyset(&held)
        for signal in [SIGHUP, SIGTERM, SIGINT] {
            sigaddset(&held, signal)
        }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &held, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }

        var template = Array((path + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let name = buffer.baseAddress else { return -1 }
            return mkstemp(name)
        }
        guard descriptor >= 0 else {
            throw HistoryFileError(path: path, operation: "mkstemp", code: errno)
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkstemp already creates 0600; fchmod makes it so whatever the umask.
        guard fchmod(descriptor, 0o600) == 0, let file = fdopen(descriptor, "w") else {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw HistoryFileError(path: path, operation: "fdopen", code: code)
        }
        let written = mr_history_save_fp(list, file)
        let flushed = fflush(file) == 0 && fsync(descriptor) == 0
        let code = errno
        fclose(file)
        guard written >= 0, flushed else {
            unlink(temporary)
            throw HistoryFileError(path: path, operation: "write", code: code == 0 ? EIO : code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw HistoryFileError(path: path, operation: "rename", code: code)
        }
    }
}
