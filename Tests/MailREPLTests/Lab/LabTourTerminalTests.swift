import Foundation
import MailCore
import MailTestSupport
import Testing

/// The story tour as a person meets it: `mailrepl tour` in a real terminal (tmux), every command typed key by key,
/// the screen read back after each.
@Suite("Lab tour in a terminal", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct LabTourTerminalTests {
    @Test("the story tour runs start to finish")
    func story() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("lab-tour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let session = try TmuxSession(command: [MailreplProcess.binaryPath, "tour", "--color", "never"],
                                      width: 120, height: 40, environment: ["HOME": home.path])
        defer { session.kill() }
        _ = try session.waitFor("step 1 of 24", timeout: .seconds(20))
        for (index, lines) in LabTourScript.story.enumerated() {
            for line in lines {
                if !line.isEmpty {
                    try session.type(line)
                }
                try session.press("Enter")
            }
            let next = index + 2 <= LabTourScript.story.count ? "step \(index + 2) of 24" : "tour finished"
            let screen = try session.waitFor(next, timeout: .seconds(10))
            #expect(!screen.contains("not quite"), "step \(index + 1): \(screen)")
        }
        let screen = try session.screen()
        #expect(screen.contains("* 0 EXISTS: gone."))
        try session.type(".quit")
        try session.press("Enter")
        #expect(try session.waitForExit() == 0)
    }
}
