/// The user name and password of IMAP's LOGIN command as `astring`s (RFC 9051 §9, §6.2.3): an atom when every
/// character may stand in one, else a quoted string with `"` and `\` escaped, else a literal for what a quoted
/// string cannot carry (8-bit octets in IMAP4rev1, RFC 3501 §4.3; CR and LF never). A NUL cannot be sent at all.
///
/// The command is cut into the lines the session sends: a literal's `{n}` ends a line, and its octets start the
/// next one, which goes only after the server's "+" (or at once for `{n+}`, RFC 7888).
public enum IMAPLoginArguments {
    public enum Problem: Error, Equatable, Sendable {
        /// CR, LF or NUL: no IMAP string can carry them in a LOGIN (RFC 9051 §4.3: literals exclude NUL; the
        /// typed-line model here also excludes CR and LF).
        case unsendable(what: String)
    }

    public enum Argument: Equatable, Sendable {
        case atom(String)
        case quoted(String)
        case literal([UInt8])
    }

    public static func argument(_ text: String, what: String) throws(Problem) -> Argument {
        let octets = Array(text.utf8)
        guard !octets.contains(0), !octets.contains(13), !octets.contains(10) else { throw .unsendable(what: what) }
        if !octets.isEmpty, octets.allSatisfy(isAtomCharacter) {
            return .atom(text)
        }
        if octets.allSatisfy({ $0 < 0x80 }) {
            var quoted = "\""
            for character in text {
                if character == "\"" || character == "\\" {
                    quoted.append("\\")
                }
                quoted.append(character)
            }
            return .quoted(quoted + "\"")
        }
        return .literal(octets)
    }

    /// The lines to send for `LOGIN user password`, and whether each after the first waits for a "+".
    public static func lines(user: String, password: String,
                             nonSynchronizing: Bool) throws(Problem) -> [[UInt8]] {
        let arguments = [try argument(user, what: "the user name"), try argument(password, what: "the password")]
        var lines: [[UInt8]] = []
        var current = Array("LOGIN".utf8)
        for argument in arguments {
            switch argument {
            case .atom(let text), .quoted(let text):
                current += Array(" \(text)".utf8)
            case .literal(let octets):
                current += Array(" {\(octets.count)\(nonSynchronizing ? "+" : "")}".utf8)
                lines.append(current)
                current = octets
            }
        }
        lines.append(current)
        return lines
    }

    /// ATOM-CHAR (RFC 9051 §9): any CHAR except atom-specials ( ) { SP CTL % * " \ ]. "]" is allowed in an astring
    /// (ASTRING-CHAR) but kept out here for servers that parse strictly.
    static func isAtomCharacter(_ octet: UInt8) -> Bool {
        octet > 0x20 && octet < 0x7F && !"(){%*\"\\]".utf8.contains(octet)
    }
}
