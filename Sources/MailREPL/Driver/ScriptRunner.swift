#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Script mode: standard input is not a terminal, so its lines run in order, each after the previous one's
/// response is complete. This is how tests and automation drive mailrepl.
public struct ScriptRunner {
    let controller: REPLController

    public init(controller: REPLController) {
        self.controller = controller
    }

    /// Runs every line of standard input; returns the exit status.
    public func run() -> ExitStatus {
        defer { controller.output.flush() }
        guard controller.connect() else {
            return controller.failure ?? .connectionFailed
        }
        var input = InputLines(descriptor: STDIN_FILENO)
        while let line = input.next() {
            if controller.handle(line) == .quit {
                return controller.failure ?? .success
            }
            controller.output.flush()
            if let failure = controller.failure {
                controller.session.close()
                return failure
            }
        }
        controller.session.quit()
        return controller.failure ?? .success
    }
}

/// Lines from a file descriptor, split at LF with a CR before it removed, read in blocks.
struct InputLines {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    mutating func next() -> [UInt8]? {
        while true {
            if let lineFeed = buffer[start...].firstIndex(of: 10) {
                var line = Array(buffer[start..<lineFeed])
                start = lineFeed + 1
                if line.last == 13 {
                    line.removeLast()
                }
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            fill()
        }
    }

    private mutating func fill() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                atEnd = true
            } else {
                buffer += chunk[0..<count]
            }
            return
        }
    }
}
