/// The entries of a `.netrc` file, the format ftp(1), curl and git read: whitespace-separated tokens
/// `machine NAME login USER password SECRET`, `default` for any other host, and `macdef NAME` followed by lines
/// up to an empty one, which are skipped.
struct NetrcFile {
    struct Entry: Equatable {
        /// nil for the `default` entry.
        var machine: String?
        var login: String?
        var password: String?
    }

    var entries: [Entry] = []

    init(_ text: String) {
        var tokens = NetrcFile.tokens(text)[...]
        var current: Entry?
        func finish() {
            if let entry = current {
                entries.append(entry)
            }
            current = nil
        }
        while let token = tokens.popFirst() {
            switch token {
            case "machine":
                finish()
                current = Entry(machine: tokens.popFirst() ?? "")
            case "default":
                finish()
                current = Entry(machine: nil)
            case "login":
                current?.login = tokens.popFirst()
            case "password":
                current?.password = tokens.popFirst()
            case "account":
                _ = tokens.popFirst()
            default:
                break
            }
        }
        finish()
    }

    /// The first entry for `host` whose login is `user` (any login when `user` is nil), else the default entry.
    func entry(host: String, user: String?) -> Entry? {
        let matches = { (entry: Entry) in user == nil || entry.login == nil || entry.login == user }
        return entries.first { $0.machine?.lowercased() == host.lowercased() && matches($0) }
            ?? entries.first { $0.machine == nil && matches($0) }
    }

    /// Tokens separated by whitespace; a quoted token may hold spaces with \" and \\ escapes (as curl reads it);
    /// `macdef` bodies, which end at an empty line, are dropped.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            var characters = line[...]
            var lineTokens: [String] = []
            while true {
                characters = characters.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                guard let first = characters.first else { break }
                var token = ""
                if first == "\"" {
                    characters = characters.dropFirst()
                    var escaped = false
                    while let character = characters.popFirst() {
                        if escaped {
                            token.append(character)
                            escaped = false
                        } else if character == "\\" {
                            escaped = true
                        } else if character == "\"" {
                            break
                        } else {
                            token.append(character)
                        }
                    }
                } else {
                    token = String(characters.prefix { $0 != " " && $0 != "\t" && $0 != "\r" })
                    characters = characters.dropFirst(token.count)
                }
                lineTokens.append(token)
            }
            if let macro = lineTokens.firstIndex(of: "macdef") {
                tokens += lineTokens[..<macro]
                while let body = lines.popFirst(), !body.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {}
                continue
            }
            tokens += lineTokens
        }
        return tokens
    }
}
