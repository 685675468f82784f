import Foundation
import Hummingbird
import Logging

/// The output folder's published files, for `FileMiddleware` (which answers ranges,
/// validators and HEAD): a file whose real path, links resolved, is outside the folder is
/// not found. Hidden names (the segment cache, the job journal, the lock, temporaries) are
/// refused before this, by `HiddenFiles`.
struct PublishedFiles: FileProvider {
    typealias FileAttributes = LocalFileSystem.FileAttributes
    typealias FileIdentifier = String

    private let files: LocalFileSystem
    private let root: String

    init(root: URL, logger: Logger) {
        let real = root.resolvingSymlinksInPath().path
        self.root = real.hasSuffix("/") ? real : real + "/"
        files = LocalFileSystem(rootFolder: self.root, threadPool: .singleton, logger: logger)
    }

    func getFileIdentifier(_ path: String) -> String? {
        guard let path = files.getFileIdentifier(path), let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        let resolved = String(cString: real)
        guard resolved + "/" == root || resolved.hasPrefix(root) else { return nil }
        return resolved
    }

    func getAttributes(id: String) async throws -> FileAttributes? {
        try await files.getAttributes(id: id)
    }

    func loadFile(id: String, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(id: id, context: context)
    }

    func loadFile(id: String, range: ClosedRange<Int>, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(id: id, range: range, context: context)
    }
}

/// A path with a component that starts with a dot, percent-encoded or not (`..`, `.cache`,
/// `.jobs`, `.lock`), names nothing that is published: 404.
struct HiddenFiles<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            throw HTTPError(.notFound, message: "not found: \(request.uri.path)")
        }
        return try await next(request, context)
    }
}

extension FileMiddleware where Provider == PublishedFiles {
    /// The types of what an output folder publishes.
    static func published(_ root: URL, logger: Logger) -> FileMiddleware<Context, PublishedFiles> {
        FileMiddleware(fileProvider: PublishedFiles(root: root, logger: logger), searchForIndexHtml: true)
            .withAdditionalMediaTypes(forFileExtensions: [
                "mp3": MediaType(type: .audio, subType: "mpeg"),
                "flac": MediaType(type: .audio, subType: "flac"),
                "opus": MediaType(type: .audio, subType: "ogg", parameter: ("codecs", "opus")),
                "wav": MediaType(type: .audio, subType: "wav"),
                "vtt": MediaType(type: .text, subType: "vtt", parameter: ("charset", "utf-8")),
                "m3u8": MediaType(type: .application, subType: "vnd.apple.mpegurl"),
                "xml": MediaType(type: .application, subType: "rss+xml", parameter: ("charset", "utf-8")),
                "json": MediaType(type: .application, subType: "json"),
                "html": MediaType(type: .text, subType: "html", parameter: ("charset", "utf-8")),
            ])
    }
}
