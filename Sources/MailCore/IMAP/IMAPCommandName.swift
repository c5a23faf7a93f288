/// IMAP command names, for telling a typed command from a typed tag (RFC 9051 §6, and the extensions people
/// meet: RFC 2177 IDLE, RFC 2971 ID, RFC 5161 ENABLE, RFC 6851 MOVE, RFC 3691 UNSELECT, RFC 2342 NAMESPACE,
/// RFC 9208 QUOTA, RFC 4314 ACL, RFC 5464 METADATA, RFC 5256 SORT/THREAD, RFC 4978 COMPRESS, RFC 5465 NOTIFY,
/// RFC 8437 UNAUTHENTICATE, RFC 8508 REPLACE, RFC 4731 ESEARCH, RFC 3501 LSUB and CHECK).
public enum IMAPCommandName {
    public static let all: [String] = [
        "CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "AUTHENTICATE", "LOGIN", "ENABLE", "SELECT", "EXAMINE",
        "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB", "NAMESPACE", "STATUS", "APPEND",
        "IDLE", "CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "UID", "ID",
        "GETQUOTA", "GETQUOTAROOT", "SETQUOTA", "GETACL", "SETACL", "DELETEACL", "LISTRIGHTS", "MYRIGHTS",
        "GETMETADATA", "SETMETADATA", "SORT", "THREAD", "COMPRESS", "NOTIFY", "UNAUTHENTICATE", "REPLACE",
        "ESEARCH", "XLIST",
    ]

    private static let set = Set(all)

    public static func isCommand(_ word: Substring) -> Bool {
        set.contains(word.uppercased())
    }
}
