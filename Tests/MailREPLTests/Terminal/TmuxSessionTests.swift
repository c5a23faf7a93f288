import Testing

@Suite("TmuxSession drives programs in a real terminal", .enabled(if: TmuxSession.isAvailable))
struct TmuxSessionTests {
    @Test func runsAShellAndReadsItsOutput() throws {
        let session = try TmuxSession(command: ["bash", "--norc", "--noprofile"], environment: ["PS1": "$ "])
        defer { session.kill() }
        try session.waitFor("$")
        try session.type("echo $((6 * 7))")
        try session.press("Enter")
        let screen = try session.waitFor("42")
        #expect(screen.contains("$ echo $((6 * 7))"))
    }

    @Test func givesTheProgramTheRequestedSizeAndTerminalType() throws {
        let session = try TmuxSession(
            command: ["sh", "-c", "stty size; echo \"$TERM\"; sleep 30"], width: 80, height: 24)
        defer { session.kill() }
        let screen = try session.waitFor("xterm-256color")
        #expect(screen.contains("24 80"))
    }

    @Test func typedLinesReachTheProgram() throws {
        let session = try TmuxSession(command: ["cat"])
        defer { session.kill() }
        try session.type("hello, tmux é")
        try session.press("Enter")
        // The terminal echoes the line, then cat writes it back.
        let screen = try session.waitUntil("the line twice") { screen in
            screen.components(separatedBy: "hello, tmux é").count == 3
        }
        #expect(try session.cursor() == (column: 0, row: 2), "screen:\n\(screen)")
    }

    @Test func reportsTheExitStatusAndKeepsTheOutput() throws {
        let session = try TmuxSession(command: ["sh", "-c", "echo last words; exit 3"])
        defer { session.kill() }
        #expect(try session.waitForExit() == 3)
        #expect(try session.transcript().contains("last words"))
    }

    @Test func aTimeoutCarriesTheScreen() throws {
        let session = try TmuxSession(command: ["sh", "-c", "echo something else; sleep 30"])
        defer { session.kill() }
        try session.waitFor("something else")
        #expect {
            try session.waitFor("never shown", timeout: .milliseconds(200))
        } throws: { error in
            guard let timeout = error as? TmuxSession.Timeout else { return false }
            return timeout.screen.contains("something else")
        }
    }

    @Test func resizingReachesTheProgram() throws {
        let session = try TmuxSession(
            command: ["sh", "-c", "trap 'stty size' WINCH; echo ready; while :; do sleep 0.1; done"])
        defer { session.kill() }
        try session.waitFor("ready")
        try session.resize(width: 60, height: 20)
        try session.waitFor("20 60")
    }
}
