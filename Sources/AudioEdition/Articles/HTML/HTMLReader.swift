import Foundation

/// Reads an HTML page: metadata from `HTMLMetadata`, the story from `StoryFinder`, and when
/// that finds too little, from fallbacks tried in turn, so that a page with story text never
/// reads as nothing:
///
/// 1. `StoryFinder`, Readability's scoring, retried with fewer rules (`Stage.finder`);
/// 2. the JSON-LD `articleBody`, also taken when the finder's story shares too few of its words;
/// 3. the `[itemprop=articleBody]`, `<article>` or `<main>` element;
/// 4. the densest block: the element whose own paragraphs hold the most non-link text;
/// 5. every visible paragraph on the page.
///
/// What the listener hears of the chosen element (`blocks(in:)`): paragraphs, text run into
/// `div`s and stretches between `<br><br>`, subheadings, list items and block quotes. Left
/// out on purpose, since read aloud they are noise: figures and their captions, data tables
/// (a layout table is read as the text it lays out), code (preformatted text is read only
/// when it is prose), forms, link lists, and lines that read as bylines, dates, credits or
/// boilerplate.
public struct HTMLReader: Sendable {
    /// Which stage found the story, for `edition read --verbose`.
    public enum Stage: String, Sendable {
        case finder = "readability scoring"
        case finderWithoutUnlikely = "readability scoring, keeping unlikely elements"
        case finderWithoutWeights = "readability scoring, without class weights"
        case finderUncleaned = "readability scoring, without conditional cleaning"
        case jsonLD = "JSON-LD articleBody"
        case articleElement = "article element"
        case densest = "densest block of text"
        case paragraphs = "every visible paragraph"
    }

    let bylines: BylineParser
    let lines: PageTextReader
    let classes: ClassWords

    public init() {
        bylines = .shared
        lines = PageTextReader()
        classes = .english
    }

    public func read(_ file: SourceFile) throws(ArticleError) -> Article {
        try readWithStage(file).article
    }

    public func readWithStage(_ file: SourceFile) throws(ArticleError) -> (article: Article, stage: Stage) {
        let document = try HTMLDocument(bytes: [UInt8](file.data), path: file.path, charset: file.charset)
        do {
            return try read(document: document, path: file.path)
        } catch where error.problem == .noArticleText && document.stoppedEarly != nil {
            // Say why the text was not reached: "Excessive depth in document: 256 ...".
            throw ArticleError(path: file.path, problem: .malformed(format: "HTML", reason: "libxml2 stopped reading it: \(document.stoppedEarly ?? "")"))
        }
    }

    /// Reads an HTML fragment, as a JSON article's `html` body gives one.
    func read(fragment: String, path: String) throws(ArticleError) -> [Article.Block] {
        let root = try Self.parse(fragment: fragment, path: path)
        prune(root)
        return blocks(in: [root], title: nil).blocks
    }

    func read(document: HTMLDocument, path: String) throws(ArticleError) -> (article: Article, stage: Stage) {
        let meta = HTMLMetadata(root: document.root(), bylines: bylines)
        func fresh() -> HTMLElement {
            let root = document.root()
            prune(root)
            return root
        }
        let found = StoryFinder(classes: classes, title: meta.title).find(fresh)
        var best: (extract: Extract, stage: Stage)?
        for (stage, containers) in fallbacks(found: found, meta: meta, fresh: fresh) {
            let extract = Extract(blocks(in: containers, title: meta.title))
            // A fallback that finds only a word or two has found a menu, not a story.
            if [.articleElement, .densest, .paragraphs].contains(stage), !extract.blocks.contains(where: { $0.text.split(separator: " ").count >= 5 }) { continue }
            if extract.length >= StoryFinder.minimumLength || (stage == .jsonLD && extract.length > 0) {
                best = (extract, stage)
                break
            }
            if best == nil, extract.length > 0 { best = (extract, stage) }
        }
        guard let (extract, stage) = best else { throw ArticleError(path: path, problem: .noArticleText) }
        var blocks = extract.blocks
        var title = meta.title
        if title == nil, let first = blocks.first, first.kind == .subheading {
            title = first.text
            blocks.removeFirst()
        }
        // A page that names itself nowhere is titled by its opening words.
        if title == nil, let first = blocks.first { title = Self.openingWords(first.text) }
        guard let title, !blocks.isEmpty else { throw ArticleError(path: path, problem: .noArticleText) }
        if let standfirst = meta.standfirst, blocks.first?.text == standfirst { blocks.removeFirst() }
        let byline = extract.byline ?? found?.byline.flatMap(bylines.parse)
        let article = Article(id: meta.url, title: title, standfirst: meta.standfirst,
                              byline: meta.authors.isEmpty ? byline?.names ?? [] : meta.authors,
                              published: meta.published ?? byline?.published ?? extract.dates.published,
                              updated: meta.updated ?? extract.dates.updated,
                              sourceURL: meta.url, publisher: meta.publisher, language: meta.language, blocks: blocks)
        return (article, stage)
    }

