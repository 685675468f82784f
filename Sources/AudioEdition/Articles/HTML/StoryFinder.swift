import Foundation

/// Finds the element that holds a page's story, the way Mozilla's Readability does, on a
/// tree it is free to change (each attempt gets a fresh copy of the page).
///
/// 1. **Prepare.** Hidden elements, bylines, the headline's own heading and, on the first
///    attempt, elements whose class or id reads as furniture (`page_classes.tsv`: unlikely,
///    unless a maybe word saves them) are removed. Text run directly into a `div` becomes a
///    paragraph, and so does each stretch of text between two line breaks in a row.
/// 2. **Score.** Every paragraph (`p`, `td`, `pre`, `section`, `h2`–`h6`) of 25 characters
///    or more scores 1, plus 1 a comma, plus 1 a hundred characters (at most 3). Its parent
///    gets the score, its grandparent half, and the levels above up to five a third of it
///    a level. A container starts from its tag and class words, and its total is scaled by
///    the share of its text that is not link text.
/// 3. **Choose.** The best container, moved up the tree when several near-best ones share an
///    ancestor or the score rises on the way up, then joined by those siblings that score a
///    fifth of it or are paragraphs of their own.
/// 4. **Clean.** Within it, share boxes, forms, and lists, tables and `div`s that read as
///    furniture (mostly links, images or inputs, little text) are removed.
///
/// A result under 500 characters is tried again with fewer rules: first without removing
/// unlikely elements, then without class weights, then without the cleaning of step 4; the
/// longest attempt wins.
struct StoryFinder {
    struct Rules: OptionSet {
        let rawValue: Int
        static let stripUnlikely = Rules(rawValue: 1)
        static let weightClasses = Rules(rawValue: 2)
        static let cleanConditionally = Rules(rawValue: 4)
        static let all: Rules = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    /// What an attempt found: the story's container and the byline text met on the way.
    struct Found {
        var content: HTMLElement
        var byline: String?
        var textLength: Int
        var rules: Rules
    }

    static let minimumLength = 500

    let classes: ClassWords
    /// The headline, so that the heading repeating it is not read twice.
    let title: String?

    /// Runs the attempts on fresh trees from `makeRoot` and returns the first long enough, or
    /// else the longest; nil when no attempt found any text, or no paragraph scored.
    func find(_ makeRoot: () -> HTMLElement) -> Found? {
        var attempts: [Found] = []
        for rules in [Rules.all, [.weightClasses, .cleanConditionally], [.cleanConditionally], []] {
            guard let found = attempt(makeRoot(), rules: rules) else { continue }
            if found.textLength >= Self.minimumLength { return found }
            attempts.append(found)
        }
        return attempts.filter { $0.textLength > 0 }.max { $0.textLength < $1.textLength }
    }

    // MARK: Attempt

    private final class Scores {
        var score: [ObjectIdentifier: Double] = [:]
        var parent: [ObjectIdentifier: HTMLElement] = [:]
    }

    private func attempt(_ root: HTMLElement, rules: Rules) -> Found? {
        guard let body = root.firstDescendant(named: "body") ?? Optional(root) else { return nil }
        var byline: String?
        let paragraphs = prepare(body, rules: rules, byline: &byline)
        let scores = Scores()
        scores.parent = body.parentMap()
        var candidates: [HTMLElement] = []
        for paragraph in paragraphs {
            guard scores.parent[ObjectIdentifier(paragraph)] != nil else { continue }
            let text = paragraph.text
            guard text.count >= 25 else { continue }
            let ancestors = ancestors(of: paragraph, upTo: 5, in: scores)
            guard !ancestors.isEmpty else { continue }
            let score = 1 + Double(Self.commas(in: text)) + min(Double(text.count / 100), 3)
            for (level, ancestor) in ancestors.enumerated() {
                let id = ObjectIdentifier(ancestor)
                if scores.score[id] == nil {
                    scores.score[id] = initialScore(ancestor, rules: rules)
                    candidates.append(ancestor)
                }
                scores.score[id, default: 0] += score / (level == 0 ? 1 : level == 1 ? 2 : Double(level * 3))
            }
        }
        for candidate in candidates {
            let id = ObjectIdentifier(candidate)
            scores.score[id] = (scores.score[id] ?? 0) * (1 - SubtreeStats(candidate).linkDensity)
        }
        let ranked = candidates.sorted { (scores.score[ObjectIdentifier($0)] ?? 0) > (scores.score[ObjectIdentifier($1)] ?? 0) }
        // Nothing scored: the page has no paragraph to build on, and the reader's fallbacks
        // take over.
        guard let top = ranked.first else { return nil }
        let content: HTMLElement
        if top !== body {
            content = gather(around: choose(top, ranked: Array(ranked.prefix(5)), body: body, scores: scores, rules: rules),
                             scores: scores)
        } else {
            content = HTMLElement(name: "div", attributes: [:])
            content.children = body.children
        }
        clean(content, rules: rules)
        return Found(content: content, byline: byline, textLength: content.text.count, rules: rules)
    }

