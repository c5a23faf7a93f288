import MailCore

/// libFuzzer entry: POP3 responses through the line framer and the POP3 dialect (see ResponseConversation).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPOP3Responses(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    ResponseConversation.run(Array(UnsafeBufferPointer(start: data, count: size))) { POP3Dialect() }
    return 0
}
