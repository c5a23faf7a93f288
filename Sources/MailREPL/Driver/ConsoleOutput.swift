#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where rendered lines go: straight to standard output (buffered, written with write(2)), or, while the line
/// editor is active, above the line being typed so that it is redrawn intact.
public final class ConsoleOutput {
    /// While set, lines go above the line being edited. Whatever is still buffered goes out first, so nothing
    /// written before the editor took the screen is lost or shown out of order.
    var editor: LineEditor? {
        willSet { flush() }
    }
    private var buffer: [UInt8] = []
    private let flushThreshold = 64 * 1024
    /// Write every line out at once instead of in blocks: for a person watching, not a pipe being filled.
    public var flushesEachWrite = false

    public init() {}

    public func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        if let editor {
            editor.printAbove(lines.joined(separator: "\n"))
            return
        }
        for line in lines {
            buffer.append(contentsOf: line.utf8)
            buffer.append(10)
        }
        if flushesEachWrite || buffer.count >= flushThreshold {
            flush()
        }
    }

    /// Lets `body` append finished lines, each ending in LF, straight to the buffer (the renderer writes body lines
    /// so, without a String for each). False when the line editor is active or `body` declined: use `write`.
    public func appendLines(_ body: (inout [UInt8]) -> Bool) -> Bool {
        guard editor == nil, body(&buffer) else { return false }
        if flushesEachWrite || buffer.count >= flushThreshold {
            flush()
        }
        return true
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
