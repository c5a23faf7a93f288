/// Lines from a served client, read as they arrive: up to and including LF, or an exact count of bytes.
struct ClientLineReader {
    private var buffer: [UInt8] = []
    /// Lines longer than this are cut: a replay has no use for more, and memory stays bounded.
    static let limit = 1 << 20

    var hasBufferedBytes: Bool { !buffer.isEmpty }

    mutating func discardBuffered() -> [UInt8] {
        defer { buffer.removeAll() }
        return buffer
    }

    /// The next line, LF included (or `count` bytes when given); nil when the client closed first, with what it
    /// had sent of the line in `partial`.
    mutating func read(from transport: any Transport, count: Int? = nil,
                       timeout: Duration) throws(ClientReadError) -> [UInt8]? {
        var deadline = ContinuousClock.now + timeout
        while true {
            if let count, buffer.count >= count {
                defer { buffer.removeFirst(count) }
                return Array(buffer.prefix(count))
            }
            if count == nil, let lineFeed = buffer.firstIndex(of: 10) {
                defer { buffer.removeFirst(lineFeed + 1) }
                return Array(buffer.prefix(lineFeed + 1))
            }
            if buffer.count >= Self.limit {
                defer { buffer.removeAll() }
                return buffer
            }
            if !transport.hasBufferedBytes {
                let ready: Bool
                do {
                    ready = try SocketReadiness.wait(transport.fileDescriptor, for: SocketReadiness.readable,
                                                     until: deadline)
                } catch {
                    throw .transport(error)
                }
                guard ready else { throw .timedOut(partial: buffer) }
            }
            let result: ReadResult
            do {
                result = try transport.read(maximum: 65_536)
            } catch {
                throw .transport(error)
            }
            switch result {
            case .bytes(let bytes):
                buffer += bytes
                deadline = ContinuousClock.now + timeout
            case .wouldBlock:
                continue
            case .endOfStream:
                return nil
            }
        }
    }

    /// What the client sent of a line it did not finish.
    var partial: [UInt8] { buffer }
}

enum ClientReadError: Error {
    case timedOut(partial: [UInt8])
    case transport(TransportError)
}
