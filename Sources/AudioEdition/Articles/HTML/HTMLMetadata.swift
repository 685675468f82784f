import Foundation

/// What a page says about itself, in order of trust: JSON-LD `NewsArticle`/`Article`, then
/// OpenGraph and `article:` meta tags (and the other author and date tags publishers use),
/// then `<time datetime>`, then `<title>`.
struct HTMLMetadata {
    var title: String?
    var authors: [String] = []
    var published: String?
    var updated: String?
    var url: String?
    var publisher: String?
    var language: String?
    var standfirst: String?

    init(root: HTMLElement, bylines: BylineParser) {
        var meta: [String: String] = [:]
        var ldScripts: [String] = []
        var titleTag: String?
        var times: [String] = []
        var headings: [String] = []  // h1s, then h2s
        var firstH2 = 0
        var bylineTexts: [String] = []
        var standfirsts: [String] = []
        language = root["lang"].flatMap { $0.isEmpty ? nil : $0 }
        root.walk { element in
            switch element.name {
            case "meta":
                if let key = (element["property"] ?? element["name"] ?? element["itemprop"])?.lowercased(), let content = element["content"],
                   !content.isEmpty, meta[key] == nil {
                    meta[key] = content
                }
            case "script" where element["type"]?.lowercased().contains("ld+json") == true:
                ldScripts.append(element.rawText)
            case "title" where titleTag == nil:
                titleTag = element.text
            case "time":
                if let datetime = element["datetime"] { times.append(datetime) }
            case "h1":
                headings.insert(element.text, at: firstH2)
                firstH2 += 1
            case "h2":
                headings.append(element.text)
            case "link" where element["rel"]?.lowercased() == "canonical":
                if meta["canonical"] == nil, let href = element["href"] { meta["canonical"] = href }
            default:
                break
            }
            let names = element.classAndID
            if names.contains("byline") || element["rel"] == "author" || element["itemprop"] == "author" { bylineTexts.append(element.text) }
            if ["standfirst", "dek", "subtitle", "subheadline", "sub-headline", "strapline", "article-summary"].contains(where: names.contains) {
                standfirsts.append(element.text)
            }
            return true
        }

        let ld = ldScripts.lazy.compactMap(Self.newsArticle(in:)).first
        let site = meta["og:site_name"] ?? (ld?["publisher"]).flatMap(Self.name(of:))
        publisher = site
        title = (ld?["headline"] as? String).map(PlainText.collapse).flatMap { $0.isEmpty ? nil : $0 }
            ?? meta["og:title"].flatMap { Self.cleanTitle($0, site: site, headings: headings) }
            ?? meta["twitter:title"].flatMap { Self.cleanTitle($0, site: site, headings: headings) }
            ?? headings.prefix(firstH2).first.map(PlainText.collapse).flatMap { $0.isEmpty ? nil : $0 }
            ?? titleTag.flatMap { Self.cleanTitle($0, site: site, headings: headings) }

        let ldAuthors = (ld?["author"]).map(Self.names(of:)) ?? []
        let metaAuthors = ["author", "byl", "article:author", "parsely-author", "sailthru.author", "dc.creator"]
            .compactMap { meta[$0] }.filter { !$0.hasPrefix("http") }
        // Each source whole: JSON-LD lists every author, a meta tag or a byline may name several.
        authors = [ldAuthors, metaAuthors, bylineTexts].lazy.map { $0.flatMap { bylines.names(in: $0) } }.first { !$0.isEmpty } ?? []
        var seenAuthors: Set<String> = []
        authors = authors.filter { seenAuthors.insert($0).inserted }

        let published = [ld?["datePublished"] as? String, meta["article:published_time"], meta["og:published_time"],
                         meta["datepublished"], meta["pubdate"], meta["publishdate"], meta["date"], meta["dc.date.issued"],
                         meta["parsely-pub-date"], meta["sailthru.date"], times.first]
        self.published = published.lazy.compactMap { $0.flatMap(Self.date) }.first
            ?? bylineTexts.lazy.compactMap { bylines.dates.firstDate(in: $0) }.first
        updated = [ld?["dateModified"] as? String, meta["article:modified_time"], meta["og:updated_time"], meta["datemodified"]]
            .lazy.compactMap { $0.flatMap(Self.date) }.first
        url = (ld?["url"] as? String) ?? meta["og:url"] ?? meta["canonical"]
        if language == nil { language = (ld?["inLanguage"] as? String) ?? meta["og:locale"]?.replacingOccurrences(of: "_", with: "-") }
        standfirst = standfirsts.first.map(PlainText.collapse).flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func date(_ text: String) -> String? {
        DateFinder.isoDate(text) ?? DateFinder.english.firstDate(in: text)
    }

    // MARK: JSON-LD

    static let articleTypes: Set<String> = ["NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                                            "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
                                            "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle"]

    /// The first article object in a JSON-LD script, looking through `@graph`, arrays and
    /// `mainEntity`. Scripts that do not parse are ignored, as browsers ignore them.
    static func newsArticle(in script: String) -> [String: Any]? {
        guard let data = script.data(using: .utf8),
              let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        var queue: [Any] = [json]
        var visited = 0
        while !queue.isEmpty, visited < 1000 {
            let item = queue.removeFirst()
            visited += 1
            if let array = item as? [Any] {
                queue.append(contentsOf: array)
            } else if let object = item as? [String: Any] {
                let types = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [String]) ?? []
                if types.contains(where: articleTypes.contains) { return object }
                for key in ["@graph", "mainEntity", "mainEntityOfPage", "itemListElement"] {
                    if let nested = object[key] { queue.append(nested) }
                }
            }
        }
        return nil
    }

