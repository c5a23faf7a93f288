#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `.body`: a folded body shown through the person's pager, $PAGER (else `less -R`), run without a shell.
enum BodyPager {
    static let standard = ["less", "-R"]

    /// $PAGER split at blanks, as git and man do for a pager without a shell; empty or unset gives `less -R`.
    static func command(from variable: String?) -> [String] {
        let words = (variable ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        return words.isEmpty ? standard : words
    }

    static var environmentCommand: [String] {
        command(from: getenv("PAGER").map { String(cString: $0) })
    }

    /// Runs `command` with `path` as its last argument on this terminal and waits for it to end. The caller must
    /// have given the terminal back (the line editor stopped). Meanwhile SIGINT and SIGQUIT are ignored here, as
    /// system(3) does: Ctrl-C reaches the pager too (same process group), which handles it; the pager itself
    /// starts with them at their defaults.
    static func show(_ path: String, command: [String]) throws(BodyFoldError) {
        guard let program = command.first else { throw .cannotStartPager(command: command, errno: ENOENT) }
        var ignore = sigaction()
        #if canImport(Glibc)
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        #else
        ignore.__sigaction_u.__sa_handler = SIG_IGN
        #endif
        sigemptyset(&ignore.sa_mask)
        var previousInterrupt = sigaction()
        var previousQuit = sigaction()
        sigaction(SIGINT, &ignore, &previousInterrupt)
        sigaction(SIGQUIT, &ignore, &previousQuit)
        defer {
            sigaction(SIGINT, &previousInterrupt, nil)
            sigaction(SIGQUIT, &previousQuit, nil)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments = (command + [path]).map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, program, nil, &attributes, arguments, environ)
        guard spawned == 0 else { throw .cannotStartPager(command: command, errno: spawned) }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    }

    /// The file's lines, a block at a time (memory stays bounded however long the body): where no pager can be
    /// started, the body is printed above the prompt instead.
    static func forEachBlock(of path: String, _ body: ([String]) -> Void) throws(BodyFoldError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotRead(path: path, errno: errno) }
        defer { close(descriptor) }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, errno: errno)
            }
            if count == 0 { break }
            pending += chunk[0..<count]
            guard let lastLineFeed = pending.lastIndex(of: 10) else { continue }
            body(pending[..<lastLineFeed].split(separator: 10, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) })
            pending.removeSubrange(...lastLineFeed)
        }
        if !pending.isEmpty {
            body([String(decoding: pending, as: UTF8.self)])
        }
    }
}
