import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program running in a real terminal, driven the way a person drives it: tmux gives it a pseudo-terminal of
/// a fixed size, keys go in with `send-keys`, and the screen comes back with `capture-pane`.
///
/// Each session runs on its own tmux server (a private socket, no configuration file), so tests can run side by
/// side and never touch a tmux the developer has open. The program runs with a clean environment:
/// `TERM=xterm-256color`, a UTF-8 locale, and only the variables the test adds.
///
/// ```swift
/// let session = try TmuxSession(command: ["bash", "--norc", "--noprofile"])
/// defer { session.kill() }
/// try session.type("echo $((6 * 7))")
/// try session.press("Enter")
/// try session.waitFor("42")
/// ```
final class TmuxSession {
    /// The screen did not show what was expected in time; `screen` is what it showed last.
    struct Timeout: Error, CustomStringConvertible {
        let expected: String
        let screen: String

        var description: String {
            "timed out waiting for \(expected); the screen was:\n\(screen)"
        }
    }

    /// A tmux command failed (tmux missing, or the session already gone).
    struct CommandFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String

        var description: String {
            "tmux \(arguments.joined(separator: " ")) exited with \(status): \(output)"
        }
    }

    /// Whether tmux can be run here; tests that need it are skipped otherwise.
    static let isAvailable: Bool = {
        (try? run(["tmux", "-V"])) != nil
    }()

    let width: Int
    let height: Int
    private let socket: String
    /// Where tmux put the socket; a killed server leaves the file behind, so `kill()` removes it.
    private var socketPath: String?
    private let target = "main"
    private var killed = false
    /// Where the wrapping shell writes the program's exit status.
    private let statusFile: String

    /// Starts `command` (program and arguments, no shell) in a detached session of `width` × `height` cells.
    /// The pane stays after the program exits, so its output (`transcript()`) and exit status can still be read.
    init(
        command: [String], width: Int = 100, height: Int = 30, environment: [String: String] = [:]
    ) throws {
        self.width = width
        self.height = height
        socket = "mailrepl-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        var clean = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        ]
        clean.merge(environment) { _, added in added }
        // The program runs under a shell, as a person starts it, and the shell writes its exit status to a file:
        // tmux 3.3 sometimes marks a pane dead from the terminal's end-of-file before it has reaped the program,
        // and then never reports the status. The shell catches Ctrl-C's SIGINT (a handler, not SIG_IGN, so the
        // program does not inherit it ignored), as an interactive shell would leave it to the program alone.
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).status").path
        let program = ["env", "-i"] + clean.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + ["sh", "-c", "trap : INT; \"$@\"; echo $? > \(Self.shellQuoted(statusFile))", "sh"] + command
        // One tmux invocation: remain-on-exit is set before the program can end.
        try tmux([
            "new-session", "-d", "-s", target, "-x", String(width), "-y", String(height),
            program.map(Self.shellQuoted).joined(separator: " "),
            ";", "set-option", "-t", target, "remain-on-exit", "on",
        ])
        socketPath = try? tmux(["display-message", "-p", "#{socket_path}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        kill()
    }

    /// Sends keys by tmux name: "Enter", "Tab", "Up", "Left", "BSpace", "C-r", "C-c", "C-d", "Escape", ...
    func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", target] + keys)
    }

    /// Types `text` literally, character by character as a paste would.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", target, "-l", text])
    }

    /// The visible screen, one line per row, trailing blank rows removed.
    func screen() throws -> String {
        let text = try tmux(["capture-pane", "-p", "-t", target])
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = rows.last, last.allSatisfy({ $0 == " " }) {
            rows.removeLast()
        }
        return rows.joined(separator: "\n")
    }

    /// Everything the program wrote that is still in the pane: the scrollback and the screen. After the program
    /// has exited this is the place to look (tmux scrolls the last screen up to say the pane is dead).
    func transcript() throws -> String {
        try tmux(["capture-pane", "-p", "-S", "-", "-E", "-", "-t", target])
    }

    /// The screen with its colours and attributes as escape sequences (capture-pane -e).
    func screenWithAttributes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", target])
    }

    /// The cursor's column and row, counted from 0 at the top left.
    func cursor() throws -> (column: Int, row: Int) {
        let text = try tmux(["display-message", "-p", "-t", target, "#{cursor_x} #{cursor_y}"])
        let numbers = text.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard numbers.count == 2 else {
            throw CommandFailed(arguments: ["display-message"], status: 0, output: text)
        }
        return (numbers[0], numbers[1])
    }

    /// Changes the terminal's size; the program gets SIGWINCH.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", String(width), "-y", String(height)])
    }

    /// Waits until the screen contains `text`, and returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(5)) throws -> String {
        try waitUntil("\"\(text)\" on the screen", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `condition` holds for the screen, and returns the screen.
    @discardableResult
    func waitUntil(
        _ expectation: String, timeout: Duration = .seconds(5), _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = try screen()
            if condition(current) {
                return current
            }
            if ContinuousClock.now >= deadline {
                throw Timeout(expected: expectation, screen: current)
            }
            usleep(30_000)
        }
    }

    /// Waits for the program to end and returns its exit status.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(5)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            if ContinuousClock.now >= deadline {
                throw Timeout(expected: "the program to exit", screen: (try? screen()) ?? "")
            }
            usleep(30_000)
        }
    }

    /// Sends the signal named `name` ("TERM", "HUP") to the program, the one child of the shell in the pane.
    func signalProgram(_ name: String) throws {
        let shell = try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.run(["pkill", "-" + name, "-P", shell])
    }

    /// Ends the program and the session's tmux server. Safe to call more than once.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        unlink(statusFile)
        if let socketPath, !socketPath.isEmpty {
            unlink(socketPath)
        }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
    }

    /// Runs a command and returns what it printed. The output goes through a file, not a pipe: a tmux server
    /// started by `new-session` keeps its client's output open, and so might any process spawned meanwhile by
    /// a test running in parallel, so a pipe would not reliably reach end of file.
    @discardableResult
    private static func run(_ arguments: [String]) throws -> String {
        var template = Array("/tmp/mailrepl-tmux-XXXXXX".utf8CString)
        let output = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard output >= 0 else {
            throw CommandFailed(arguments: arguments, status: -1, output: "mkstemp: errno \(errno)")
        }
        unlink(String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
        defer { close(output) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)

        let environment = ProcessInfo.processInfo.environment
        var variables = [
            "PATH=" + (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"),
            "HOME=" + (environment["HOME"] ?? "/tmp"),
            // tmux decides from the locale whether the terminal takes UTF-8.
            "LANG=C.UTF-8",
        ]
        if let directory = environment["TMUX_TMPDIR"] {
            variables.append("TMUX_TMPDIR=" + directory)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The test runner's threads block most signals and ignore some; a tmux server inheriting that would
        // never reap its panes nor hear kill-server. Start children with no signal blocked, every one default.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var child: pid_t = 0
        let spawned = posix_spawnp(&child, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw CommandFailed(arguments: arguments, status: -1, output: "posix_spawnp: errno \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        lseek(output, 0, SEEK_SET)
        while true {
            let count = read(output, &chunk, chunk.count)
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // WIFEXITED and WEXITSTATUS, which Swift does not import: exited normally when the low 7 bits are 0.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
        guard exitStatus == 0 else {
            throw CommandFailed(arguments: Array(arguments.dropFirst()), status: exitStatus, output: text)
        }
        return text
    }

    private static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
