import MailCore

/// What Tab completion completes against: the protocol of the session now open and what its server advertised.
/// `.connect` replaces the session, so the prompt loop points this at the current one after every line.
///
/// The line editor's completer must be `@Sendable`, but libedit calls it on the prompt loop's one thread, the
/// same thread that updates this; nothing else touches it.
final class CompletionContext: @unchecked Sendable {
    var mailProtocol: MailProtocol
    var advertised: AdvertisedCapabilities

    init(mailProtocol: MailProtocol, advertised: AdvertisedCapabilities) {
        self.mailProtocol = mailProtocol
        self.advertised = advertised
    }

    func completions(line: String, word: String) -> [String] {
        CommandVocabulary.completions(line: line, word: word, mailProtocol: mailProtocol,
                                      capabilities: advertised.current)
    }
}
