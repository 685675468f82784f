import Foundation
import Synchronization

/// The formats an article can come in.
public enum ArticleFormat: String, Sendable, CaseIterable, Codable {
    /// An HTML page.
    case html
    /// Plain text: a written article, or the text of a scraped page.
    case text
    /// Markdown, with optional front matter.
    case markdown
    /// JSON in the shape `JSONArticleReader` documents.
    case json

    /// The format an extension names, if any.
    public init?(extension ext: String) {
        switch ext.lowercased() {
        case "html", "htm", "xhtml", "shtml": self = .html
        case "md", "markdown", "mdown", "mkd": self = .markdown
        case "json": self = .json
        case "txt", "text": self = .text
        default: return nil
        }
    }

    /// The format the first bytes of a file look like: `<` and an HTML tag, `{`, front
    /// matter or a `#` heading; text otherwise.
    public static func sniff(_ data: Data) -> ArticleFormat {
        var head = String(decoding: data.prefix(4096), as: UTF8.self)
        if head.hasPrefix("\u{FEFF}") { head.removeFirst() }
        let start = head.drop { $0.isWhitespace }
        let lowered = start.prefix(512).lowercased()
        if lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") || lowered.hasPrefix("<head")
            || lowered.hasPrefix("<body") || lowered.hasPrefix("<article") || lowered.hasPrefix("<p>")
            || (lowered.hasPrefix("<") && (lowered.contains("<body") || lowered.contains("<p>") || lowered.contains("<div"))) {
            return .html
        }
        if start.hasPrefix("{") { return .json }
        if start.hasPrefix("---\n") || start.hasPrefix("# ") { return .markdown }
        return .text
    }
}

/// An article and where it came from.
public struct ArticleSource: Sendable {
    /// A file's path, or an http(s) address.
    public var path: String
    /// SHA-256 of the file's bytes, which decides whether an episode is up to date.
    public var sha256: String
    public var format: ArticleFormat
    public var article: Article
    /// How the reader found the story, when it had a choice (an HTML page's stage).
    public var extraction: String?
    /// A fetched source's ETag and Last-Modified, to ask again conditionally.
    public var validators: HTTPValidators? = nil
    /// For an item of a watched feed: the feed's address and the item's id. When `path` is
    /// the feed itself, the text is the item's content in the feed.
    public var feed: String? = nil
    public var item: String? = nil
}

/// Picks the reader for a file, by its extension and then by its content, and reads it.
/// An http(s) address is fetched first, and its media type comes before its extension.
public struct ArticleReader: Sendable {
    public var fetch: FetchSettings
    /// The language every article is taken to be in (`--language`), whatever it declares.
    public var language: String?

    public init(fetch: FetchSettings = FetchSettings(), language: String? = nil) {
        self.fetch = fetch
        self.language = language.flatMap(LanguageTag.normalise)
    }

    public func read(path: String, as format: ArticleFormat? = nil) throws(ArticleError) -> ArticleSource {
        guard HTTPClient.isURL(path) else { return try read(SourceFile.load(path: path), as: format) }
        let client: HTTPClient
        do { client = try HTTPClient(settings: fetch) } catch { throw ArticleError(path: path, problem: .fetch(error)) }
        guard let file = try SourceFile.fetch(path, client: client) else { throw ArticleError(path: path, problem: .empty) }
        return try read(file, as: format)
    }

    public func read(_ file: SourceFile, as format: ArticleFormat? = nil) throws(ArticleError) -> ArticleSource {
        let path = file.path
        if format == nil, file.validators != nil, file.isFeed {
            throw ArticleError(path: path, problem: .isFeed)
        }
        let fromName = HTTPClient.isURL(path) ? URL(string: path).map { $0.pathExtension } : (path as NSString).pathExtension
        let format = format ?? file.contentType.flatMap(ArticleFormat.init(mediaType:)) ?? fromName.flatMap(ArticleFormat.init(extension:))
        let chosen = format.map { known in
            // A .txt that is really a saved page is read as the page it is.
            known == .text && ArticleFormat.sniff(file.data) == .html ? .html : known
        } ?? ArticleFormat.sniff(file.data)
        let read = try Self.read(file, as: chosen)
        var article = read.article
        // Declared (the page, then the server), checked against the text's script; or told
        // from the text; or given.
        article.language = language ?? LanguageDetector.shared.resolve(declared: article.language ?? file.contentLanguage,
                                                                        text: article.languageSample)
        return ArticleSource(path: path, sha256: file.sha256, format: chosen, article: article, extraction: read.extraction,
                             validators: file.validators)
    }

    /// Articles read in this process, by file, format and content: a regenerate reads an
    /// article for its episode and again as a story of a briefing.
    private static let known = Mutex<[String: (article: Article, extraction: String?)]>([:])

    private static func read(_ file: SourceFile, as format: ArticleFormat) throws(ArticleError) -> (article: Article, extraction: String?) {
        let key = [file.path, format.rawValue, file.charset ?? "", file.sha256].joined(separator: "\u{1F}")
        if let known = known.withLock({ $0[key] }) { return known }
        let result: (article: Article, extraction: String?)
        switch format {
        case .html:
            let read = try HTMLReader().readWithStage(file)
            result = (read.article, read.stage.rawValue)
        case .text: result = (try PageTextReader().read(file.text()), nil)
        case .markdown: result = (try MarkdownReader().read(file.text()), nil)
        case .json: result = (try JSONArticleReader().read(file.text()), nil)
        }
        known.withLock { articles in
            if articles.count >= 64 { articles.removeAll() }
            articles[key] = result
        }
        return result
    }
}
