#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore

extension UserMessage {
    public static func describe(_ error: BodyFoldError) -> String {
        switch error {
        case .cannotMakeDirectory(let parent, let code):
            return "cannot make a private directory in \(TerminalSafeText.escape(parent)) for folded lines: "
                + reason(code) + " (set TMPDIR to a writable directory)"
        case .cannotCreate(let path, let code):
            return "cannot create \(TerminalSafeText.escape(path)) for folded lines: " + reason(code)
        case .cannotWrite(let path, let code):
            return "cannot write folded lines to \(TerminalSafeText.escape(path)): " + reason(code)
        case .cannotRead(let path, let code):
            return "cannot read the folded body back from \(TerminalSafeText.escape(path)): " + reason(code)
        case .cannotStartPager(let command, let code):
            return "cannot start the pager \(TerminalSafeText.escape(command.joined(separator: " "))): "
                + reason(code) + " (set PAGER to another)"
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
