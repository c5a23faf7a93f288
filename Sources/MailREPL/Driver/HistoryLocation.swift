#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore

/// Where line history is kept: one file per protocol in the XDG state directory
/// ($XDG_STATE_HOME/mailrepl, by default ~/.local/state/mailrepl), created private to the user.
public enum HistoryLocation {
    public static func file(for mailProtocol: MailProtocol) -> String? {
        guard let directory = directory() else { return nil }
        return directory + "/history-" + mailProtocol.rawValue
    }

    static func directory() -> String? {
        var base: String
        if let state = getenv("XDG_STATE_HOME"), state.pointee == 0x2F {
            base = String(cString: state)
        } else if let home = getenv("HOME"), home.pointee != 0 {
            base = String(cString: home) + "/.local/state"
        } else {
            return nil
        }
        base += "/mailrepl"
        var path = ""
        for component in base.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                return nil
            }
        }
        return base
    }
}