    private struct Extract {
        var blocks: [Article.Block]
        var byline: BylineParser.Byline?
        var dates: (published: String?, updated: String?)
        var length: Int

        init(_ found: (blocks: [Article.Block], byline: BylineParser.Byline?, dates: (published: String?, updated: String?))) {
            (blocks, byline, dates) = found
            length = blocks.reduce(0) { $0 + $1.text.count }
        }
    }

    /// The stages in order, each computed only when the ones before it fall short.
    private func fallbacks(found: StoryFinder.Found?, meta: HTMLMetadata, fresh: @escaping () -> HTMLElement) -> LazyMapSequence<[Stage], (Stage, [HTMLElement])> {
        let finderStage: Stage = switch found?.rules {
        case StoryFinder.Rules.all?: .finder
        case [.weightClasses, .cleanConditionally]?: .finderWithoutUnlikely
        case [.cleanConditionally]?: .finderWithoutWeights
        default: .finderUncleaned
        }
        var stages: [Stage] = [finderStage]
        if let body = meta.articleBody {
            // The publisher's own statement of the story outranks a finder that missed most of it.
            if let found, Self.coverage(of: body, in: found.content.text) >= 0.6 { stages.append(.jsonLD) } else { stages.insert(.jsonLD, at: 0) }
        }
        stages += [.articleElement, .densest, .paragraphs]
        return stages.lazy.map { stage -> (Stage, [HTMLElement]) in
            switch stage {
            case .jsonLD:
                return (stage, [Self.container(ofArticleBody: meta.articleBody ?? "")])
            case .articleElement:
                let root = fresh()
                let element = root.firstDescendant { $0["itemprop"] == "articleBody" } ?? root.firstDescendant(named: "article") ?? root.firstDescendant(named: "main")
                return (stage, element.map { [$0] } ?? [])
            case .densest:
                return (stage, Self.densest(in: fresh()).map { [$0] } ?? [])
            case .paragraphs:
                return (stage, fresh().descendants(named: "p"))
            default:
                return (stage, found.map { [$0.content] } ?? [])
            }
        }
    }

    /// The first sentence of `text`; past twelve words, its first clause of four words or
    /// more, or else its first twelve words.
    static func openingWords(_ text: String) -> String {
        let sentence = text.range(of: ". ").map { String(text[..<$0.lowerBound]) } ?? text
        let words = sentence.split(separator: " ")
        guard words.count > 12 else { return sentence }
        if let clause = words.prefix(12).indices.dropFirst(3).first(where: { words[$0].hasSuffix(",") }) {
            return words[...clause].joined(separator: " ").dropLast().description
        }
        return words.prefix(12).joined(separator: " ") + "…"
    }

    /// An `articleBody` as paragraphs: its lines, or its markup when it holds some.
    static func container(ofArticleBody body: String) -> HTMLElement {
        if body.contains("</p>") || body.contains("<br"), let root = try? parse(fragment: body, path: "articleBody") {
            return root
        }
        let container = HTMLElement(name: "div", attributes: [:])
        container.children = body.split(separator: "\n").map { line in
            let paragraph = HTMLElement(name: "p", attributes: [:])
            paragraph.children = [.text(String(line))]
            return .element(paragraph)
        }
        return container
    }

    /// A piece of markup as the body of a UTF-8 page.
    static func parse(fragment: String, path: String) throws(ArticleError) -> HTMLElement {
        try HTMLDocument(bytes: Array(("<html><head><meta charset=\"utf-8\"></head><body>" + fragment + "</body></html>").utf8), path: path).root()
    }

