#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password from the terminal with echo off, the way getpass(3) does but with Ctrl-C as a way out:
/// signals are off while it reads, so Ctrl-C arrives as a byte and cancels instead of killing the program.
enum NoEchoInput {
    private static let interrupt: UInt8 = 0x03
    private static let endOfFile: UInt8 = 0x04
    private static let backspace: UInt8 = 0x08
    private static let delete: UInt8 = 0x7F
    private static let killLine: UInt8 = 0x15

    /// Shows `prompt`, reads up to Enter and returns what was typed; nil on Ctrl-C, on Ctrl-D before anything
    /// was typed, or when input ends. When `descriptor` is not a terminal the line is read as it comes.
    static func readLine(prompt: String, descriptor: Int32, output: Int32) -> String? {
        var saved = termios()
        let isTerminal = tcgetattr(descriptor, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
            quiet.c_iflag |= tcflag_t(ICRNL)
            withUnsafeMutableBytes(of: &quiet.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            _ = tcsetattr(descriptor, TCSANOW, &quiet)
        }
        defer {
            if isTerminal {
                _ = tcsetattr(descriptor, TCSANOW, &saved)
            }
        }
        TerminalOutput.send(prompt, to: output)
        var secret: [UInt8] = []
        defer {
            // Do not leave the password in freed memory longer than needed.
            for index in secret.indices {
                secret[index] = 0
            }
        }
        while true {
            var byte: UInt8 = 0
            let count = read(descriptor, &byte, 1)
            if count < 0, errno == EINTR || errno == EAGAIN {
                if errno == EAGAIN {
                    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    _ = poll(&entry, 1, -1)
                }
                continue
            }
            if count <= 0 {
                TerminalOutput.send("\n", to: output)
                return nil
            }
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                TerminalOutput.send("\n", to: output)
                return String(decoding: secret, as: UTF8.self)
            case interrupt:
                TerminalOutput.send("^C\n", to: output)
                return nil
            case endOfFile where secret.isEmpty:
                TerminalOutput.send("\n", to: output)
                return nil
            case backspace, delete:
                // Drop one character: its UTF-8 continuation bytes, then its lead byte.
                while let last = secret.last, last & 0xC0 == 0x80 {
                    secret.removeLast()
                }
                _ = secret.popLast()
            case killLine:
                secret.removeAll(keepingCapacity: true)
            default:
                secret.append(byte)
            }
        }
    }
}
