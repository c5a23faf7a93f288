import Foundation

/// The real Dovecot and Postfix started by `Tests/Servers/start.sh`, read from the env file it writes.
///
/// The test command exports `MAILREPL_TEST_ENV` with that file's path. Without it (a bare `swift test`), the
/// integration suites are disabled and say why; the README's test command always provides it.
public struct TestServers: Sendable {
    public let values: [String: String]

    public static let current: TestServers? = {
        guard let path = ProcessInfo.processInfo.environment["MAILREPL_TEST_ENV"],
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return TestServers(values: values)
    }()

    public static var isAvailable: Bool { current != nil }

    public subscript(_ key: String) -> String {
        guard let value = values[key] else {
            TestServers.reportMissing(key)
            return ""
        }
        return value
    }

    public func port(_ key: String) -> Int {
        Int(self[key]) ?? 0
    }
}

extension TestServers {
    static func reportMissing(_ key: String) {
        FileHandle.standardError.write(Data("test servers' env file has no \(key)\n".utf8))
    }
}
