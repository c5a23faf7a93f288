#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a password (or OAuth token) comes from. Never from the command line: arguments are visible to every
/// user in the process list and stay in shell history.
///
/// In order: the file named by `--password-file`, the environment variable `MAILREPL_PASSWORD`, the `~/.netrc`
/// entry for the host, and last a prompt that does not echo.
public struct SecretSource: Sendable {
    public static let environmentVariable = "MAILREPL_PASSWORD"

    public enum Origin: Equatable, Sendable {
        case file(String)
        case environment
        case netrc(String)
        case prompt

        /// "from MAILREPL_PASSWORD", for the line that says where the secret came from.
        public var description: String {
            switch self {
            case .file(let path): return "from the file \(path)"
            case .environment: return "from \(SecretSource.environmentVariable)"
            case .netrc(let path): return "from \(path)"
            case .prompt: return "typed at the prompt"
            }
        }
    }

    public struct Secret: Sendable {
        public var value: String
        public var origin: Origin
        /// The user name the source supplied, when the caller had none (the .netrc login).
        public var user: String?
        /// Something the person should know, e.g. a password file readable by other users.
        public var caution: String?
    }

    public enum Problem: Error, Equatable, Sendable {
        case unreadableFile(path: String, reason: String)
        case emptyFile(path: String)
        /// Nothing in the environment or ~/.netrc, and no terminal to ask on.
        case noSource
        /// The person cancelled the prompt (Ctrl-C, Ctrl-D).
        case cancelled
    }

    /// Asks on the controlling terminal without echo, when there is one: standard input may be a script or a
    /// pipe, but /dev/tty still reaches the person. Nil without a terminal (opening it fails with ENXIO).
    public static var terminalPrompt: ((String) -> String?)? {
        let probe = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard probe >= 0 else { return nil }
        close(probe)
        return { prompt in
            let terminal = open("/dev/tty", O_RDWR | O_CLOEXEC)
            guard terminal >= 0 else { return nil }
            defer { close(terminal) }
            return NoEchoInput.readLine(prompt: prompt, descriptor: terminal, output: terminal)
        }
    }

    /// `--password-file`.
    public var passwordFile: String?
    /// The .netrc to read; nil for `$HOME/.netrc`.
    public var netrcPath: String?

    public init(passwordFile: String? = nil, netrcPath: String? = nil) {
        self.passwordFile = passwordFile
        self.netrcPath = netrcPath
    }

    /// The secret for `user` at `host`. `prompt` asks the person (without echo) and returns nil when cancelled;
    /// it is called only when no other source has the secret, and is nil when there is no one to ask.
    public func secret(host: String, user: String?,
                       prompt: ((String) -> String?)?) throws(Problem) -> Secret {
        if let passwordFile {
            return try readFile(passwordFile)
        }
        if let value = getenv(SecretSource.environmentVariable).map({ String(cString: $0) }), !value.isEmpty {
            return Secret(value: value, origin: .environment)
        }
        if let found = netrc(host: host, user: user) {
            return found
        }
        guard let prompt else { throw .noSource }
        let label = (user.map { "\($0)@" } ?? "") + host
        guard let typed = prompt("Password for \(label): ") else { throw .cancelled }
        return Secret(value: typed, origin: .prompt)
    }

    /// The user name ~/.netrc gives for `host`, when the URL names none.
    public func netrcUser(host: String) -> String? {
        guard let path = resolvedNetrcPath, case .success(let text) = SecretFile.read(path) else { return nil }
        return NetrcFile(text).entry(host: host, user: nil)?.login
    }

    private var resolvedNetrcPath: String? {
        if let netrcPath { return netrcPath }
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.netrc"
    }

    private func readFile(_ path: String) throws(Problem) -> Secret {
        switch SecretFile.read(path) {
        case .failure(let problem):
            throw .unreadableFile(path: path, reason: problem.reason)
        case .success(let contents):
            // One trailing line end (LF or CRLF) is the editor's, not the password's. Scalars, since "\r\n" is
            // a single Character.
            var scalars = Substring(contents).unicodeScalars
            if scalars.last == "\n" { scalars.removeLast() }
            if scalars.last == "\r" { scalars.removeLast() }
            let text = String(scalars)
            guard !text.isEmpty else { throw .emptyFile(path: path) }
            return Secret(value: text, origin: .file(path), caution: SecretFile.exposureCaution(path))
        }
    }

    private func netrc(host: String, user: String?) -> Secret? {
        guard let path = resolvedNetrcPath, case .success(let text) = SecretFile.read(path),
              let entry = NetrcFile(text).entry(host: host, user: user), let password = entry.password else {
            return nil
        }
        return Secret(value: password, origin: .netrc(path), user: user == nil ? entry.login : nil,
                      caution: SecretFile.exposureCaution(path))
    }
}

/// Reading a file that holds a secret, and saying when others can read it too.
enum SecretFile {
    /// Secret files are small; anything larger is not one.
    static let limit = 64 * 1024

    static func read(_ path: String) -> Result<String, FileBytes.Problem> {
        switch FileBytes.read(path) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let bytes):
            guard bytes.count <= limit else {
                return .failure(FileBytes.Problem(reason: "larger than \(limit / 1024) KiB: not a password file"))
            }
            return .success(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A warning when the group or other users may read the file (as ssh says of private keys).
    static func exposureCaution(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o077 != 0 else { return nil }
        let mode = String(status.st_mode & 0o777, radix: 8)
        return "\(path) can be read by other users (mode \(mode)); chmod 600 \(path) keeps the password yours"
    }
}
