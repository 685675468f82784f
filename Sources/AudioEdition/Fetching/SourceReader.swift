import Foundation

/// Reads an episode's source again as the manifest recorded it: a file; a page, asked
/// conditionally on its validators; or an item of a feed. One HTTP client serves every
/// fetch, so a pass over one site keeps its connection.
public final class SourceReader {
    /// The source is no longer there: a file removed, a page answering 404 or 410, an item
    /// its feed no longer lists.
    public struct Gone: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public let fetch: FetchSettings
    private var client: HTTPClient?

    public init(fetch: FetchSettings = FetchSettings()) { self.fetch = fetch }

    /// A reader whose fetches go through `client`, shared with the caller's own.
    public init(client: HTTPClient) {
        fetch = client.settings
        self.client = client
    }

    /// The source as it is now, or nil when the server says it has not changed.
    public func read(_ source: Manifest.Episode.Source) throws -> ArticleSource? {
        guard HTTPClient.isURL(source.path) else {
            guard FileNameBytes.exists(source.path) else { throw Gone(reason: "source missing: \(FileNameBytes.display(source.path))") }
            return try ArticleReader(fetch: fetch).read(path: source.path)
        }
        let client = try self.client ?? HTTPClient(settings: fetch)
        self.client = client
        do {
            if let item = source.item, source.path == source.feed {
                guard let feed = try FeedSources(client: client).items(of: source.path, unless: source.validators) else { return nil }
                guard let current = feed.items.first(where: { $0.id == item }) else {
                    throw Gone(reason: "no longer in the feed: \(source.path) lists no item \(item)")
                }
                return try FeedSources(client: client).source(of: current, in: feed.file)
            }
            guard let file = try SourceFile.fetch(source.path, client: client, unless: source.validators) else { return nil }
            var read = try ArticleReader(fetch: fetch).read(file)
            (read.feed, read.item) = (source.feed, source.item)
            return read
        } catch let error as ArticleError {
            if case let .fetch(failure) = error.problem, failure.isGone { throw Gone(reason: "source missing: \(failure)") }
            throw error
        }
    }
}
