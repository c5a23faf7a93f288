import Foundation

/// A misbehaving server from `Tests/Servers/scripted_server.py`, serving one connection on 127.0.0.1.
public final class ScriptedServer: @unchecked Sendable {
    public var port: Int { server.port }
    private let server: ServerScript

    /// Starts `scenario` and waits (bounded) until it listens. `certificate`/`key` are env keys of TestServers.
    public init(scenario: String, certificate: String? = nil, key: String? = nil) throws {
        guard let servers = TestServers.current else { throw ScriptedServerError.noTestServers }
        var arguments = ["--scenario", scenario]
        if let certificate, let key {
            arguments += ["--cert", servers[certificate], "--key", servers[key]]
        }
        guard let server = try ServerScript(servers["SCRIPTED_SERVER"], name: "scripted",
                                            arguments: { _ in arguments }) else {
            throw ScriptedServerError.didNotStart(scenario)
        }
        self.server = server
    }
}

public enum ScriptedServerError: Error {
    case noTestServers
    case didNotStart(String)
}
