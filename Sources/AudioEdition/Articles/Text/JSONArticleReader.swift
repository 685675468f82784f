import Foundation

/// Reads an article in this JSON shape (only `title` and `body` or `html` are required):
///
///     {
///       "title": "US and Ukraine to attend joint defense industry conference",
///       "byline": "Rachel Amran",              // or ["Rachel Amran", "Jane Smith"]
///       "published": "2023-11-18",             // ISO 8601 date or date-time
///       "updated": "2023-11-19T08:00:00Z",
///       "url": "https://example.com/story",
///       "id": "story-123",
///       "standfirst": "One line under the headline.",
///       "publisher": "Example News",
///       "language": "en",
///       "body": ["First paragraph.", {"type": "quote", "text": "..."}, ...],
///       "html": "<p>First paragraph.</p>..."   // instead of body
///     }
///
/// A body item is a string (a paragraph) or an object with `type` (`paragraph`,
/// `subheading`, `quote`, `listItem`) and `text`.
public struct JSONArticleReader: Sendable {
    public init() {}

    public func read(_ source: SourceText) throws(ArticleError) -> Article {
        func malformed(_ reason: String) -> ArticleError {
            ArticleError(path: source.path, problem: .malformed(format: "a JSON article", reason: reason))
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(source.text.utf8)) as? [String: Any] else {
                throw malformed("the top level is not an object")
            }
            object = parsed
        } catch let error as ArticleError {
            throw error
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw malformed(reason)
        }
        guard let title = (object["title"] as? String).map(PlainText.collapse), !title.isEmpty else {
            throw malformed("no \"title\" string")
        }
        var blocks: [Article.Block] = []
        if let body = object["body"] {
            guard let items = body as? [Any] else { throw malformed("\"body\" is not a list of paragraphs") }
            for (index, item) in items.enumerated() {
                if let text = item as? String {
                    blocks.append(Article.Block(.paragraph, PlainText.collapse(text)))
                } else if let block = item as? [String: Any], let text = block["text"] as? String {
                    let type = (block["type"] as? String) ?? "paragraph"
                    guard let kind = Article.Block.Kind(rawValue: type) else {
                        throw malformed("body item \(index + 1) has type \"\(type)\"; expected paragraph, subheading, quote or listItem")
                    }
                    blocks.append(Article.Block(kind, PlainText.collapse(text)))
                } else {
                    throw malformed("body item \(index + 1) is neither a string nor an object with \"text\"")
                }
            }
        } else if let html = object["html"] as? String {
            blocks = try HTMLReader().read(fragment: html, path: source.path)
        }
        blocks.removeAll { !$0.hasWords }
        guard !blocks.isEmpty else { throw ArticleError(path: source.path, problem: .noArticleText) }
        let byline: [String] = if let names = object["byline"] as? [String] {
            names.map(PlainText.collapse)
        } else if let name = object["byline"] as? String {
            BylineParser.shared.names(in: name)
        } else {
            []
        }
        func date(_ key: String) -> String? {
            (object[key] as? String).flatMap { DateFinder.isoDate($0) ?? DateFinder.shared.firstDate(in: $0) }
        }
        return Article(id: object["id"] as? String, title: title, standfirst: object["standfirst"] as? String, byline: byline,
                       published: date("published"), updated: date("updated"), sourceURL: object["url"] as? String,
                       publisher: object["publisher"] as? String, language: object["language"] as? String, blocks: blocks)
    }
}