    private func ancestors(of element: HTMLElement, upTo limit: Int, in scores: Scores) -> [HTMLElement] {
        var found: [HTMLElement] = []
        var cursor = scores.parent[ObjectIdentifier(element)]
        while let at = cursor, found.count < limit {
            // Readability skips the document node: an ancestor needs a parent of its own.
            guard scores.parent[ObjectIdentifier(at)] != nil || at.name == "body" else { break }
            found.append(at)
            cursor = scores.parent[ObjectIdentifier(at)]
        }
        return found
    }

    /// The top candidate, moved up to an ancestor that several near-best candidates share,
    /// or to a parent whose score rises above it, or past parents it is the only child of.
    private func choose(_ top: HTMLElement, ranked: [HTMLElement], body: HTMLElement, scores: Scores, rules: Rules) -> HTMLElement {
        func score(_ element: HTMLElement) -> Double? { scores.score[ObjectIdentifier(element)] }
        func parent(_ element: HTMLElement) -> HTMLElement? { scores.parent[ObjectIdentifier(element)] }
        var top = top
        let topScore = score(top) ?? 0
        let alternatives = ranked.dropFirst().filter { (score($0) ?? 0) / max(topScore, .leastNonzeroMagnitude) >= 0.75 }
            .map { Set(ancestors(of: $0, upTo: .max, in: scores).map(ObjectIdentifier.init)) }
        if alternatives.count >= 3 {
            var cursor = parent(top)
            while let at = cursor, at !== body {
                if alternatives.filter({ $0.contains(ObjectIdentifier(at)) }).count >= 3 {
                    top = at
                    break
                }
                cursor = parent(at)
            }
        }
        if score(top) == nil { scores.score[ObjectIdentifier(top)] = initialScore(top, rules: rules) }
        var lastScore = score(top) ?? 0
        let threshold = lastScore / 3
        var cursor = parent(top)
        while let at = cursor, at !== body {
            guard let parentScore = score(at) else {
                cursor = parent(at)
                continue
            }
            if parentScore < threshold { break }
            if parentScore > lastScore {
                top = at
                break
            }
            lastScore = parentScore
            cursor = parent(at)
        }
        while let at = parent(top), at !== body, at.elementChildren.count == 1 { top = at }
        if score(top) == nil { scores.score[ObjectIdentifier(top)] = initialScore(top, rules: rules) }
        return top
    }

    /// The chosen element and the siblings that belong with it, in page order.
    private func gather(around top: HTMLElement, scores: Scores) -> HTMLElement {
        let content = HTMLElement(name: "div", attributes: [:])
        guard let parent = scores.parent[ObjectIdentifier(top)] else {
            content.children = [.element(top)]
            return content
        }
        let topScore = scores.score[ObjectIdentifier(top)] ?? 0
        let threshold = max(10, topScore * 0.2)
        let topClass = top["class"] ?? ""
        for sibling in parent.elementChildren {
            var append = sibling === top
            if !append {
                let bonus = !topClass.isEmpty && sibling["class"] == topClass ? topScore * 0.2 : 0
                if let score = scores.score[ObjectIdentifier(sibling)], score + bonus >= threshold {
                    append = true
                } else if sibling.name == "p" {
                    let density = SubtreeStats(sibling).linkDensity
                    let text = sibling.text
                    if text.count > 80 && density < 0.25 {
                        append = true
                    } else if !text.isEmpty && text.count < 80 && density == 0 && (text.hasSuffix(".") || text.contains(". ")) {
                        append = true
                    }
                }
            }
            if append { content.children.append(.element(sibling)) }
        }
        return content
    }

