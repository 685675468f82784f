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

