import MailCore

/// `.auth MECH [USER] [--no-ir]`: log in with a SASL mechanism or the protocol's own command. The secret never
/// appears on the line: it comes from --password-file, MAILREPL_PASSWORD, ~/.netrc, or a prompt without echo.
public struct AuthCommand: Equatable, Sendable {
    public var method: AuthMethod
    /// The login name; nil takes the URL's user (or the ~/.netrc login for the host).
    public var user: String?
    /// False with `--no-ir`: wait for the server's challenge instead of sending an initial response.
    public var initialResponse: Bool

    public static let usage = ".auth MECH [USER] [--no-ir]"

    public static func parse(_ argument: String?) throws(MetaCommandError) -> AuthCommand {
        var words = (argument ?? "").split(separator: " ").map(String.init)
        let initialResponse = !words.contains { $0.lowercased() == "--no-ir" }
        words.removeAll { $0.lowercased() == "--no-ir" }
        guard let name = words.first else {
            throw .missingArgument(".auth", "a mechanism: " + AuthMethod.names.joined(separator: ", "))
        }
        guard let method = AuthMethod(name: name) else {
            throw .missingArgument(".auth", "a mechanism it knows (\(TerminalSafeText.escape(name)) is not one): "
                                   + AuthMethod.names.joined(separator: ", "))
        }
        guard words.count <= 2 else { throw .unexpectedArgument(".auth (the password is never typed on the line)") }
        return AuthCommand(method: method, user: words.count == 2 ? words[1] : nil, initialResponse: initialResponse)
    }
}
