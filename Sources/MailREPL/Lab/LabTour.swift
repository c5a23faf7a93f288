import MailCore

/// A guided tour: steps the learner types, each checked against what the server answered, explained, and
/// followed by the next.
public struct LabTour: Sendable {
    public struct Step: Sendable {
        /// What to type (shown as `type: …`), then what else to know before typing it.
        public var type: [String]
        public var note: [String]
        public var expect: Expectation
        /// Said once the step has happened: what the learner just saw, and the point of it.
        public var explanation: [String]

        public init(type: [String], note: [String] = [], expect: Expectation, explanation: [String]) {
            self.type = type
            self.note = note
            self.expect = expect
            self.explanation = explanation
        }
    }

    public enum Expectation: Equatable, Sendable {
        /// A new connection's greeting (after `.connect …`).
        case greeting(MailProtocol)
        /// The answer to `verb`: positive or refused, with a line containing `containing` and none containing
        /// `lacking`, when given.
        case reply(MailProtocol, verb: String, succeeds: Bool, containing: String?, lacking: String? = nil)

        func matches(_ observation: TourObservation) -> Bool {
            switch self {
            case .greeting(let mailProtocol):
                return observation.isGreeting && observation.mailProtocol == mailProtocol
            case .reply(let mailProtocol, let verb, let succeeds, let containing, let lacking):
                return observation.mailProtocol == mailProtocol && observation.verb == verb
                    && observation.succeeded == succeeds && (containing.map(observation.contains) ?? true)
                    && !(lacking.map(observation.contains) ?? false)
            }
        }

        /// The learner did the step's command but the answer was not the one the step shows.
        func isAttempt(_ observation: TourObservation) -> Bool {
            switch self {
            case .greeting: return false
            case .reply(let mailProtocol, let verb, _, _, _):
                return observation.mailProtocol == mailProtocol && observation.verb == verb
            }
        }
    }

    public var name: String
    public var title: String
    /// Said before the first step.
    public var introduction: [String]
    /// The lab service the tour starts connected to.
    public var startService: LabService
    public var steps: [Step]
    /// Said after the last step.
    public var conclusion: [String]

    public static var all: [LabTour] { [story, ports, starttls] }

    public static func named(_ name: String) -> LabTour? {
        all.first { $0.name == name.lowercased() }
    }
}
