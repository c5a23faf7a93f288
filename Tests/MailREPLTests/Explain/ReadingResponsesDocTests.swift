import Foundation
import MailCore
@testable import MailREPL
import Testing

/// docs/reading-responses.md against the knowledge base: its generated parts are what the knowledge base says
/// now, and every code it names in its prose is one the knowledge base knows.
///
/// After a change to the knowledge base, MAILREPL_UPDATE_DOCS=1 rewrites the generated parts of the page.
@Suite("Explain: docs/reading-responses.md")
struct ReadingResponsesDocTests {
    static let page = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/reading-responses.md")

    @Test("the generated parts are what the knowledge base says now")
    func generatedPartsAreCurrent() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let (regenerated, problems) = ReadingResponsesPage.regenerate(text)
        #expect(problems.isEmpty, "\(problems)")
        if ProcessInfo.processInfo.environment["MAILREPL_UPDATE_DOCS"] == "1" {
            try Data(regenerated.utf8).write(to: Self.page)
            return
        }
        #expect(text.contains(ReadingResponsesPage.opening))
        let old = text.split(separator: "\n", omittingEmptySubsequences: false)
        let new = regenerated.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(old.count, new.count)
        #expect(old == new, """
            docs/reading-responses.md is out of date at line \(firstDifference + 1) \
            (MAILREPL_UPDATE_DOCS=1 swift test --filter ReadingResponsesDocTests rewrites it)
            """)
    }

    @Test("every code the prose names in backticks is in the knowledge base")
    func namedCodesExist() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"`(\d{3}|[245]\.\d{1,3}\.\d{1,3}|\[[A-Z-]+\])`"#)
        let named = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
        #expect(named.count >= 4)
        for code in Set(named) {
            #expect(!ExplainReport.explanations(for: code).isEmpty, "\(code) is named but unknown")
        }
    }
}
