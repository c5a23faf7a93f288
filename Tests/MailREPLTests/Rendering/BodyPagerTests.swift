import Foundation
@testable import MailREPL
import Testing

@Suite("Showing a folded body: $PAGER, run without a shell")
struct BodyPagerTests {
    @Test("$PAGER is split at blanks; unset or empty means less -R")
    func command() {
        #expect(BodyPager.command(from: nil) == ["less", "-R"])
        #expect(BodyPager.command(from: " ") == ["less", "-R"])
        #expect(BodyPager.command(from: "more") == ["more"])
        #expect(BodyPager.command(from: "less  -R\t-S") == ["less", "-R", "-S"])
        // No shell: quotes and $ are not interpreted.
        #expect(BodyPager.command(from: "sh -c 'x $HOME'") == ["sh", "-c", "'x", "$HOME'"])
    }

    @Test("the pager gets the file as its last argument and is waited for")
    func runsThePager() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pager-test-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/body.txt"
        try "S: line 1\nS: line 2\n".write(toFile: source, atomically: false, encoding: .utf8)
        try BodyPager.show(source, command: ["sh", "-c", "cp \"$0\" \"$0.seen\""])
        #expect(try String(contentsOfFile: source + ".seen", encoding: .utf8) == "S: line 1\nS: line 2\n")
    }

    @Test("a pager that cannot be started is an error naming it")
    func missingPager() throws {
        #expect(throws: BodyFoldError.cannotStartPager(command: ["/nonexistent/pager"], errno: ENOENT)) {
            try BodyPager.show("/dev/null", command: ["/nonexistent/pager"])
        }
        let text = UserMessage.describe(BodyFoldError.cannotStartPager(command: ["/nonexistent/pager"],
                                                                       errno: ENOENT))
        #expect(text.hasPrefix("cannot start the pager /nonexistent/pager: No such file or directory"))
    }

    @Test("without a pager the file is read back in blocks of whole lines")
    func blocks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("blocks-\(UUID()).txt").path
        defer { unlink(path) }
        let lines = (1...20_000).map { "S: line \($0)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        var read: [String] = []
        var blocks = 0
        try BodyPager.forEachBlock(of: path) {
            read += $0
            blocks += 1
        }
        #expect(read == lines && blocks > 1)
    }
}
