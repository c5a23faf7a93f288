import Foundation
import MailCore
import MailNet
@testable import MailREPL
import Testing

@Suite("Folding long bodies at the prompt")
struct BodyFolderTests {
    /// A private parent for the spool, removed at the end of each test.
    final class Parent {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("fold-test-\(UUID())").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        var entries: [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        }
    }

    /// Feeds `events` through a renderer and `folder`, as REPLController does at the prompt.
    func show(_ events: [SessionEvent], through folder: BodyFolder, colors: Bool = false) -> [String] {
        var renderer = Renderer(palette: Palette(isEnabled: colors))
        return events.flatMap { folder.fold(renderer.render($0), as: BodyEvent($0)) }
    }

    /// An IMAP FETCH answer: the line announcing the literal, the literal in chunks of `chunk` bytes, ")", the tag.
    func fetch(_ body: [UInt8], chunk: Int = 7) -> [SessionEvent] {
        var events: [SessionEvent] = [.received(ServerLine("* 1 FETCH (BODY[] {\(body.count)}"),
                                                Reception(kind: .untagged, literalLength: UInt64(body.count)))]
        var start = 0
        repeat {
            let end = min(start + chunk, body.count)
            events.append(.literal(Array(body[start..<end]), isLast: end == body.count))
            start = end
        } while start < body.count
        events.append(.received(ServerLine(")"), Reception(kind: .untagged)))
        events.append(.received(ServerLine("a3 OK Fetch completed."), Reception(kind: .success, completion: .response)))
        return events
    }