    private func initialScore(_ element: HTMLElement, rules: Rules) -> Double {
        let tag: Double = switch element.name {
        case "div": 5
        case "pre", "td", "blockquote": 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": -5
        default: 0
        }
        return tag + weight(element, rules: rules)
    }

    private func weight(_ element: HTMLElement, rules: Rules) -> Double {
        rules.contains(.weightClasses) ? classes.weight(class: element["class"], id: element["id"]) : 0
    }

    /// Commas of the scripts Readability knows: Latin, Arabic, the fullwidth and small forms.
    static let commaScalars: Set<Unicode.Scalar> = ["\u{2C}", "\u{60C}", "\u{FE50}", "\u{FE10}", "\u{FE11}", "\u{2E41}", "\u{2E34}", "\u{2E32}", "\u{FF0C}"]

    static func commas(in text: String) -> Int {
        text.unicodeScalars.filter(commaScalars.contains).count
    }

    // MARK: Prepare

    static let scoredTags: Set<String> = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"]
    /// Children that keep a `div` from being a paragraph.
    static let divBlockTags: Set<String> = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]
    static let unlikelyRoles: Set<String> = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]
    static let phrasingTags: Set<String> = ["abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn",
                                            "em", "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript",
                                            "object", "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span",
                                            "strong", "sub", "sup", "textarea", "time", "var", "wbr", "font", "u", "s", "strike", "tt", "big"]

    /// Removes what cannot be story, turns loose text into paragraphs and returns the
    /// elements to score, in document order.
    private func prepare(_ body: HTMLElement, rules: Rules, byline: inout String?) -> [HTMLElement] {
        var scored: [HTMLElement] = []
        var titleRemoved = false
        func keep(_ element: HTMLElement, insideTable: Bool) -> Bool {
            if !element.isVisible { return false }
            let names = element.classAndID
            if byline == nil, isByline(element, names), let text = Optional(element.text), !text.isEmpty, text.count < 100 {
                byline = text
                return false
            }
            if !titleRemoved, let title, element.name == "h1" || element.name == "h2", Self.similarity(title, element.text) > 0.75 {
                titleRemoved = true
                return false
            }
            if rules.contains(.stripUnlikely) {
                // A page's `main` or `article` says what it is whatever its classes say
                // ("container js-social-anchor-start").
                if classes.isUnlikely(names), !insideTable, !["body", "a", "main", "article"].contains(element.name) { return false }
                if let role = element["role"], Self.unlikelyRoles.contains(role) { return false }
            }
            if ["div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6"].contains(element.name), element.isWithoutContent { return false }
            return true
        }
        func visit(_ element: HTMLElement, insideTable: Bool) {
            element.splitDoubleBreaks()
            element.children = element.children.filter { child in
                guard case let .element(child) = child else { return true }
                return keep(child, insideTable: insideTable)
            }
            if element.name == "div" { element.wrapPhrasingRuns() }
            for case let .element(child) in element.children {
                if Self.scoredTags.contains(child.name) { scored.append(child) }
                visit(child, insideTable: insideTable || child.name == "table" || child.name == "code")
            }
            // A div that holds one paragraph, or no blocks at all, is scored as a paragraph.
            for (index, child) in element.children.enumerated() {
                guard case let .element(div) = child, div.name == "div" else { continue }
                let elements = div.elementChildren
                if elements.count == 1, elements[0].name == "p", div.children.allSatisfy({ if case let .text(t) = $0 { t.allSatisfy(\.isWhitespace) } else { true } }),
                   SubtreeStats(div).linkDensity < 0.25 {
                    element.children[index] = .element(elements[0])
                } else if !div.hasChildBlock {
                    div.name = "p"
                    scored.append(div)
                }
            }
        }
        visit(body, insideTable: false)
        return scored
    }

    private func isByline(_ element: HTMLElement, _ names: String) -> Bool {
        element["rel"] == "author" || element["itemprop"]?.contains("author") == true || classes.isByline(names)
    }

    /// How much of `b`'s words `a` also has, 0 to 1 (Readability's text similarity).
    static func similarity(_ a: String, _ b: String) -> Double {
        func tokens(_ s: String) -> [String] { s.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init) }
        let first = Set(tokens(a))
        let second = tokens(b)
        guard !second.isEmpty else { return 0 }
        let unique = second.filter { !first.contains($0) }
        return 1 - Double(unique.joined(separator: " ").count) / Double(second.joined(separator: " ").count)
    }

    // MARK: Clean

    static let removedInStory: Set<String> = ["object", "embed", "footer", "link", "aside", "iframe", "input", "textarea", "select", "button"]

    private func clean(_ content: HTMLElement, rules: Rules) {
        content.removeDescendants { Self.removedInStory.contains($0.name) }
        if rules.contains(.cleanConditionally) {
            content.removeDescendants { ["form", "fieldset"].contains($0.name) && furniture($0, SubtreeStats($0), rules: rules) }
        }
        for child in content.elementChildren {
            child.removeDescendants { classes.isShare($0.classAndID) && $0.text.count < 500 }
        }
        // Headings with a negative class weight are page furniture ("related", "promo").
        content.removeDescendants { ["h1", "h2"].contains($0.name) && weight($0, rules: rules) < 0 }
        if rules.contains(.cleanConditionally) { _ = cleanConditionally(content, rules: rules) }
    }

    /// Removes the lists, tables and divs that read as furniture, children before parents as
    /// Readability walks them, and returns what is left of the element's subtree, counted
    /// once on the way up rather than again at every level.
    private func cleanConditionally(_ element: HTMLElement, link: SubtreeStats.Link = .none, rules: Rules) -> SubtreeStats {
        var stats = SubtreeStats()
        element.children = element.children.filter { child in
            switch child {
            case let .text(text):
                stats.add(text: text, link: link)
                return true
            case let .element(child):
                let below = cleanConditionally(child, link: link.entering(child), rules: rules)
                if ["table", "ul", "div"].contains(child.name), furniture(child, below, rules: rules) { return false }
                stats.add(below)
                return true
            }
        }
        stats.close(element)
        return stats
    }

    /// Readability's conditional cleaning: a list, table or div that reads as furniture, by
    /// the counts of its subtree.
    private func furniture(_ element: HTMLElement, _ stats: SubtreeStats, rules: Rules) -> Bool {
        if element.name == "table" && element.isDataTable { return false }
        let weight = weight(element, rules: rules)
        if weight < 0 { return true }
        if stats.commas >= 10 { return false }
        let paragraphs = Double(stats.paragraphs)
        let images = Double(stats.images)
        let items = Double(stats.items) - 100
        let inputs = Double(stats.inputs)
        let embeds = Double(stats.embeds)
        let share = { (part: Int) in stats.characters == 0 ? 0 : Double(part) / Double(stats.characters) }
        let isList = element.name == "ul" || element.name == "ol" || share(stats.listCharacters) > 0.9
        let length = stats.length
        if length < 40, ["ad", "advertising", "advertisement", "pub", "publicité", "werbung", "广告", "реклама", "anuncio"].contains(element.text.lowercased()) {
            return true
        }
        let linkDensity = stats.linkDensity
        let headingShare = share(stats.headingCharacters)
        let remove = (images > 1 && paragraphs / images < 0.5)
            || (!isList && items > paragraphs)
            || inputs > (paragraphs / 3).rounded(.down)
            || (!isList && headingShare < 0.9 && length < 25 && (images == 0 || images > 2) && linkDensity > 0)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
            || (embeds == 1 && length < 75) || embeds > 1
            || (images == 0 && length == 0)
        if isList && remove {
            // A list of images stays: every item one image.
            if element.elementChildren.contains(where: { $0.elementChildren.count > 1 }) { return true }
            return images != Double(stats.items)
        }
        return remove
    }
}

