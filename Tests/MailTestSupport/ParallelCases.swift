import Foundation

/// Runs test cases that mostly wait on a server (a login refused after Dovecot's 2 s failure delay) each on a
/// thread of its own. Swift Testing runs synchronous tests on as many threads as there are cores, so on a small
/// machine such waits would otherwise add up one after another.
public enum ParallelCases {
    public static func run<Case: Sendable, Value: Sendable>(
        _ cases: [Case], _ body: @escaping @Sendable (Case) throws -> Value
    ) -> [Result<Value, any Error>] {
        let results = ResultSlots<Value>(count: cases.count)
        let group = DispatchGroup()
        for (index, item) in cases.enumerated() {
            group.enter()
            let thread = Thread {
                results.set(index, Result { try body(item) })
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return results.values
    }
}

private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, any Error>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<Value, any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [Result<Value, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(ParallelCaseError.didNotFinish) }
    }
}

public enum ParallelCaseError: Error {
    case didNotFinish
}
