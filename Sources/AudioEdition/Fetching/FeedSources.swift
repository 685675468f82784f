import Foundation

/// The article each item of a fetched feed stands for: the item itself when the feed carries
/// the whole story, and otherwise the page its link names, fetched (conditionally, when the
/// episode made from it last time recorded validators). An item with neither a whole story
/// nor a page is read from its summary, and one with no text and no page is an error of its own.
public struct FeedSources {
    public let client: HTTPClient

    public init(client: HTTPClient) { self.client = client }

    /// The feed at `url` and its items; nil when it has not changed since `validators`.
    public func items(of url: String, unless validators: HTTPValidators? = nil) throws(ArticleError) -> (file: SourceFile, items: [FeedReader.Item])? {
        guard let file = try SourceFile.fetch(url, client: client, unless: validators) else { return nil }
        guard file.isFeed else {
            throw ArticleError(path: url, problem: .malformed(format: "a feed", reason: "it is not RSS, Atom or JSON Feed"))
        }
        return (file, try FeedReader().read(file))
    }

    /// Whether the item is read from its page rather than from the feed.
    public static func readsPage(_ item: FeedReader.Item) -> Bool {
        !item.isFull && item.link.map(HTTPClient.isURL) == true
    }

    /// The item's article. `previous` is what the item's episode was made from: a page is
    /// fetched conditionally on its validators, and nil comes back when it has not changed.
    public func source(of item: FeedReader.Item, in feed: SourceFile, previous: Manifest.Episode.Source? = nil) throws(ArticleError) -> ArticleSource? {
        guard Self.readsPage(item), let link = item.link else {
            guard !item.article.blocks.isEmpty else {
                throw ArticleError(path: item.link ?? "\(feed.path)#\(item.id)", problem: .noArticleText)
            }
            return ArticleSource(path: feed.path, sha256: item.sha256, format: .html, article: item.article, extraction: "feed item",
                                 validators: feed.validators, feed: feed.path, item: item.id)
        }
        let validators = previous?.path == link ? previous?.validators : nil
        guard let page = try SourceFile.fetch(link, client: client, unless: validators) else { return nil }
        var source = try ArticleReader(fetch: client.settings).read(page)
        (source.feed, source.item) = (feed.path, item.id)
        // A page that gives no date has the one its feed gives.
        if source.article.published == nil { source.article.published = item.article.published }
        return source
    }
}