    func message(lines count: Int) -> [UInt8] {
        Array((1...count).map { "line \($0)\r\n" }.joined().utf8)
    }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("a body up to the limit is shown whole, with no note and no spool made")
    func shortBody() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 5), spoolDirectory: parent.path)
        let shown = show(fetch(message(lines: 5)), through: folder)
        #expect(shown == ["S: * 1 FETCH (BODY[] {40}"] + (1...5).map { "S: line \($0)" }
                + ["S: )", "S: a3 OK Fetch completed."])
        #expect(folder.lastFolded == nil)
        #expect(parent.entries.isEmpty)
    }

    @Test("a long literal: the head, then one note with lines and bytes; ')' and the tag are always shown")
    func longLiteral() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 3), spoolDirectory: parent.path)
        let body = message(lines: 1200)
        let shown = show(fetch(body), through: folder)
        let bytes = (4...1200).reduce(0) { $0 + "S: line \($1)\n".utf8.count }
        let note = "* 1,197 more lines (\(BodyFolder.size(bytes))) of this literal not shown: .body shows it whole, "
            + ".fold off stops folding"
        #expect(shown == ["S: * 1 FETCH (BODY[] {\(body.count)}", "S: line 1", "S: line 2", "S: line 3", note, "S: )",
                          "S: a3 OK Fetch completed."])
        let folded = try #require(folder.lastFolded)
        #expect(folded.kind == .literal && folded.shownLines == 3 && folded.foldedLines == 1197)
        // "S: line 4\n" … "S: line 1200\n": the folded lines as they would have been shown.
        #expect(folded.foldedBytes == bytes && !folded.isTruncated && folded.problem == nil)
        #expect(note.contains("(14 KiB)"))

        // The spool holds the body as the screen would have shown it, head included.
        let path = try #require(folded.path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == (1...1200).map { "S: line \($0)\n" }.joined())
        #expect(try mode(path) == 0o600)
        let directory = try #require(folder.spoolDirectory)
        #expect(try mode(directory) == 0o700)
        #expect(directory.hasPrefix(parent.path + "/mailrepl-body-"))
        #expect(URL(fileURLWithPath: path).deletingLastPathComponent().path == directory)
    }

    @Test("POP3 RETR: data lines fold, their notes and the '.' are shown, the note stands before the '.'")
    func pop3MultiLine() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 2), spoolDirectory: parent.path)
        var events: [SessionEvent] = [.received(ServerLine("+OK 120 octets"), Reception(kind: .success))]
        for number in 1...4 {
            events.append(.received(ServerLine(Array("text \(number)".utf8), droppedBytes: number == 4 ? 9 : 0),
                                    Reception(kind: .data, inReplyTo: "RETR")))
        }
        events.append(.received(ServerLine("."), Reception(kind: .data, completion: .response, inReplyTo: "RETR")))
        let shown = show(events, through: folder)
        #expect(shown == [
            "S: +OK 120 octets", "S: text 1", "S: text 2",
            "! 9 more bytes of this line were dropped",
            "* 2 more lines (20 bytes) of this multi-line response not shown: .body shows it whole, "
                + ".fold off stops folding",
            "S: .",
        ])
        let path = try #require(folder.lastFolded?.path)
        #expect(try String(contentsOfFile: path, encoding: .utf8)
                == "S: text 1\nS: text 2\nS: text 3\nS: text 4\n! 9 more bytes of this line were dropped\n")
    }

    @Test("colour is left out of the spool; the note is painted as mailrepl's own lines are")
    func colour() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 1), palette: Palette(isEnabled: true),
                                spoolDirectory: parent.path)
        let shown = show(fetch(message(lines: 3)), through: folder, colors: true)
        #expect(shown.contains { $0.hasPrefix("\u{1B}[34m* 2 more lines") })
        let path = try #require(folder.lastFolded?.path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "S: line 1\nS: line 2\nS: line 3\n")
    }

    @Test("past the spool limit lines are counted but not kept, and the note says so")
    func spoolLimit() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 2), spoolDirectory: parent.path, spoolLimit: 2048)
        let shown = show(fetch(message(lines: 1000), chunk: 4096), through: folder)
        let folded = try #require(folder.lastFolded)
        #expect(folded.foldedLines == 998 && folded.isTruncated)
        #expect(shown.contains("* 998 more lines (\(BodyFolder.size(folded.foldedBytes))) of this literal not shown: "
                               + ".body shows its first 2.0 KiB (no more is kept), .fold off stops folding"))
        let kept = try String(contentsOfFile: try #require(folded.path), encoding: .utf8)
        #expect(kept.utf8.count <= 2048 && kept.utf8.count > 2000)
        #expect(kept.hasPrefix("S: line 1\nS: line 2\nS: line 3\n") && kept.hasSuffix("\n"))
    }

    @Test("the next folded body replaces the last; a short one in between does not")
    func replacement() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 2), spoolDirectory: parent.path)
        _ = show(fetch(message(lines: 10)), through: folder)
        let first = try #require(folder.lastFolded?.path)
        _ = show(fetch(message(lines: 2)), through: folder)
        #expect(folder.lastFolded?.path == first)
        #expect(FileManager.default.fileExists(atPath: first))
        _ = show(fetch(message(lines: 30)), through: folder)
        let second = try #require(folder.lastFolded?.path)
        #expect(second != first && folder.lastFolded?.foldedLines == 28)
        #expect(!FileManager.default.fileExists(atPath: first))
        let directory = try #require(folder.spoolDirectory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)
    }

    @Test("a head too long to hold starts the spool early; a body that never folds leaves no file behind")
    func longHead() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 100), spoolDirectory: parent.path, headHeldLimit: 64)
        _ = show(fetch(message(lines: 150)), through: folder)
        let kept = try #require(folder.lastFolded?.path)
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == (1...150).map { "S: line \($0)\n" }.joined())
        let shown = show(fetch(message(lines: 80)), through: folder)
        #expect(shown.count == 83 && !shown.contains { $0.hasPrefix("*") })
        let directory = try #require(folder.spoolDirectory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names == [URL(fileURLWithPath: kept).lastPathComponent])
        #expect(folder.lastFolded?.path == kept)
    }

    @Test("off shows everything; a new limit applies from the next body")
    func off() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: .off, spoolDirectory: parent.path)
        let events = fetch(message(lines: 50))
        var renderer = Renderer(palette: Palette(isEnabled: false))
        var shown = folder.fold(renderer.render(events[0]), as: BodyEvent(events[0]))
        shown += folder.fold(renderer.render(events[1]), as: BodyEvent(events[1]))
        folder.limit = FoldLimit(lines: 1)
        for event in events.dropFirst(2) {
            shown += folder.fold(renderer.render(event), as: BodyEvent(event))
        }
        #expect(shown.count == 53 && folder.lastFolded == nil)
        #expect(show(fetch(message(lines: 50)), through: folder).contains { $0.hasPrefix("* 49 more lines") })
    }

    @Test("a connection closed mid-body ends it: the note comes before the close")
    func closedMidBody() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 1), spoolDirectory: parent.path)
        let events = Array(fetch(message(lines: 5), chunk: 20).prefix(2))
            + [.closed(.byServerUnexpectedly(midResponse: true))]
        let shown = show(events, through: folder)
        let noteIndex = try #require(shown.firstIndex { $0.hasPrefix("* 1 more line (") })
        #expect(noteIndex > 1 && noteIndex < shown.count - 1 && !shown[shown.count - 1].contains("more line"))
        #expect(folder.lastFolded != nil && !folder.isFolding)
    }

    @Test("without a place for the spool the lines are still folded, and the note says they were not kept")
    func noSpool() throws {
        let folder = BodyFolder(limit: FoldLimit(lines: 1), spoolDirectory: "/nonexistent-\(UUID())")
        let shown = show(fetch(message(lines: 4)), through: folder)
        let folded = try #require(folder.lastFolded)
        #expect(folded.path == nil && folded.foldedLines == 3)
        guard case .cannotMakeDirectory(_, let code)? = folded.problem else {
            Issue.record("expected cannotMakeDirectory, got \(String(describing: folded.problem))")
            return
        }
        #expect(code == ENOENT)
        #expect(shown.contains { $0.hasPrefix("* 3 more lines (") && $0.contains("and not kept (cannot make") })
    }

    @Test("removeSpool takes the files and the private directory away")
    func cleanup() throws {
        let parent = try Parent()
        let folder = BodyFolder(limit: FoldLimit(lines: 1), spoolDirectory: parent.path)
        _ = show(fetch(message(lines: 3)), through: folder)
        // A body still arriving, already folding, is removed too.
        _ = show(Array(fetch(message(lines: 40), chunk: 100).prefix(3)), through: folder)
        #expect(folder.isFolding && parent.entries.count == 1)
        folder.removeSpool()
        #expect(parent.entries.isEmpty && folder.lastFolded == nil && folder.spoolDirectory == nil)
    }

    @Test("the events that carry a body: IMAP literal chunks, POP3 data lines; nothing else")
    func bodyEvents() {
        #expect(BodyEvent(.literal([65], isLast: false)) == .part(.literal, bodyLines: nil, endsBody: false))
        #expect(BodyEvent(.literal([], isLast: true)) == .part(.literal, bodyLines: nil, endsBody: true))
        #expect(BodyEvent(.received(ServerLine("x"), Reception(kind: .data)))
                == .part(.multiLineResponse, bodyLines: 1, endsBody: false))
        #expect(BodyEvent(.received(ServerLine("."), Reception(kind: .data, completion: .response))) == .other)
        #expect(BodyEvent(.received(ServerLine("* 1 EXISTS"), Reception(kind: .untagged))) == .other)
        #expect(BodyEvent(.notice("x")) == .other)
    }

    @Test("counts and sizes in words")
    func words() {
        #expect(BodyFolder.count(7) == "7" && BodyFolder.count(48_210) == "48,210"
                && BodyFolder.count(1_234_567) == "1,234,567")
        #expect(BodyFolder.size(1) == "1 byte" && BodyFolder.size(812) == "812 bytes")
        #expect(BodyFolder.size(3_250_585) == "3.1 MiB" && BodyFolder.size(256 * 1024 * 1024) == "256 MiB")
        #expect(BodyFolder.size(410_000) == "400 KiB")
    }
}
