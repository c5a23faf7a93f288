import MailCore
import MailNet

/// What a session event is to `BodyFolder`: part of a message body, or anything else, which ends a body.
///
/// This is the one place that says which events carry a body: another kind of body event is one more case in
/// `init(_:)`.
public enum BodyEvent: Equatable, Sendable {
    /// Not body text: shown as it is, after the note of a body it ends.
    case other
    /// Body text. The first `bodyLines` of the event's rendered lines are lines of the body (nil: all of them);
    /// any after those are notes about them (a warning, an explanation), always shown. With `endsBody`, the
    /// body is complete after this event.
    case part(Kind, bodyLines: Int?, endsBody: Bool)

    /// What the protocol calls the body, for the note that says how much of it was folded.
    public enum Kind: Equatable, Sendable {
        /// IMAP: the octets of a literal the server sent (RFC 9051 §4.3), however many chunks they came in.
        case literal
        /// POP3: the lines of a multi-line response, up to the "." that ends it (RFC 1939 §3).
        case multiLineResponse

        public var name: String {
            switch self {
            case .literal: return "literal"
            case .multiLineResponse: return "multi-line response"
            }
        }
    }

    public init(_ event: SessionEvent) {
        switch event {
        case .literal(_, let isLast):
            self = .part(.literal, bodyLines: nil, endsBody: isLast)
        case .received(_, let reception) where reception.kind == .data && reception.completion == nil:
            // The line itself; what follows it in the rendering is notes. The "." line completes the response
            // and is not body text: it arrives as `.other`, which ends the body.
            self = .part(.multiLineResponse, bodyLines: 1, endsBody: false)
        default:
            self = .other
        }
    }
}
