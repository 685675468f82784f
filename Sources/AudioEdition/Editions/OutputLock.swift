import Foundation

/// One writer at a time for an output folder: `flock(2)` on `<output>/.lock`, which holds the
/// writer's pid for messages. The kernel releases the lock when its process dies however it
/// dies, so a lock left by a dead run is simply taken over.
public final class OutputLock {
    private let descriptor: Int32

    /// Takes the lock, waiting up to `wait` seconds for another run to finish.
    public init(_ output: OutputFolder, wait: Double) throws {
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
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
