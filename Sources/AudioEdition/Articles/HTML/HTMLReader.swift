import Foundation

/// Reads an HTML page: metadata from `HTMLMetadata`, the story from the element that scores
/// highest as a container of paragraphs, the way Readability finds it.
///
/// 1. **Prune.** `script`, `style`, `nav`, `aside`, `footer`, `form`, `figure`, `figcaption`
///    and their like are removed, and so is any element whose class or id holds a drop word
///    (`page_classes.tsv`: nav, footer, related, share, newsletter, promo, comment, ...),
///    unless it also holds a keep word and reads as story: long paragraphs, few links.
/// 2. **Score.** Every paragraph of 25 characters or more scores 1, plus 1 a comma, plus 1 a
///    hundred characters (at most 3). Its parent gets the score, its grandparent half, the
///    level above a third. A container starts from its tag (a `div` +5, a list −3, a
///    heading −5) and its class words (±25), and its total is scaled by the share of its
///    text that is not link text.
/// 3. **Gather.** The best container, with those siblings that score at least a fifth of it
///    or hold a long paragraph with few links.
/// 4. **Blocks.** Paragraphs, subheadings (`h2`–`h6`), quotes (`blockquote`) and list items
///    in document order. Link lists, boilerplate lines, bylines, date lines and the headline
///    itself are left out.
public struct HTMLReader: Sendable {
    let bylines: BylineParser
    let lines: PageTextReader
    let classes: ClassWords

    public init() {
        bylines = .english
        lines = PageTextReader()
        classes = .english
    }

    public func read(_ file: SourceFile) throws(ArticleError) -> Article {
        let document = try HTMLDocument(bytes: [UInt8](file.data), path: file.path)
        do {
            return try read(root: document.root(), path: file.path)
        } catch where error.problem == .noArticleText && document.stoppedEarly != nil {
            // Say why the text was not reached: "Excessive depth in document: 256 ...".
            throw ArticleError(path: file.path, problem: .malformed(format: "HTML", reason: "libxml2 stopped reading it: \(document.stoppedEarly ?? "")"))
        }
    }

    /// Reads an HTML fragment, as a JSON article's `html` body gives one.
    func read(fragment: String, path: String) throws(ArticleError) -> [Article.Block] {
        let root = try HTMLDocument(bytes: Array(("<html><head><meta charset=\"utf-8\"></head><body>" + fragment + "</body></html>").utf8), path: path).root()
        prune(root)
        return blocks(in: [root], title: nil).blocks
    }

    func read(root: HTMLElement, path: String) throws(ArticleError) -> Article {
        let meta = HTMLMetadata(root: root, bylines: bylines)
        prune(root)
        let containers = mainContent(root)
        var (blocks, byline, dates) = self.blocks(in: containers, title: meta.title)
        guard !blocks.isEmpty else { throw ArticleError(path: path, problem: .noArticleText) }
        var title = meta.title
        if title == nil, let first = blocks.first, first.kind == .subheading {
            title = first.text
            blocks.removeFirst()
        }
        guard let title, !blocks.isEmpty else { throw ArticleError(path: path, problem: .noArticleText) }
        if let standfirst = meta.standfirst, blocks.first?.text == standfirst { blocks.removeFirst() }
        return Article(id: meta.url, title: title, standfirst: meta.standfirst,
                       byline: meta.authors.isEmpty ? byline?.names ?? [] : meta.authors,
                       published: meta.published ?? byline?.published ?? dates.published, updated: meta.updated ?? dates.updated,
                       sourceURL: meta.url, publisher: meta.publisher, language: meta.language, blocks: blocks)
    }

    // MARK: Prune

    static let removedTags: Set<String> = ["script", "style", "noscript", "nav", "aside", "footer", "form", "figure", "figcaption",
                                           "iframe", "svg", "button", "select", "input", "textarea", "template", "object",
                                           "embed", "video", "audio", "canvas", "picture", "img", "dialog", "menu", "head"]

    func prune(_ element: HTMLElement) {
        element.children.removeAll { child in
            guard case let .element(child) = child else { return false }
            if Self.removedTags.contains(child.name) || child["hidden"] != nil || child["aria-hidden"] == "true"
                || child["style"]?.replacingOccurrences(of: " ", with: "").contains("display:none") == true {
                return true
            }
            if !["body", "article", "main"].contains(child.name), child["itemprop"] != "articleBody", classes.drops(child.classAndID) {
                if !classes.keeps(child.classAndID) { return true }
                prune(child)
                let stats = TextStats(child)
                return stats.linkDensity > 0.3 || !child.containsLongParagraph
            }
            prune(child)
            return false
        }
    }

