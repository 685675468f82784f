import Foundation

/// Publishing into an output folder that workers on many machines share, serialised by a
/// PostgreSQL advisory lock keyed by the folder's path (which every worker mounts at the same
/// place). It is held by this process's own connection, so the server lets it go if the
/// process dies.
public final class AdvisoryLock: SharedFolderLock, @unchecked Sendable {
    private let connection: PostgresConnection
    private let guardian = NSLock()

    public init(url: String) throws {
        connection = try PostgresConnection(url: url)
    }

    public func lock(_ folder: URL, wait: Double) throws {
        let deadline = Date().addingTimeInterval(wait)
        try guardian.withLock {
            while true {
                do {
                    try connection.query("SELECT set_config('lock_timeout', $1, false)", ["\(Int(max(1, deadline.timeIntervalSinceNow * 1000)))"])
                    try connection.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [Self.key(folder)])
                    return
                } catch let error as DatabaseError where error.sqlState == "55P03" {
                    throw OutputError(path: folder.path, problem: "another worker is publishing here; gave up after waiting "
                        + "\(String(format: "%.0f", wait)) s for the queue's lock on the folder")
                } catch let error as DatabaseError where error.connectionLost && Date() < deadline {
                    // The server restarted: connect again and take the lock afresh.
                    Thread.sleep(forTimeInterval: 0.25)
                    try? connection.reconnect()
                }
            }
        }
    }

    public func unlock(_ folder: URL) {
        guardian.withLock {
            guard connection.isConnected else { return }
            _ = try? connection.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [Self.key(folder)])
        }
    }

    static func key(_ folder: URL) -> String {
        "edition-output:" + folder.standardizedFileURL.resolvingSymlinksInPath().path
    }
}
