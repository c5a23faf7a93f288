import MailCore

/// libFuzzer entry: the transcript reader and writer (see TranscriptRoundTrip).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTranscriptReading(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    TranscriptRoundTrip.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
