import Foundation

/// Reads the items of a news feed as articles, in the feed's order: RSS 0.9x, 1.0 (RDF) and
/// 2.0 (`content:encoded` or `description`), Atom 0.3 and 1.0 (`content` or `summary`, as
/// text, html or xhtml) and JSON Feed 1.x (`content_html`, `content_text` or `summary`).
/// Elements are matched by namespace, and links resolved against `xml:base` and the feed's
/// address. An item's HTML goes through the HTML reader's block extraction, so its
/// paragraphs, quotes and lists are kept apart. An item with no text but a page is kept,
/// to be read from its page (`FeedSources`); one that cannot be read is left out alone.
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
            || ["\"http://www.w3.org/2005/atom\"", "\"http://purl.org/atom/ns#\"", "\"http://purl.org/rss/1.0/\"",
                "\"http://my.netscape.com/rdf/simple/0.9/\""].contains { head.contains($0) }
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

    /// The namespaces feeds are written in. Elements are matched by namespace, never by the
    /// prefix a feed happens to bind.
    enum Namespace {
        static let atom = "http://www.w3.org/2005/Atom"
        static let atom03 = "http://purl.org/atom/ns#"
        static let rss10 = "http://purl.org/rss/1.0/"
        static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
        static let content = "http://purl.org/rss/1.0/modules/content/"
        static let dublinCore = "http://purl.org/dc/elements/1.1/"
        /// RSS 0.9x and 2.0 have none; RSS 1.0 and 0.90 have their own.
        static let rss: Set<String?> = [nil, rss10, rss090]
        static let atoms: Set<String?> = [atom, atom03]
    }

    /// An entry of an XML feed and the address its relative links resolve against.
    private struct Entry {
        var element: HTMLElement
        var base: String

        func children(_ local: String, in namespaces: Set<String?>) -> [HTMLElement] {
            element.children.compactMap { node in
                if case let .element(child) = node, child.localName == local, namespaces.contains(child.namespace) { child } else { nil }
            }
        }

        func first(_ local: String, in namespaces: Set<String?>) -> HTMLElement? { children(local, in: namespaces).first }

        func text(_ local: String, in namespaces: Set<String?>) -> String? {
            children(local, in: namespaces).lazy.map { PlainText.collapse($0.rawText) }.first { !$0.isEmpty }
        }
    }

    /// RSS 0.9x, 1.0 (RDF) and 2.0, and Atom 0.3 and 1.0.
    private func xml(_ file: SourceFile) throws(ArticleError) -> [Item] {
        let root = try HTMLDocument(bytes: [UInt8](file.data), path: file.path, xml: true).root()
        // Entries, each with its xml:base resolved through its ancestors' against the feed's address.
        var entries: [Entry] = []
        var feedLanguage: String?
        func visit(_ element: HTMLElement, base: String) {
            var stack: [(HTMLElement, String)] = [(element, base)]
            while let (current, base) = stack.popLast() {
                let here = current["base"].map { Self.resolve($0, against: base) } ?? base
                let isEntry = (current.localName == "item" && Namespace.rss.contains(current.namespace))
                    || (current.localName == "entry" && Namespace.atoms.contains(current.namespace))
                if isEntry {
                    entries.append(Entry(element: current, base: here))
                    continue
                }
                // RSS's <language> (or Dublin Core's), or Atom's xml:lang, on the feed.
                if feedLanguage == nil {
                    if let lang = current["lang"], !lang.isEmpty { feedLanguage = lang }
                    if current.localName == "language", Namespace.rss.contains(current.namespace) || current.namespace == Namespace.dublinCore,
                       !current.text.isEmpty { feedLanguage = current.text }
                }
                for case let .element(child) in current.children.reversed() { stack.append((child, here)) }
            }
        }
        visit(root, base: file.path)
        var result: [Item] = []
        for (index, entry) in entries.enumerated() {
            let atom = Namespace.atoms.contains(entry.element.namespace)
            let ns: Set<String?> = atom ? Namespace.atoms : Namespace.rss
            guard let titleElement = entry.first("title", in: ns) else { continue }
            let title = atom ? Self.atomText(titleElement) : PlainText.collapse(titleElement.rawText)
            guard !title.isEmpty else { continue }
            // The story: content:encoded or Atom's content; else the description or summary.
            let full = entry.first("encoded", in: [Namespace.content]) ?? (atom ? entry.first("content", in: ns) : nil)
            let summary = atom ? entry.first("summary", in: ns) : entry.first("description", in: ns)
            let body = full ?? summary
            let html = body.map { atom && $0.namespace != Namespace.content ? Self.atomHTML($0) : $0.rawText } ?? ""
            // An item whose HTML cannot be read fails alone, not the whole feed.
            guard let blocks = try? self.blocks(html, path: file.path) else { continue }
            let author = entry.text("creator", in: [Namespace.dublinCore]) ?? (atom ? nil : entry.text("author", in: ns))
                ?? entry.first("author", in: ns).flatMap { Entry(element: $0, base: entry.base).text("name", in: ns) }
            let published = (atom ? entry.text("published", in: ns) ?? entry.text("issued", in: ns) : entry.text("pubDate", in: ns))
                ?? entry.text("date", in: [Namespace.dublinCore]) ?? entry.text(atom ? "updated" : "lastBuildDate", in: ns)
                ?? (atom ? entry.text("modified", in: ns) : nil)
            let link = (atom ? Self.atomLink(entry.children("link", in: ns)) : entry.text("link", in: ns))
                .map { Self.resolve($0, against: entry.base) }
            let id = entry.text(atom ? "id" : "guid", in: ns) ?? entry.element["about"] ?? link ?? "\(file.path)#\(index + 1)"
            // No story and no page to read it from: nothing to read.
            guard !blocks.isEmpty || link.map(HTTPClient.isURL) == true else { continue }
            let article = Article(id: id, title: title, byline: author.map { BylineParser.shared.names(in: $0) } ?? [],
                                  published: published.flatMap { DateFinder.isoDate($0) ?? DateFinder.shared.firstDate(in: $0) },
                                  sourceURL: link, language: entry.element["lang"] ?? feedLanguage, blocks: blocks)
            result.append(Item(id: id, article: article, sha256: SHA256.hex(title + "\u{1F}" + html + "\u{1F}" + (author ?? "") + "\u{1F}" + (published ?? "")),
                               link: link, isFull: full != nil && !blocks.isEmpty))
        }
        return result
    }

    /// An Atom text construct as HTML: `type` text (the default), html, or xhtml; Atom 0.3's
    /// `mode` escaped or xml. Base64 content is no text to read.
    private static func atomHTML(_ element: HTMLElement) -> String {
        let type = (element["type"] ?? "text").lowercased()
        switch (type, element["mode"]?.lowercased()) {
        case (_, "base64"): return ""
        case ("xhtml", _), (_, "xml"): return element.children.map(markup).joined()
        case ("html", _), ("text/html", _), (_, "escaped"): return element.rawText
        default: return element.rawText.components(separatedBy: "\n\n").map { "<p>" + escape($0) + "</p>" }.joined()
        }
    }

    /// An Atom title's text, whatever its type.
    private static func atomText(_ element: HTMLElement) -> String {
        let html = atomHTML(element)
        guard html.contains("<") else { return PlainText.collapse(html) }
        let fragment = (try? HTMLReader().read(fragment: "<p>" + html + "</p>", path: "title")) ?? []
        return PlainText.collapse(fragment.map(\.text).joined(separator: " "))
    }

    /// The entry's page: its link with rel alternate, or with no rel.
    private static func atomLink(_ links: [HTMLElement]) -> String? {
        links.first { ($0["rel"] ?? "alternate").lowercased() == "alternate" && $0["href"]?.isEmpty == false }?["href"]
    }

    /// XHTML content copied back to markup for the HTML reader, without its prefixes.
    private static func markup(_ node: HTMLNode) -> String {
        switch node {
        case let .text(text): return escape(text)
        case let .element(element):
            let attributes = element.attributes.sorted { $0.key < $1.key }
                .map { " \($0.key)=\"\(escape($0.value).replacingOccurrences(of: "\"", with: "&quot;"))\"" }.joined()
            return "<\(element.localName)\(attributes)>" + element.children.map(markup).joined() + "</\(element.localName)>"
        }
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
            let url = (item["url"] as? String).map { Self.resolve($0, against: (feed["home_page_url"] as? String) ?? file.path) }
            guard let blocks = try? self.blocks(html, path: file.path), !blocks.isEmpty || url.map(HTTPClient.isURL) == true else { continue }
            // JSON Feed 1.1's authors, or 1.0's author.
            let authors = ((item["authors"] ?? feed["authors"]) as? [[String: Any]])?.compactMap { $0["name"] as? String }
                ?? ((item["author"] ?? feed["author"]) as? [String: Any]).flatMap { $0["name"] as? String }.map { [$0] } ?? []
            let published = (item["date_published"] as? String).flatMap(DateFinder.isoDate)
            let id = (item["id"] as? String) ?? (item["id"] as? Int).map(String.init) ?? url ?? "\(file.path)#\(index + 1)"
            let article = Article(id: id, title: PlainText.collapse(title), byline: authors, published: published,
                                  sourceURL: url, language: (item["language"] ?? feed["language"]) as? String, blocks: blocks)
            result.append(Item(id: id, article: article, sha256: SHA256.hex(title + "\u{1F}" + html + "\u{1F}" + authors.joined(separator: ",") + "\u{1F}" + (published ?? "")),
                               link: url, isFull: (item["content_html"] != nil || item["content_text"] != nil) && !blocks.isEmpty))
        }
        return result
    }

    private func blocks(_ html: String, path: String) throws(ArticleError) -> [Article.Block] {
        guard !html.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        // A summary in plain text, with no tags at all, is one paragraph.
        let markup = html.contains("<") ? html : "<p>" + Self.escape(html) + "</p>"
        return try HTMLReader().read(fragment: markup, path: path)
    }

    /// A link as an absolute address: one relative to an address (the feed's own, or an
    /// `xml:base`) is resolved against it; against a file's path it stays as it is.
    static func resolve(_ link: String, against base: String) -> String {
        let link = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard HTTPClient.isURL(base), !HTTPClient.isURL(link), let base = URL(string: base),
              let absolute = URL(string: link, relativeTo: base)?.absoluteString else { return link }
        return absolute
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
