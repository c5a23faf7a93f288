/// The first line a server sends on a fresh connection, read straight off a transport before any session exists:
/// the check looks at these bytes to tell a plaintext greeting from a TLS record, and silence from either.
enum FirstLine: Equatable {
    /// A line (without its line end), or the first 1024 bytes when no line end came.
    case line([UInt8])
    /// Nothing complete before the deadline; the bytes that did come.
    case silent([UInt8])
    /// The server closed the connection; the bytes it sent before.
    case closed([UInt8])
    case failed(TransportError)

    static let limit = 1024

    static func read(_ transport: any Transport, until deadline: ContinuousClock.Instant) -> FirstLine {
        var bytes: [UInt8] = []
        while true {
            if let lineFeed = bytes.firstIndex(of: 10) {
                var line = Array(bytes[..<lineFeed])
                if line.last == 13 {
                    line.removeLast()
                }
                return .line(line)
            }
            if bytes.count >= limit {
                return .line(Array(bytes.prefix(limit)))
            }
            // A TLS record header arrives without a line end; five bytes are enough to recognise it.
            if bytes.count >= 5, PortSpeaker(firstBytes: bytes) == .tls {
                return .line(bytes)
            }
            if !transport.hasBufferedBytes {
                do {
                    guard try SocketReadiness.wait(transport.fileDescriptor, for: SocketReadiness.readable,
                                                   until: deadline) else {
                        return .silent(bytes)
                    }
                } catch {
                    return .failed(error)
                }
            }
            do {
                switch try transport.read(maximum: limit) {
                case .bytes(let more): bytes += more
                case .wouldBlock: continue
                case .endOfStream: return .closed(bytes)
                }
            } catch {
                return .failed(error)
            }
        }
    }
}
