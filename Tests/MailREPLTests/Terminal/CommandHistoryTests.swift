#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import MailREPL

@Suite("The history file is capped, owner-only and survives a restart")
struct CommandHistoryTests {
    private func temporaryDirectory() throws -> String {
        var template = Array("/tmp/mailrepl-history-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        try #require(made)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    private func removeTree(_ directory: String, files: [String]) {
        for file in files {
            unlink(directory + "/" + file)
        }
        rmdir(directory)
    }

    @Test func savesOwnerOnlyAndLoadsBack() throws {
        let directory = try temporaryDirectory()
        defer { removeTree(directory, files: ["history"]) }
        let path = directory + "/history"
        let history = try #require(CommandHistory(limit: 10))
        history.add("EHLO client.example")
        history.add("a001 SELECT Boîte")
        try history.save(to: path)
        #expect(mode(of: path) == 0o600)

        let reloaded = try #require(CommandHistory(limit: 10))
        reloaded.load(from: path)
        #expect(reloaded.count == 2)
    }

    @Test func replacesAFileOthersCouldRead() throws {
        let directory = try temporaryDirectory()
        defer { removeTree(directory, files: ["history"]) }
        let path = directory + "/history"
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        fchmod(descriptor, 0o644)
        close(descriptor)
        let history = try #require(CommandHistory(limit: 10))
        history.add("QUIT")
        try history.save(to: path)
        #expect(mode(of: path) == 0o600)
    }

    @Test func keepsOnlyTheNewestLines() throws {
        let directory = try temporaryDirectory()
        defer { removeTree(directory, files: ["history"]) }
        let path = directory + "/history"
        let history = try #require(CommandHistory(limit: 3))
        for number in 1...7 {
            history.add("NOOP \(number)")
        }
        #expect(history.count == 3)
        try history.save(to: path)
        let reloaded = try #require(CommandHistory(limit: 100))
        reloaded.load(from: path)
        #expect(reloaded.count == 3)
    }

    @Test func aRepeatedLineIsKeptOnce() throws {
        let history = try #require(CommandHistory(limit: 10))
        history.add("NOOP")
        history.add("NOOP")
        history.add("")
        #expect(history.count == 1)
    }

    @Test func aMissingFileIsAFirstRun() throws {
        let history = try #require(CommandHistory(limit: 10))
        history.load(from: "/nonexistent/mailrepl/history")
        #expect(history.count == 0)
    }

    @Test func aDirectoryThatIsNotThereIsReported() throws {
        let history = try #require(CommandHistory(limit: 10))
        history.add("QUIT")
        #expect(throws: HistoryFileError.self) {
            try history.save(to: "/nonexistent/mailrepl/history")
        }
    }
}
