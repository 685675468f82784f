import Foundation

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
    public var path: String
    /// SHA-256 of the file's bytes, which decides whether an episode is up to date.
    public var sha256: String
    public var format: ArticleFormat
    public var article: Article
    /// How the reader found the story, when it had a choice (an HTML page's stage).
    public var extraction: String?
}

/// Picks the reader for a file, by its extension and then by its content, and reads it.
public struct ArticleReader: Sendable {
    public init() {}

    public func read(path: String, as format: ArticleFormat? = nil) throws(ArticleError) -> ArticleSource {
        let file = try SourceFile.load(path: path)
        let format = format ?? ArticleFormat(extension: (path as NSString).pathExtension).flatMap { known in
            // A .txt that is really a saved page is read as the page it is.
            known == .text && ArticleFormat.sniff(file.data) == .html ? .html : known
        } ?? ArticleFormat.sniff(file.data)
        var extraction: String?
        let article: Article
        switch format {
        case .html:
            let read = try HTMLReader().readWithStage(file)
            (article, extraction) = (read.article, read.stage.rawValue)
        case .text: article = try PageTextReader().read(file.text())
        case .markdown: article = try MarkdownReader().read(file.text())
        case .json: article = try JSONArticleReader().read(file.text())
        }
        return ArticleSource(path: path, sha256: file.sha256, format: format, article: article, extraction: extraction)
    }
}