    // MARK: Score

    static let paragraphTags: Set<String> = ["p", "pre", "td"]
    static let blockTags: Set<String> = ["p", "div", "section", "article", "main", "header", "ul", "ol", "li", "blockquote",
                                         "pre", "table", "tbody", "thead", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                                         "dl", "dt", "dd", "hr", "address", "center", "body", "html", "figure", "details"]

    /// The best-scoring container and the siblings that belong with it, in page order.
    func mainContent(_ root: HTMLElement) -> [HTMLElement] {
        var scores: [ObjectIdentifier: Double] = [:]
        var elements: [ObjectIdentifier: HTMLElement] = [:]
        var parents: [ObjectIdentifier: HTMLElement] = [:]
        func initial(_ element: HTMLElement) -> Double {
            let tag: Double = switch element.name {
            case "div", "article", "main", "section": 5
            case "pre", "td", "blockquote": 3
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": -3
            case "h1", "h2", "h3", "h4", "h5", "h6", "th": -5
            default: 0
            }
            return tag + classes.weight(element.classAndID)
        }
        var path: [HTMLElement] = []
        func visit(_ element: HTMLElement) {
            path.append(element)
            defer { path.removeLast() }
            for case let .element(child) in element.children {
                parents[ObjectIdentifier(child)] = element
                visit(child)
            }
            let isParagraph = Self.paragraphTags.contains(element.name)
                || (element.name == "div" && !element.children.contains { if case let .element(e) = $0 { Self.blockTags.contains(e.name) } else { false } })
            guard isParagraph else { return }
            let text = element.text
            guard text.count >= 25 else { return }
            let score = 1 + Double(text.filter { $0 == "," || $0 == "，" }.count) + min(Double(text.count / 100), 3)
            for (level, ancestor) in path.dropLast().reversed().prefix(3).enumerated() {
                let id = ObjectIdentifier(ancestor)
                if scores[id] == nil {
                    scores[id] = initial(ancestor)
                    elements[id] = ancestor
                }
                scores[id, default: 0] += score / (level == 0 ? 1 : level == 1 ? 2 : Double(level * 3))
            }
        }
        visit(root)
        var best: (element: HTMLElement, score: Double)?
        for (id, score) in scores {
            guard let element = elements[id] else { continue }
            let final = score * (1 - TextStats(element).linkDensity)
            scores[id] = final
            if final > best?.score ?? -.infinity { best = (element, final) }
        }
        guard let best else { return [root] }
        guard let parent = parents[ObjectIdentifier(best.element)] else { return [best.element] }
        let threshold = max(10, best.score * 0.2)
        return parent.children.compactMap { child -> HTMLElement? in
            guard case let .element(sibling) = child else { return nil }
            if sibling === best.element { return sibling }
            if let score = scores[ObjectIdentifier(sibling)], score >= threshold { return sibling }
            guard sibling.name == "p" else { return nil }
            let stats = TextStats(sibling)
            let text = sibling.text
            if text.count > 80 && stats.linkDensity < 0.25 { return sibling }
            if text.count > 0 && text.count <= 80 && stats.linkDensity == 0 && text.hasSuffix(".") { return sibling }
            return nil
        }
    }

    // MARK: Blocks

