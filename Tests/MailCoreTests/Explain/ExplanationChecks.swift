import Testing
@testable import MailCore

/// Checks every explanation in the tests must pass: a one-line summary a learner can read, and an RFC behind it.
func expectExplained(_ explanation: Explanation?, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    guard let explanation else {
        Issue.record("\(what) is not explained", sourceLocation: sourceLocation)
        return
    }
    #expect(!explanation.summary.isEmpty, "\(what): empty summary", sourceLocation: sourceLocation)
    #expect(explanation.summary.count <= 100, "\(what): summary too long: \(explanation.summary)",
            sourceLocation: sourceLocation)
    #expect(!explanation.summary.contains("\n"), "\(what): summary spans lines", sourceLocation: sourceLocation)
    #expect(!explanation.sources.isEmpty, "\(what): no citation", sourceLocation: sourceLocation)
    #expect(explanation.sources.allSatisfy { $0.rfc > 0 && $0.text.hasPrefix("RFC ") },
            "\(what): citation without an RFC", sourceLocation: sourceLocation)
}
