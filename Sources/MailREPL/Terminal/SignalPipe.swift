#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The self-pipe that turns Ctrl-C (SIGINT), window resizes (SIGWINCH) and requests to stop (SIGHUP when the
/// terminal goes away, SIGTERM) into bytes, so that a single-threaded poll loop learns of them the same way it
/// learns of typed keys and server data, and can end cleanly: history saved, folded bodies removed. The handler only writes one
/// byte, which is async-signal-safe; everything else happens when the loop reads the pipe.
final class SignalPipe {
    static let interruptByte = UInt8(ascii: "I")
    static let resizeByte = UInt8(ascii: "W")
    static let terminateByte = UInt8(ascii: "T")

    let readDescriptor: Int32
    let writeDescriptor: Int32
    private var previousInterrupt = sigaction()
    private var previousResize = sigaction()
    private var previousHangup = sigaction()
    private var previousTerminate = sigaction()
    private(set) var isInstalled = false

    /// Without a pipe (no descriptors left) both ends are -1: poll ignores them, and Ctrl-C keeps its default.
    init() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            readDescriptor = -1
            writeDescriptor = -1
            return
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        // Neither end may block: a handler that blocked on a full pipe would hang the program.
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        uninstall()
        if readDescriptor >= 0 {
            close(readDescriptor)
            close(writeDescriptor)
        }
    }

    /// Points SIGINT, SIGWINCH, SIGHUP and SIGTERM at this pipe.
    func install() {
        guard !isInstalled, writeDescriptor >= 0 else { return }
        signalPipeWriteDescriptor = writeDescriptor
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = forwardSignalToPipe
        #else
        action.__sigaction_u.__sa_handler = forwardSignalToPipe
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, &previousInterrupt)
        sigaction(SIGWINCH, &action, &previousResize)
        sigaction(SIGHUP, &action, &previousHangup)
        sigaction(SIGTERM, &action, &previousTerminate)
        isInstalled = true
    }

    /// Gives the signals back to whoever had them before.
    func uninstall() {
        guard isInstalled else { return }
        sigaction(SIGINT, &previousInterrupt, nil)
        sigaction(SIGWINCH, &previousResize, nil)
        sigaction(SIGHUP, &previousHangup, nil)
        sigaction(SIGTERM, &previousTerminate, nil)
        isInstalled = false
    }

    /// Everything the handlers wrote since the last call.
    func drain() -> [UInt8] {
        var bytes: [UInt8] = []
        guard readDescriptor >= 0 else { return bytes }
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            if count > 0 {
                bytes += buffer[0..<count]
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return bytes
            }
        }
    }

    /// Puts a byte back, so that the caller's poll loop still sees the pipe readable after the editor has
    /// looked at it first.
    func post(_ byte: UInt8) {
        var byte = byte
        _ = write(writeDescriptor, &byte, 1)
    }
}

/// The one piece of state a signal handler can reach: C handlers take no context. Set before the handler is
/// installed, read only by the handler.
nonisolated(unsafe) private var signalPipeWriteDescriptor: Int32 = -1

private func forwardSignalToPipe(_ signal: Int32) {
    let savedErrno = errno
    // Literals, not the static lets: a first access to a lazy global is not async-signal-safe.
    var byte: UInt8 = signal == SIGWINCH ? 0x57 : signal == SIGHUP || signal == SIGTERM ? 0x54 : 0x49
    _ = write(signalPipeWriteDescriptor, &byte, 1)
    errno = savedErrno
}
