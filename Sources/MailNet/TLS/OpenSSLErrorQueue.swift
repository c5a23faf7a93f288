import COpenSSL

/// OpenSSL's thread-local error queue, read out as text and left empty, so that one failure's messages never
/// show up in the next call's report.
enum OpenSSLErrorQueue {
    /// Every queued error, oldest first, in ERR_error_string_n's form
    /// ("error:0A00010B:SSL routines::wrong version number"); the queue is empty afterwards.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 {
                break
            }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let message = ResolvedAddress.cText(buffer)
            if !messages.contains(message) {
                messages.append(message)
            }
        }
        return messages
    }

    /// Whether the oldest queued error is "unexpected eof while reading": the peer closed the TCP connection
    /// without sending TLS close_notify first. The queue is left as it is.
    static func oldestIsUnexpectedEOF() -> Bool {
        let code = ERR_peek_error()
        return code != 0 && ERR_GET_LIB(code) == ERR_LIB_SSL
            && ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING
    }

    static func clear() {
        ERR_clear_error()
    }
}
