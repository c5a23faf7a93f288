/// What the server advertised in this session, kept current for Tab completion.
///
/// The line editor's completer must be `@Sendable`, although libedit calls it on the prompt loop's one thread,
/// the same thread that updates this list from session events. Nothing else reads or writes it.
public final class AdvertisedCapabilities: @unchecked Sendable {
    public private(set) var current: [String] = []

    public init() {}

    func update(_ capabilities: [String]) {
        current = capabilities
    }
}