    /// Names in a JSON-LD `author`: a string, a `Person`, or a list of them.
    static func names(of value: Any) -> [String] {
        if let list = value as? [Any] { return list.flatMap(names(of:)) }
        return name(of: value).map { [$0] } ?? []
    }

    static func name(of value: Any) -> String? {
        if let string = value as? String { return string.hasPrefix("http") ? nil : string }
        if let object = value as? [String: Any] { return object["name"] as? String }
        return nil
    }

    // MARK: Titles

    /// A `<title>` or `og:title` without the site's name: the page's `h1` when the title
    /// holds it, or else the title less a " | Site" part.
    static func cleanTitle(_ raw: String, site: String?, headings: [String]) -> String? {
        let title = PlainText.collapse(raw)
        guard !title.isEmpty else { return nil }
        if let heading = headings.map(PlainText.collapse).first(where: { $0.count >= 10 && title.contains($0) }) { return heading }
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] where title.contains(separator) {
            var parts = title.components(separatedBy: separator)
            parts.removeAll { part in site.map { part.caseInsensitiveCompare($0) == .orderedSame } ?? false }
            // "Story | Site" or "Site :: Story": the site's part is the short one.
            if parts.count > 1, let longest = parts.max(by: { $0.count < $1.count }),
               parts.allSatisfy({ $0 == longest || $0.split(separator: " ").count <= 4 }) {
                return longest
            }
            return parts.joined(separator: separator)
        }
        return title
    }
}

extension HTMLElement {
    /// Visits this element and its descendants in document order; `visit` returns false to
    /// skip an element's children.
    func walk(_ visit: (HTMLElement) -> Bool) {
        guard visit(self) else { return }
        for case let .element(child) in children { child.walk(visit) }
    }

    /// Text of the element and its descendants, whitespace collapsed; `<br>` is a space.
    var text: String { PlainText.collapse(rawText) }

    /// Text as the page has it, for scripts.
    var rawText: String {
        var out = ""
        appendText(to: &out)
        return out
    }

    private func appendText(to out: inout String) {
        for child in children {
            switch child {
            case let .text(text): out += text
            case let .element(element):
                if element.name == "br" { out += " " } else { element.appendText(to: &out) }
            }
        }
    }

    /// The class and id, lowercased, for matching against class words.
    var classAndID: String { ((self["class"] ?? "") + " " + (self["id"] ?? "")).lowercased() }
}