/// What the finder and the reader weigh in a subtree: its text (characters that are not
/// whitespace, words, commas; how much of it is in links, headings and lists) and how many
/// paragraphs, images, list items, inputs and embeds it holds, the element itself included.
struct SubtreeStats {
    var characters = 0
    var words = 0
    var commas = 0
    var linkCharacters = 0
    /// Link text whose link points inside the page (a heading's own anchor, a contents entry).
    var fragmentLinkCharacters = 0
    var headingCharacters = 0
    var listCharacters = 0
    var paragraphs = 0, images = 0, items = 0, inputs = 0, embeds = 0

    /// About the length of the collapsed text: its characters and a space between words.
    var length: Int { characters + max(0, words - 1) }

    /// How much of the text is link text, a link inside the page weighing 0.3 as in
    /// Readability: a heading that links to its own anchor is not navigation.
    var linkDensity: Double {
        characters == 0 ? 0 : (Double(linkCharacters) - 0.7 * Double(fragmentLinkCharacters)) / Double(characters)
    }

    /// How much of the text is link text of any kind: a list that is all links, even links
    /// inside the page (a table of contents), is not read.
    var linkShare: Double { characters == 0 ? 0 : Double(linkCharacters) / Double(characters) }

    /// Whether text is inside a link, and where that link points.
    enum Link {
        case none, away, fragment

