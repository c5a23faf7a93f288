/// A byte stream to a server: a plain TCP socket, or TLS over one.
///
/// The session engine is single-threaded and drives every transport through `poll(2)` on `fileDescriptor`,
/// so reads never block: a transport answers `.wouldBlock` when nothing is ready yet.
public protocol Transport: AnyObject {
    /// The socket to poll for readability.
    var fileDescriptor: Int32 { get }
    /// Bytes already decrypted and buffered inside the transport (TLS), which `poll(2)` cannot see.
    var hasBufferedBytes: Bool { get }
    /// Reads whatever is ready, at most `maximum` bytes.
    func read(maximum: Int) throws(TransportError) -> ReadResult
    /// Writes all of `bytes`, waiting at most `timeout` for the peer to accept them.
    func write(_ bytes: [UInt8], timeout: Duration) throws(TransportError)
    /// Closes the connection; safe to call more than once.
    func close()
}

public enum ReadResult: Equatable, Sendable {
    case bytes([UInt8])
    case wouldBlock
    case endOfStream
}
