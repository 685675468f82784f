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
    /// The JSON-LD `articleBody`, when the page gives the story's text there.
    var articleBody: String?

    init(root: HTMLElement, bylines: BylineParser) {
        var meta: [String: String] = [:]
        var ldScripts: [String] = []
        var titleTag: String?
        var fromProperty: Set<String> = []
        var times: [String] = []
        var h1s: [String] = []
        var bylineTexts: [String] = []
        var standfirsts: [String] = []
        language = root["lang"].flatMap { $0.isEmpty ? nil : $0 }
        root.walk { element in
            switch element.name {
            case "meta" where element["http-equiv"]?.lowercased() == "content-language":
                if meta["content-language"] == nil, let content = element["content"] { meta["content-language"] = content }
            case "meta":
                // `property` may list several ("og:title twitter:title") and outranks `name`,
                // as Readability reads them; Dublin Core is keyed "dc.title" however written.
                guard let content = element["content"], !content.isEmpty else { break }
                if let properties = element["property"]?.lowercased() {
                    for key in properties.split(whereSeparator: \.isWhitespace).map(Self.metaKey) where !fromProperty.contains(key) {
                        meta[key] = content
                        fromProperty.insert(key)
                    }
                } else if let key = (element["name"] ?? element["itemprop"])?.lowercased(), meta[Self.metaKey(key[...])] == nil {
                    meta[Self.metaKey(key[...])] = content
                }
            case "script" where element["type"]?.lowercased().contains("ld+json") == true:
                ldScripts.append(element.rawText)
            case "title" where titleTag == nil:
                titleTag = element.text
            case "time":
                if let datetime = element["datetime"] { times.append(datetime) }
            case "h1":
                if !element.text.isEmpty { h1s.append(element.text) }
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
        let sites = [site, meta["application-name"], meta["apple-mobile-web-app-title"], meta["twitter:site"]?.replacingOccurrences(of: "@", with: "")].compactMap { $0 }
        let titles = [ld?["headline"] as? String, ld?["name"] as? String, meta["dc.title"], meta["dcterms.title"], meta["og:title"],
                      meta["twitter:title"], meta["parsely-title"], meta["sailthru.title"], titleTag]
        title = Self.headline(titles: titles.compactMap { $0 }, h1s: h1s, sites: sites)
        articleBody = (ld?["articleBody"] as? String).flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }

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
        url = meta["canonical"] ?? meta["og:url"] ?? (ld?["url"] as? String)
        if language == nil {
            language = [ld?["inLanguage"] as? String, meta["og:locale"], meta["content-language"], meta["language"], meta["dc.language"]]
                .lazy.compactMap { $0 }.map { $0.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
                .map { $0.replacingOccurrences(of: "_", with: "-") }.first { !$0.isEmpty }
        }
        standfirst = standfirsts.first.map(PlainText.collapse).flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func date(_ text: String) -> String? {
        DateFinder.isoDate(text) ?? DateFinder.shared.firstDate(in: text)
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

    /// A meta tag's key: lowercase, with Dublin Core's prefixes written one way ("dc:title",
    /// "DC.title" and "dcterm:title" are "dc.title" and "dcterms.title").
    static func metaKey(_ key: Substring) -> String {
        for (prefix, canonical) in [("dcterms:", "dcterms."), ("dcterm:", "dcterms."), ("dc:", "dc.")] where key.hasPrefix(prefix) {
            return canonical + key.dropFirst(prefix.count)
        }
        return String(key)
    }

    /// The headline: the page's `h1` when it shares the words of a title the page declares
    /// (JSON-LD, OpenGraph, Twitter, `<title>`), since the h1 is what a reader sees; else the
    /// first declared title less its site name; else the first h1.
    static func headline(titles raw: [String], h1s: [String], sites: [String]) -> String? {
        let titles = raw.map(PlainText.collapse).filter { !$0.isEmpty && $0.count < 400 }
        let headings = h1s.map(PlainText.collapse).filter { $0.split(separator: " ").count >= 2 && $0.count < 400 }
        let cleaned = titles.map { cleanTitle($0, sites: sites) }
        for heading in headings {
            if cleaned.contains(where: { StoryFinder.similarity($0, heading) >= 0.75 && StoryFinder.similarity(heading, $0) >= 0.5 }) {
                return heading
            }
        }
        return cleaned.first ?? h1s.map(PlainText.collapse).first { !$0.isEmpty }
    }

    /// Separators between a story and its site's name. En and em dashes are common inside
    /// headlines, so a part after one goes only when it names the site.
    static let titleSeparators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " \\ ", " > ", " ‹ ", " • "]
    static let headlineDashes: Set<String> = [" – ", " — "]

    /// A declared title without the site's name: parts that name the site go, and of
    /// "Story | Section | Site" the long part stays when the others are short.
    static func cleanTitle(_ title: String, sites: [String]) -> String {
        func key(_ s: String) -> String { s.lowercased().filter { $0.isLetter || $0.isNumber } }
        let siteKeys = Set(sites.map(key).filter { !$0.isEmpty })
        for separator in titleSeparators where title.contains(separator) {
            var parts = title.components(separatedBy: separator)
            let named = parts.filter { part in
                let partKey = key(part)
                return siteKeys.contains(partKey) || siteKeys.contains { $0.count >= 4 && partKey.hasPrefix($0) && partKey.count <= $0.count + 4 }
            }
            if !named.isEmpty, named.count < parts.count { parts.removeAll { named.contains($0) } }
            if parts.count > 1, !headlineDashes.contains(separator), let longest = parts.max(by: { $0.count < $1.count }),
               longest.split(separator: " ").count >= 3,
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
