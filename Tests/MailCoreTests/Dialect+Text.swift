@testable import MailCore

/// Lets tests speak in text: a typed line in, a server line in.
extension Dialect {
    mutating func submit(_ text: String) -> Submission {
        submit(Array(text.utf8))
    }

    mutating func receive(_ text: String) -> Reception {
        receive(ServerLine(text))
    }

    /// Feeds server lines and returns the completions they produced, in order (nil for lines that complete nothing).
    mutating func receive(lines: [String]) -> [Completion?] {
        lines.map { receive($0).completion }
    }
}

extension Submission {
    var wireText: String { String(decoding: wire, as: UTF8.self) }
}
