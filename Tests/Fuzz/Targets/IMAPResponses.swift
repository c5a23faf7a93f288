import MailCore

/// libFuzzer entry: IMAP responses through the line framer and the IMAP dialect (see ResponseConversation).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIMAPResponses(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    ResponseConversation.run(Array(UnsafeBufferPointer(start: data, count: size))) { IMAPDialect() }
    return 0
}
