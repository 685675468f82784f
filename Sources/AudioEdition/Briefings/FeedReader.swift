import Foundation

/// Reads the items of a news feed as articles, in the feed's order: RSS 2.0 (`content:encoded`
/// or `description`), Atom (`content` or `summary`) and JSON Feed 1.x (`content_html`,
/// `content_text` or `summary`). An item's HTML goes through the HTML reader's block
/// extraction, so its paragraphs, quotes and lists are kept apart.
public struct FeedReader: Sendable {
    public struct Item: Sendable {
        /// The item's own identifier: guid, Atom id, JSON Feed id, or its link.
        public var id: String
        public var article: Article
        /// SHA-256 of what the item says, so an edited item is a changed story.
        public var sha256: String
        /// The item's page.
        public var link: String?
        /// Whether the feed carries the story itself (`content:encoded`, Atom `content`,
        /// JSON Feed `content_html` or `content_text`), not only a summary.
        public var isFull: Bool
    }

    public init() {}

    /// Whether a file is a feed, from its first bytes.
    public static func isFeed(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(2048), as: UTF8.self).lowercased()
        return head.contains("<rss") || head.contains("<feed") || head.contains("jsonfeed.org/version")
    }

    public func read(_ file: SourceFile) throws(ArticleError) -> [Item] {
        let head = String(decoding: file.data.prefix(2048), as: UTF8.self).lowercased()
        var items = head.contains("jsonfeed.org/version") ? try json(file) : try xml(file)
        guard !items.isEmpty else { throw ArticleError(path: file.path, problem: .noArticleText) }
        // Each item in its own language: the feed's or the item's declared one, checked against
        // its text, or told from it.
        for index in items.indices {
            items[index].article.language = LanguageDetector.shared.resolve(declared: items[index].article.language,
                                                                            text: items[index].article.languageSample)
        }
        return items
    }

    private func xml(_ file: SourceFile) throws(ArticleError) -> [Item] {
        let root = try HTMLDocument(bytes: [UInt8](file.data), path: file.path, xml: true).root()
        var entries: [HTMLElement] = []
        root.walk { element in
            if element.name == "item" || element.name == "entry" {
                entries.append(element)
                return false
            }
            return true
        }
        // RSS's <language>, or Atom's xml:lang (kept as "lang") on the feed or the entry.
        var feedLanguage = root["lang"]
        root.walk { element in
            if element.name == "language", feedLanguage == nil, !element.text.isEmpty { feedLanguage = element.text }
            return element.name != "item" && element.name != "entry" && feedLanguage == nil
        }
        var result: [Item] = []
        for (index, entry) in entries.enumerated() {
            func child(_ names: String...) -> HTMLElement? {
                for name in names {
                    for case let .element(element) in entry.children where element.name == name { return element }
                }
                return nil
            }
            func text(_ names: String...) -> String? {
                for name in names {
                    for case let .element(element) in entry.children where element.name == name {
                        let value = element.name == "link" ? element["href"] ?? element.text : element.text
                        if !value.isEmpty { return value }
                    }
                }
                return nil
            }
            guard let title = text("title") else { continue }
            let body = child("content:encoded", "content", "description", "summary")
            let html = body.map { $0.rawText } ?? ""
            // An item whose HTML cannot be read is left out, not the whole feed.
            guard let blocks = try? self.blocks(html, path: file.path), !blocks.isEmpty else { continue }
            let author = text("dc:creator", "author") ?? child("author").flatMap { author in
                author.children.lazy.compactMap { if case let .element(e) = $0, e.name == "name" { e.text } else { nil } }.first
            }
            let published = text("pubDate", "published", "dc:date", "updated").flatMap { DateFinder.isoDate($0) ?? DateFinder.shared.firstDate(in: $0) }
            let link = text("link").map { Self.resolve($0, in: file.path) }
            let id = text("guid", "id") ?? link ?? "\(file.path)#\(index + 1)"
            let article = Article(id: id, title: PlainText.collapse(title), byline: author.map { BylineParser.shared.names(in: $0) } ?? [],
                                  published: published, sourceURL: link, language: entry["lang"] ?? feedLanguage, blocks: blocks)
            result.append(Item(id: id, article: article, sha256: SHA256.hex(title + "\u{1F}" + html + "\u{1F}" + (author ?? "") + "\u{1F}" + (published ?? "")),
                               link: link, isFull: body.map { ["content:encoded", "content"].contains($0.name) } ?? false))
        }
        return result
    }

    private func json(_ file: SourceFile) throws(ArticleError) -> [Item] {
        func malformed(_ reason: String) -> ArticleError { ArticleError(path: file.path, problem: .malformed(format: "JSON Feed", reason: reason)) }
        guard let feed = try? JSONSerialization.jsonObject(with: file.data) as? [String: Any] else { throw malformed("not a JSON object") }
        guard let items = feed["items"] as? [[String: Any]] else { throw malformed("no \"items\" list") }
        var result: [Item] = []
        for (index, item) in items.enumerated() {
            guard let title = item["title"] as? String, !title.isEmpty else { continue }
            let html = (item["content_html"] as? String)
                ?? (item["content_text"] as? String).map { text in
                    text.components(separatedBy: "\n\n").map { "<p>" + Self.escape($0) + "</p>" }.joined()
                }
                ?? (item["summary"] as? String).map { "<p>" + Self.escape($0) + "</p>" } ?? ""
            guard let blocks = try? self.blocks(html, path: file.path), !blocks.isEmpty else { continue }
            let authors = (item["authors"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            let published = (item["date_published"] as? String).flatMap(DateFinder.isoDate)
            let id = (item["id"] as? String) ?? (item["url"] as? String) ?? "\(file.path)#\(index + 1)"
            let article = Article(id: id, title: PlainText.collapse(title), byline: authors, published: published,
                                  sourceURL: item["url"] as? String, language: (item["language"] ?? feed["language"]) as? String, blocks: blocks)
            result.append(Item(id: id, article: article, sha256: SHA256.hex(title + "\u{1F}" + html + "\u{1F}" + authors.joined(separator: ",") + "\u{1F}" + (published ?? "")),
                               link: (item["url"] as? String).map { Self.resolve($0, in: file.path) }, isFull: item["content_html"] != nil || item["content_text"] != nil))
        }
        return result
    }

    private func blocks(_ html: String, path: String) throws(ArticleError) -> [Article.Block] {
        guard !html.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        // A summary in plain text, with no tags at all, is one paragraph.
        let markup = html.contains("<") ? html : "<p>" + Self.escape(html) + "</p>"
        return try HTMLReader().read(fragment: markup, path: path)
    }

    /// A link as an absolute address: one relative to a fetched feed is resolved against the
    /// feed's address.
    static func resolve(_ link: String, in feed: String) -> String {
        guard HTTPClient.isURL(feed), !HTTPClient.isURL(link), let base = URL(string: feed),
              let absolute = URL(string: link.trimmingCharacters(in: .whitespaces), relativeTo: base)?.absoluteString else { return link }
        return absolute
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
