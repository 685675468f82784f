import Foundation

/// The layout of an output folder. Episode files live in `<id>/`; everything that is not an
/// episode file (temporaries, later the segment cache) lives under `.cache/`.
public struct OutputFolder: Sendable {
    public let root: URL

    public init(_ root: URL) { self.root = root.standardizedFileURL }

    /// Temporaries: on the same file system as the final names, so a rename is atomic.
    public var scratch: URL { root.appendingPathComponent(".cache/tmp") }

    public func url(relative path: String) -> URL { root.appendingPathComponent(path) }

    /// `<id>/<id>-r<revision>.<ext>`: each revision has its own names, so the files of the
    /// revision a manifest names are never overwritten in place.
    public func relativePath(episode id: String, revision: Int, extension ext: String) -> String {
        "\(id)/\(id)-r\(revision).\(ext)"
    }

    /// A fresh temporary file name under `.cache/tmp/`, creating the folders on first use.
    public func temporaryFile(extension ext: String) throws -> URL {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        return scratch.appendingPathComponent("\(UUID().uuidString).\(ext)")
    }
}

/// A failure writing to the output folder.
public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "\(path): \(problem)" }
}

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
