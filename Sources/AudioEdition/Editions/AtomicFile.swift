import Foundation

/// Files that appear under their final name only when complete.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL, scratch: URL) throws {
        try writing(to: url, scratch: scratch) { try $0.write(contentsOf: data) }
    }

    /// Writes `url` through `body`, which is given a temporary file in `scratch` to write; the
    /// file is moved into place once `body` returns, and removed should anything fail.
    public static func writing(to url: URL, scratch: URL, _ body: (FileHandle) throws -> Void) throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let temporary = scratch.appendingPathComponent("\(UUID().uuidString).\(url.lastPathComponent)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let handle = FileHandle(forWritingAtPath: temporary.path) else {
            throw OutputError(path: temporary.path, problem: "cannot write: \(String(cString: strerror(errno)))")
        }
        do {
            try body(handle)
            try handle.close()
            try move(temporary, to: url)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// `rename(2)`: replaces `destination` in one step when both are on one file system.
    public static func move(_ source: URL, to destination: URL) throws {
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        if rename(source.path, destination.path) != 0 {
            throw OutputError(path: destination.path, problem: "cannot move into place: \(String(cString: strerror(errno)))")
        }
        Checkpoint.reached("moved \(destination.lastPathComponent)")
    }
}
