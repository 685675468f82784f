import Foundation

/// One writer at a time for an output folder: `flock(2)` on `<output>/.lock`, which holds the
/// writer's pid for messages. The kernel releases the lock when its process dies however it
/// dies, so a lock left by a dead run is simply taken over. Where other machines write the
/// folder too, their `SharedFolderLock` is taken first and let go last.
public final class OutputLock {
    private let descriptor: Int32
    private let shared: (any SharedFolderLock)?
    private let root: URL

    /// Takes the lock, waiting up to `wait` seconds for another run to finish.
    public init(_ output: OutputFolder, wait: Double, shared: (any SharedFolderLock)? = nil) throws {
        root = output.root
        self.shared = shared
        try shared?.lock(output.root, wait: wait)
        do {
            descriptor = try Self.take(output, wait: wait)
        } catch {
            shared?.unlock(output.root)
            throw error
        }
    }

    private static func take(_ output: OutputFolder, wait: Double) throws -> Int32 {
        if let reason = SegmentCache.makeDirectories(output.root.path) {
            throw OutputError(path: output.root.path, problem: "cannot create it: \(reason)")
        }
        let path = output.root.appendingPathComponent(".lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, problem: "cannot open the lock: \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                close(fd)
                throw OutputError(path: output.root.path, problem: "another edition run (pid \(holder)) is writing here; "
                    + "gave up after waiting \(String(format: "%.0f", wait)) s (--wait sets how long)")
            }
            usleep(100_000)
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        return fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
        shared?.unlock(root)
    }
}

/// A lock on an output folder that runs on other machines take too (the job queue's
/// PostgreSQL advisory lock, `AdvisoryLock`).
public protocol SharedFolderLock: Sendable {
    /// Waits up to `wait` seconds for the folder.
    func lock(_ folder: URL, wait: Double) throws
    func unlock(_ folder: URL)
}

/// How a run that shares its output folder with runs on other machines holds it: only while
/// it publishes (the shared lock, then the folder's own), reading the manifest again each
/// time, so that many make episodes for one folder at once.
public struct PublicationLock: Sendable {
    public var shared: any SharedFolderLock
    /// Seconds to wait for each publication's turn.
    public var wait: Double

    public init(shared: any SharedFolderLock, wait: Double = 60) {
        self.shared = shared
        self.wait = wait
    }
}