    /// The share of `reference`'s words that `text` also has.
    static func coverage(of reference: String, in text: String) -> Double {
        func words(_ s: String) -> [Substring] { s.lowercased().split { !$0.isLetter && !$0.isNumber } }
        let have = Set(words(text))
        let want = words(reference)
        guard !want.isEmpty else { return 1 }
        return Double(want.filter(have.contains).count) / Double(want.count)
    }

    /// The element whose own paragraphs and loose text hold the most text outside links.
    static func densest(in root: HTMLElement) -> HTMLElement? {
        var best: (element: HTMLElement, length: Int)?
        root.walk { element in
            guard element.name != "a" else { return false }
            var length = 0
            for child in element.children {
                switch child {
                case let .text(text): length += PlainText.collapse(text).count
                case let .element(e) where e.name == "p" || (e.name == "div" && !e.hasChildBlock):
                    length += Int(Double(e.text.count) * (1 - SubtreeStats(e).linkDensity))
                default: break
                }
            }
            if length > best?.length ?? 0 { best = (element, length) }
            return true
        }
        return best?.element
    }

    // MARK: Prune

    /// Never story: removed from every copy of the page before any stage looks at it.
    static let removedTags: Set<String> = ["script", "style", "noscript", "nav", "aside", "footer", "figure", "figcaption",
                                           "iframe", "svg", "button", "select", "input", "textarea", "template", "object",
                                           "embed", "video", "audio", "canvas", "picture", "dialog", "menu", "head", "link", "meta"]

    func prune(_ element: HTMLElement) {
        element.children.removeAll { child in
            guard case let .element(child) = child else { return false }
            if Self.removedTags.contains(child.name) || !child.isVisible { return true }
            // A link that only runs a script is text, not a link.
            if child.name == "a", child["href"]?.lowercased().hasPrefix("javascript:") == true { child.name = "span" }
            prune(child)
            return false
        }
    }

