/// Why a folded body could not be kept or shown. Each carries the errno the system gave; `UserMessage` words it.
public enum BodyFoldError: Error, Equatable, Sendable {
    /// The private spool directory could not be made under `parent` (mkdtemp).
    case cannotMakeDirectory(parent: String, errno: Int32)
    /// A spool file could not be created.
    case cannotCreate(path: String, errno: Int32)
    /// Writing folded lines to the spool failed (a full disk, say); what was written before stays.
    case cannotWrite(path: String, errno: Int32)
    /// The spool file could not be read back to be shown.
    case cannotRead(path: String, errno: Int32)
    /// The pager could not be started (not installed, not executable).
    case cannotStartPager(command: [String], errno: Int32)
}
