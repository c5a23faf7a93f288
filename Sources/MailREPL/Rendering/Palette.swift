import MailCore

/// ANSI colours by meaning, or none at all (`--color never`, NO_COLOR, output not a terminal).
public struct Palette: Sendable {
    public var isEnabled: Bool

    public init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    public enum Role: Sendable, CaseIterable {
        case success, continuation, transientFailure, permanentFailure, untagged, data, malformed
        case client, note, own, warning, explanation
    }

    /// SGR codes (ECMA-48 §8.3.117): green for success, cyan for "go on", yellow for try-later, red for refusals,
    /// plain for data, bold for what the user sent, blue for mailrepl's own messages.
    private static func code(for role: Role) -> String {
        switch role {
        case .success: return "32"
        case .continuation: return "36"
        case .transientFailure: return "33"
        case .permanentFailure: return "31"
        case .untagged: return "37"
        case .data: return "2"
        case .malformed: return "35"
        case .client: return "1"
        case .note: return "2"
        case .own: return "34"
        case .warning: return "1;33"
        case .explanation: return "2;3"
        }
    }

    public func paint(_ text: String, _ role: Role) -> String {
        guard isEnabled, !text.isEmpty else { return text }
        return "\u{1B}[\(Self.code(for: role))m\(text)\u{1B}[0m"
    }

    /// What `paint` puts before and after a non-empty text, for building a line in one piece.
    public func codes(for role: Role) -> (opening: String, closing: String) {
        guard isEnabled else { return ("", "") }
        return ("\u{1B}[\(Self.code(for: role))m", "\u{1B}[0m")
    }

    /// `codes(for:)` as bytes, made once: every line of a body is painted with them.
    public func codeBytes(for role: Role) -> (opening: [UInt8], closing: [UInt8]) {
        guard isEnabled else { return ([], []) }
        return (Self.openings[role] ?? [], Self.reset)
    }

    private static let openings: [Role: [UInt8]] = Dictionary(uniqueKeysWithValues: Role.allCases.map { role in
        (role, Array("\u{1B}[\(code(for: role))m".utf8))
    })
    private static let reset = Array("\u{1B}[0m".utf8)

    public static func role(for kind: LineKind) -> Role {
        switch kind {
        case .greeting, .success: return .success
        case .continuation: return .continuation
        case .transientFailure: return .transientFailure
        case .permanentFailure: return .permanentFailure
        case .untagged: return .untagged
        case .data: return .data
        case .malformed: return .malformed
        }
    }
}