    static let blockTags: Set<String> = ["p", "div", "section", "article", "main", "header", "ul", "ol", "li", "blockquote",
                                         "pre", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                                         "dl", "dt", "dd", "hr", "address", "center", "body", "html", "figure", "details", "summary",
                                         "form", "fieldset", "caption", "hgroup"]

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
            if let element, SubtreeStats(element).linkDensity > 0.5, text.split(separator: " ").count < 40 { return }
            let unit = lines.unit(text)
            if let found = unit.byline {
                if byline == nil { byline = found }
                return
            }
            if unit.isDateLine {
                if dates.published == nil { dates = bylines.datesIn(text) }
                return
            }
            // A line cut off with an ellipsis is a teaser when it is short or mostly a link;
            // a paragraph of the story's own may trail off ("… and it actually works…").
            let teaser = unit.truncated && (unit.words < 8 || element.map { SubtreeStats($0).linkDensity >= 0.3 } ?? true)
            if unit.boilerplate || teaser || (unit.bracketed && unit.words < 20) { return }
            if Boilerplate.fold(text) == folded { return }
            // A short line or a quote said twice is furniture or a pull quote; a long
            // paragraph that a page really repeats is read again.
            guard seen.insert(text).inserted || (kind != .quote && unit.words >= 20) else { return }
            blocks.append(Article.Block(kind, text))
        }
        func hasBlocks(_ element: HTMLElement) -> Bool {
            element.children.contains { if case let .element(e) = $0 { Self.blockTags.contains(e.name) } else { false } }
        }
        func visit(_ element: HTMLElement) {
            switch element.name {
            case "h1", "h2", "h3", "h4", "h5", "h6":
                // A heading that is a whole sentence is a lede set large, read as a paragraph.
                let text = element.text
                let sentence = text.split(separator: " ").count >= 12 && lines.unit(text).endsSentence
                add(sentence ? .paragraph : .subheading, nil, text: text)
            case "p" where !hasBlocks(element):
                add(.paragraph, element, text: element.text)
            case "blockquote":
                let paragraphs = element.descendants(named: "p")
                if paragraphs.isEmpty {
                    add(.quote, element, text: element.text)
                } else {
                    for paragraph in paragraphs { add(.quote, paragraph, text: paragraph.text) }
                }
            case "ul", "ol":
                guard SubtreeStats(element).linkShare < 0.5 else { return }
                // The list as a whole is not links, so an item that is mostly a link is
                // still one of its points.
                for item in element.elementChildren where item.name == "li" {
                    if hasBlocks(item) { visit(item) } else { add(.listItem, nil, text: item.text) }
                }
            case "table" where element.isDataTable:
                // A table whose rows carry sentences (films and what happens in them) is
                // read row by row; a table of figures is not.
                guard let rows = element.proseRows else { return }
                for row in rows { add(.listItem, nil, text: row) }
            case "pre" where element.isProse:
                // Preformatted prose (a plain-text document): its paragraphs are between blank lines.
                for paragraph in element.rawText.components(separatedBy: "\n\n") { add(.paragraph, nil, text: paragraph) }
            case "pre", "hr", "br", "figure", "form", "fieldset":
                return
            default:
                guard hasBlocks(element) else {
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

extension HTMLElement {
    /// Preformatted text that is prose, not code: long, and either with hardly any of code's
    /// symbols or written in sentences (most words lowercase, a full stop every hundred words
    /// at least) with few of them. An RFC's pages that quote a request still read as prose;
    /// code, SQL and shell sessions end no sentences.
    var isProse: Bool {
        let text = rawText
        let characters = text.unicodeScalars.filter { !PlainText.isSpace($0) }
        guard characters.count >= 500 else { return false }
        let symbols = characters.filter { "{}();=<>[]$#*/\\|_".unicodeScalars.contains($0) }.count
        if symbols * 50 < characters.count { return true }
        guard symbols * 100 < characters.count * 6 else { return false }
        let words = text.split(whereSeparator: \.isWhitespace)
        let lowercase = words.filter { word in
            word.drop { $0.isLowercase }.allSatisfy { ",.;:".contains($0) } && word.first?.isLowercase == true
        }.count
        let sentenceEnds = words.filter { word in
            word.count >= 3 && ".?!".contains(word.last ?? " ") && word.dropLast().suffix(2).allSatisfy(\.isLowercase)
        }.count
        return lowercase * 10 >= words.count * 6 && sentenceEnds * 100 >= words.count
    }

    /// A data table's rows, each as its cells' text in a line, when most rows hold a cell of
    /// ten words or more; nil for a table of figures or names. The header row is left out.
    var proseRows: [String]? {
        var rows: [[String]] = []
        walk { element in
            guard element.name == "tr" else { return element.name != "table" || element === self }
            let cells = element.elementChildren.filter { $0.name == "td" || $0.name == "th" }
            if cells.contains(where: { $0.name == "td" }) { rows.append(cells.map(\.text).filter { !$0.isEmpty }) }
            return false
        }
        let prose = rows.filter { $0.contains { $0.split(separator: " ").count >= 10 } }.count
        guard prose >= 2, prose * 2 >= rows.count else { return nil }
        return rows.map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 || cell.last.map { ".!?:;,".contains($0) } == true ? cell : cell + ","
            }.joined(separator: " ")
        }
    }

    func descendants(named name: String) -> [HTMLElement] {
        var found: [HTMLElement] = []
        for case let .element(child) in children {
            if child.name == name { found.append(child) } else { found += child.descendants(named: name) }
        }
        return found
    }
}

/// The class and id words of `page_classes.tsv`.
struct ClassWords: Sendable {
    static let english = ClassWords(data: .english)

    private var words: [String: [String]] = [:]

    init(data: NormaliserData) {
        for row in data.tables["page_classes"] ?? [] where row.count >= 2 { words[row[1], default: []].append(row[0]) }
    }

    /// Furniture by its names, and not saved by a maybe word.
    func isUnlikely(_ names: String) -> Bool { matches(names, "unlikely") && !matches(names, "maybe") }
    func isShare(_ names: String) -> Bool { matches(names, "share") }
    func isByline(_ names: String) -> Bool { matches(names, "byline") }

    /// +25 for a positive word, −25 for a negative one, for the class and the id each.
    func weight(class className: String?, id: String?) -> Double {
        var weight = 0.0
        for names in [className, id].compactMap({ $0?.lowercased() }) where !names.isEmpty {
            if matches(names, "negative") { weight -= 25 }
            if matches(names, "positive") { weight += 25 }
        }
        return weight
    }

    private func matches(_ names: String, _ kind: String) -> Bool {
        let parts = names.split { !$0.isLetter && !$0.isNumber }
        return (words[kind] ?? []).contains { word in
            word.count >= 4 ? names.contains(word) : parts.contains { $0 == word }
        }
    }
}