        /// The link that text inside `element` is in.
        func entering(_ element: HTMLElement) -> Link {
            guard self == .none, element.name == "a" else { return self }
            // A bare "#" is a script's button (a share link), which goes nowhere in the page.
            guard let href = element["href"], href.hasPrefix("#"), href.count > 1 else { return .away }
            return .fragment
        }
    }

    init() {}

    init(_ element: HTMLElement, link: Link = .none) {
        for child in element.children {
            switch child {
            case let .text(text): add(text: text, link: link)
            case let .element(child): add(SubtreeStats(child, link: link.entering(child)))
            }
        }
        close(element)
    }

    mutating func add(text: String, link: Link) {
        var inWord = false
        var count = 0
        for scalar in text.unicodeScalars {
            if PlainText.isSpace(scalar) {
                inWord = false
                continue
            }
            count += 1
            if !inWord { words += 1 }
            inWord = true
            if StoryFinder.commaScalars.contains(scalar) { commas += 1 }
        }
        characters += count
        if link != .none { linkCharacters += count }
        if link == .fragment { fragmentLinkCharacters += count }
    }

    mutating func add(_ other: SubtreeStats) {
        characters += other.characters
        words += other.words
        commas += other.commas
        linkCharacters += other.linkCharacters
        fragmentLinkCharacters += other.fragmentLinkCharacters
        headingCharacters += other.headingCharacters
        listCharacters += other.listCharacters
        paragraphs += other.paragraphs
        images += other.images
        items += other.items
        inputs += other.inputs
        embeds += other.embeds
    }

    /// Counts the element itself, once its children are in.
    mutating func close(_ element: HTMLElement) {
        switch element.name {
        case "p": paragraphs += 1
        case "img": images += 1
        case "li": items += 1
        case "input": inputs += 1
        case "object", "embed", "iframe": embeds += 1
        case "h1", "h2", "h3", "h4", "h5", "h6": headingCharacters = characters
        case "ul", "ol": listCharacters = characters
        default: break
        }
    }
}

// MARK: Tree helpers

extension HTMLElement {
    var elementChildren: [HTMLElement] {
        children.compactMap { if case let .element(e) = $0 { e } else { nil } }
    }

    func firstDescendant(named name: String) -> HTMLElement? {
        firstDescendant { $0.name == name }
    }

    func firstDescendant(where matches: (HTMLElement) -> Bool) -> HTMLElement? {
        var found: HTMLElement?
        walk { element in
            if found == nil, matches(element) { found = element }
            return found == nil
        }
        return found
    }

    /// Each descendant's parent.
    func parentMap() -> [ObjectIdentifier: HTMLElement] {
        var parents: [ObjectIdentifier: HTMLElement] = [:]
        walk { element in
            for child in element.elementChildren { parents[ObjectIdentifier(child)] = element }
            return true
        }
        return parents
    }

    /// Removes every descendant that `matches`, and looks no further inside those it removes.
    func removeDescendants(_ matches: (HTMLElement) -> Bool) {
        children = children.filter { child in
            guard case let .element(element) = child else { return true }
            if matches(element) { return false }
            element.removeDescendants(matches)
            return true
        }
    }

    /// Shown to a reader: no `hidden`, `aria-hidden`, `display: none` or `visibility: hidden`.
    var isVisible: Bool {
        if let style = self["style"]?.lowercased().replacingOccurrences(of: " ", with: ""),
           style.contains("display:none") || style.contains("visibility:hidden") { return false }
        if self["hidden"] != nil { return false }
        if self["aria-hidden"] == "true" && !(self["class"] ?? "").contains("fallback-image") { return false }
        return true
    }