    /// The story's blocks in `containers`, and any byline and date lines met among them.
    func blocks(in containers: [HTMLElement], title: String?) -> (blocks: [Article.Block], byline: BylineParser.Byline?, dates: (published: String?, updated: String?)) {
        var blocks: [Article.Block] = []
        var byline: BylineParser.Byline?
        var dates: (published: String?, updated: String?) = (nil, nil)
        var seen: Set<String> = []
        let folded = title.map(Boilerplate.fold)
        func add(_ kind: Article.Block.Kind, _ element: HTMLElement?, text raw: String) {
            let text = PlainText.collapse(raw)
            guard Article.hasWords(text) else { return }
            if let element, kind != .listItem || TextStats(element).linkDensity > 0 {
                let stats = TextStats(element)
                if stats.linkDensity > 0.5 && text.split(separator: " ").count < 40 { return }
            }
            let unit = lines.unit(text)
            if let found = unit.byline {
                if byline == nil { byline = found }
                return
            }
            if unit.isDateLine {
                if dates.published == nil { dates = bylines.datesIn(text) }
                return
            }
            if unit.boilerplate || unit.truncated || (unit.bracketed && unit.words < 20) { return }
            if Boilerplate.fold(text) == folded { return }
            guard seen.insert(text).inserted else { return }
            blocks.append(Article.Block(kind, text))
        }
        func visit(_ element: HTMLElement) {
            switch element.name {
            case "h1", "h2", "h3", "h4", "h5", "h6":
                add(.subheading, element, text: element.text)
            case "p":
                add(.paragraph, element, text: element.text)
            case "blockquote":
                let paragraphs = element.descendants(named: "p")
                if paragraphs.isEmpty {
                    add(.quote, element, text: element.text)
                } else {
                    for paragraph in paragraphs { add(.quote, paragraph, text: paragraph.text) }
                }
            case "ul", "ol":
                guard TextStats(element).linkDensity < 0.5 else { return }
                for case let .element(item) in element.children where item.name == "li" {
                    add(.listItem, item, text: item.text)
                }
            case "pre", "table", "dl", "hr", "br":
                return
            default:
                let hasBlocks = element.children.contains { if case let .element(e) = $0 { Self.blockTags.contains(e.name) } else { false } }
                guard hasBlocks else {
                    add(.paragraph, element, text: element.text)
                    return
                }
                // Loose text between block children is a paragraph of its own, and so is
                // each stretch of it between two line breaks in a row.
                var loose = ""
                var breaks = 0
                func flush() {
                    add(.paragraph, nil, text: loose)
                    loose = ""
                }
                for child in element.children {
                    switch child {
                    case let .text(text):
                        if !text.allSatisfy(\.isWhitespace) { breaks = 0 }
                        loose += text
                    case let .element(child) where child.name == "br":
                        breaks += 1
                        if breaks == 2 { flush() } else { loose += " " }
                    case let .element(child) where !Self.blockTags.contains(child.name):
                        breaks = 0
                        loose += child.rawText
                    case let .element(child):
                        flush()
                        visit(child)
                    }
                }
                flush()
            }
        }
        for container in containers { visit(container) }
        return (blocks, byline, dates)
    }
}

/// How much of an element's text is link text.
struct TextStats {
    var characters = 0
    var linkCharacters = 0

    init(_ element: HTMLElement) {
        count(element, inLink: false)
    }

    var linkDensity: Double { characters == 0 ? 0 : Double(linkCharacters) / Double(characters) }

    private mutating func count(_ element: HTMLElement, inLink: Bool) {
        for child in element.children {
            switch child {
            case let .text(text):
                let length = text.unicodeScalars.filter { !$0.properties.isWhitespace }.count
                characters += length
                if inLink { linkCharacters += length }
            case let .element(child):
                count(child, inLink: inLink || child.name == "a")
            }
        }
    }
}

extension HTMLElement {
    func descendants(named name: String) -> [HTMLElement] {
        var found: [HTMLElement] = []
        for case let .element(child) in children {
            if child.name == name { found.append(child) } else { found += child.descendants(named: name) }
        }
        return found
    }

    /// Holds a paragraph of 80 characters or more.
    var containsLongParagraph: Bool {
        descendants(named: "p").contains { $0.text.count >= 80 }
    }
}

/// The class and id words of `page_classes.tsv`.
struct ClassWords: Sendable {
    static let english = ClassWords(data: .english)

    private var words: [String: [String]] = [:]

    init(data: NormaliserData) {
        for row in data.tables["page_classes"] ?? [] where row.count >= 2 { words[row[1], default: []].append(row[0]) }
    }

    func drops(_ names: String) -> Bool { matches(names, "drop") }
    func keeps(_ names: String) -> Bool { matches(names, "keep") }

    /// +25 for a positive word, −25 for a negative or drop word.
    func weight(_ names: String) -> Double {
        guard !names.trimmingCharacters(in: .whitespaces).isEmpty else { return 0 }
        var weight = 0.0
        if matches(names, "positive") { weight += 25 }
        if matches(names, "negative") || matches(names, "drop") { weight -= 25 }
        return weight
    }

    private func matches(_ names: String, _ kind: String) -> Bool {
        let parts = names.split { !$0.isLetter && !$0.isNumber }
        return (words[kind] ?? []).contains { word in
            word.count >= 4 ? names.contains(word) : parts.contains { $0 == word }
        }
    }
}
