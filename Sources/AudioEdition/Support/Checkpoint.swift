import Foundation

/// Test hook for crash safety: with `EDITION_CRASH_AT=N`, the process kills itself with
/// SIGKILL at the Nth point where a file has just been put in place or removed.
public enum Checkpoint {
    private static let target = ProcessInfo.processInfo.environment["EDITION_CRASH_AT"].flatMap { Int($0) }
    private static let counter = NSLock()
    nonisolated(unsafe) private static var count = 0

    public static func reached(_ what: String) {
        guard let target else { return }
        let now = counter.withLock {
            count += 1
            return count
        }
        if now == target { kill(getpid(), SIGKILL) }
    }
}
