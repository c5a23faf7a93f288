/// A practice account: the address is also the login name.
public struct LabAccount: Equatable, Sendable {
    public var address: String
    public var password: String

    public init(address: String, password: String) {
        self.address = address
        self.password = password
    }

    /// The lab's one domain: it takes mail for it and relays nothing else.
    public static let domain = "lab.test"
    /// The name the lab's servers give themselves in greetings and trace headers.
    public static let hostName = "lab.test"

    public static let alice = LabAccount(address: "alice@lab.test", password: "wonderland")
    public static let bob = LabAccount(address: "bob@lab.test", password: "builder")
    public static let practiceAccounts = [alice, bob]

    /// The account a login name stands for: the full address, or the local part alone (as Dovecot allows), in
    /// any letter case.
    public static func account(forLogin login: String, in accounts: [LabAccount]) -> LabAccount? {
        let lowered = login.lowercased()
        return accounts.first { account in
            account.address == lowered || account.address == lowered + "@" + domain
        }
    }
}
