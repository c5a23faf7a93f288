import MailCore

/// libFuzzer entry: SMTP responses through the line framer and the SMTP dialect (see ResponseConversation).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPResponses(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    ResponseConversation.run(Array(UnsafeBufferPointer(start: data, count: size))) { SMTPDialect() }
    return 0
}