    var isWithoutContent: Bool {
        !hasVisibleText && elementChildren.allSatisfy { $0.name == "br" || $0.name == "hr" }
    }

    /// Holds a character that is not whitespace, looked for only as far as the first one.
    var hasVisibleText: Bool {
        children.contains { child in
            switch child {
            case let .text(text): text.unicodeScalars.contains { !PlainText.isSpace($0) }
            case let .element(element): element.hasVisibleText
            }
        }
    }

    var hasChildBlock: Bool {
        elementChildren.contains { StoryFinder.divBlockTags.contains($0.name) || $0.hasChildBlock }
    }

    /// Phrasing content: text, inline elements, and links or edits that hold only those.
    var isPhrasing: Bool {
        StoryFinder.phrasingTags.contains(name)
            || (["a", "del", "ins"].contains(name) && children.allSatisfy { if case let .element(e) = $0 { e.isPhrasing } else { true } })
    }

    /// Gathers each run of text and inline elements between blocks into a paragraph.
    func wrapPhrasingRuns() {
        guard children.contains(where: { if case let .element(e) = $0 { !e.isPhrasing } else { false } }) else { return }
        var result: [HTMLNode] = []
        var run: HTMLElement?
        for child in children {
            let phrasing = if case let .element(e) = child { e.isPhrasing } else { true }
            if phrasing {
                if run == nil {
                    if case let .text(text) = child, text.allSatisfy(\.isWhitespace) {
                        result.append(child)
                        continue
                    }
                    let paragraph = HTMLElement(name: "p", attributes: [:])
                    result.append(.element(paragraph))
                    run = paragraph
                }
                run?.children.append(child)
            } else {
                run = nil
                result.append(child)
            }
        }
        children = result
    }

    /// Each stretch of text after two or more line breaks in a row becomes a paragraph.
    func splitDoubleBreaks() {
        guard children.contains(where: { if case let .element(e) = $0 { e.name == "br" } else { false } }) else { return }
        var result: [HTMLNode] = []
        var index = 0
        var paragraph: HTMLElement?
        func isBreak(_ node: HTMLNode) -> Bool { if case let .element(e) = node { e.name == "br" } else { false } }
        func isBlank(_ node: HTMLNode) -> Bool { if case let .text(t) = node { t.allSatisfy(\.isWhitespace) } else { false } }
        while index < children.count {
            let child = children[index]
            if isBreak(child) {
                // Count the breaks in this run, skipping the whitespace between them.
                var end = index + 1
                var breaks = 1
                while end < children.count, isBreak(children[end]) || isBlank(children[end]) {
                    if isBreak(children[end]) { breaks += 1 }
                    end += 1
                }
                if breaks >= 2 {
                    let next = HTMLElement(name: "p", attributes: [:])
                    result.append(.element(next))
                    paragraph = next
                    index = end
                    continue
                }
            }
            if let open = paragraph {
                if case let .element(e) = child, !e.isPhrasing {
                    paragraph = nil
                    result.append(child)
                } else {
                    open.children.append(child)
                }
            } else {
                result.append(child)
            }
            index += 1
        }
        children = result.filter { if case let .element(e) = $0 { !(e.name == "p" && e.attributes.isEmpty && e.children.isEmpty) } else { true } }
        if name == "p", children.contains(where: { if case let .element(e) = $0 { e.name == "p" } else { false } }) { name = "div" }
    }

    /// A table of data rather than of layout, by Readability's signs.
    var isDataTable: Bool {
        if self["role"] == "presentation" || self["datatable"] == "0" { return false }
        if self["summary"] != nil { return true }
        var rows = 0
        var columns = 0
        var signs = false
        var nested = false
        walk { element in
            switch element.name {
            case "caption", "thead", "tfoot", "colgroup", "col", "th": signs = true
            case "table" where element !== self: nested = true
            case "tr":
                rows += 1
                columns = max(columns, element.elementChildren.filter { $0.name == "td" || $0.name == "th" }.count)
            default: break
            }
            return true
        }
        if nested { return false }
        if signs { return true }
        return rows >= 10 || columns > 4 || rows * columns > 10
    }
}
