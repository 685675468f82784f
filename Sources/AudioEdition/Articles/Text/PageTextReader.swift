import Foundation

/// Reads article text: a plain file (headline, then paragraphs between blank lines) or the
/// text of a scraped page, with navigation, credits, teasers, pitches and newsletter boxes
/// around the story.
///
/// It decides by features of each line, not by any one site's strings:
/// 1. **Lines.** Each line is a unit; a hard-wrapped paragraph is joined back together.
///    Every unit gets its features: word count, sentence punctuation, a trailing ellipsis
///    (a cut-off teaser), boilerplate phrases (`boilerplate.tsv`), repetition, and whether
///    it reads as a byline, a date or a time.
/// 2. **Story.** A run starts at a paragraph (a sentence of eight words or more) and goes on
///    through paragraphs, short sentences, subheadings (a short title-like line followed by
///    a paragraph), list items, and single furniture lines (an ad, a credit, a "Read more")
///    that the story continues after. Anything else ends it. The story is the longest run,
///    counted in characters, with a bonus for a run that a byline heads.
/// 3. **Header.** Above the run, within a few lines: the byline ("By ...", or a bare name
///    followed by a desk), dates, credits, a standfirst, and the nearest title-like line,
///    which is the headline.
///
/// A file with no paragraph of eight words is read as a plain file: the first line is the
/// headline and the lines after it that read as text (a sentence, a list item, three words
/// or more) are the body.
public struct PageTextReader: Sendable {
    let boilerplate: Boilerplate
    let bylines: BylineParser

    public init() {
        self.init(boilerplate: .shared, bylines: .shared)
    }

    init(boilerplate: Boilerplate, bylines: BylineParser) {
        self.boilerplate = boilerplate
        self.bylines = bylines
    }

    public func read(_ source: SourceText) throws(ArticleError) -> Article {
        let (text, stamped) = Self.dateStamp(source.text)
        let units = self.units(of: text)
        guard units.contains(where: \.hasWords) else { throw ArticleError(path: source.path, problem: .noWords) }
        // The scraper writes the page's title on its stamp line: a headline, wherever it is.
        let stampedTitle = stamped != nil && !text.hasPrefix("\n") && units.first.map { $0.isTitleLike && $0.words >= 4 } == true
        let article = bestRun(units).map { header(for: $0, in: units, stampedTitle: stampedTitle) } ?? plain(units)
        guard var article, article.blocks.contains(where: \.hasWords) else {
            throw ArticleError(path: source.path, problem: .noArticleText)
        }
        if article.published == nil { article.published = stamped }
        return article
    }

    /// A saved page that opens with the scraper's ` date YYYY-MM-DD ` stamp: the text after
    /// it, and the date, which dates the story when the page itself shows none.
    static func dateStamp(_ text: String) -> (text: String, date: String?) {
        let start = text.drop { $0 == " " || $0 == "\t" }
        guard start.hasPrefix("date "), let date = DateFinder.isoDate(String(start.dropFirst(5).prefix(10))),
              start.dropFirst(5).prefix(10).count == 10 else { return (text, nil) }
        return (String(start.dropFirst(15)), date)
    }

    // MARK: Units

    struct Unit {
        var text: String
        var words: Int
        /// Ends as a sentence does: `.`, `!` or `?`, maybe inside closing quotes or brackets.
        var endsSentence: Bool
        /// Ends in an ellipsis: a teaser cut short.
        var truncated: Bool
        var boilerplate: Bool
        var repeated: Bool
        var byline: BylineParser.Byline?
        /// A date or time line: "18 November 2023", "7:53 AM", "Published 3 hours ago".
        var isDateLine: Bool
        /// Wholly in brackets: a photo credit, "(Reuters)".
        var bracketed: Bool
        var bullet: Bool
        var capitalised: Double
        /// Items between separators: "About Us | Projects | Careers".
        var menu: Bool
        /// A photo caption: a sentence and then a credit ("... in Odesa. EPA",
        /// "... on Aug. 9. (Source: Governor/Telegram)", "... Al Arabi. PHOTO/Al Duhail").
        var caption: Bool

        var hasWords: Bool { Article.hasWords(text) }

        /// A paragraph that can start a story.
        var isParagraph: Bool {
            guard !boilerplate, !truncated, byline == nil, !bracketed, !isDateLine, !caption else { return false }
            // A line that introduces what follows ("..., here's a look at the others:") too.
            // A long line that does not end as a sentence is a paragraph cut short when it
            // has a sentence's commas or stops; without them it is headlines run together.
            return (words >= 8 && (endsSentence || text.hasSuffix(":")))
                || (words >= 25 && capitalised < 0.6 && (text.contains(", ") || text.contains(". ")))
                || (words >= 12 && capitalised < 0.6 && text.contains(". "))
        }

        /// A short sentence, which a story can carry but not start.
        var isShortSentence: Bool {
            !boilerplate && !truncated && !bracketed && !caption && !isDateLine && byline == nil && words >= 2 && endsSentence && capitalised < 0.6
        }

        var isTitleLike: Bool {
            guard (3...30).contains(words), text.count <= 220, !boilerplate, !truncated, !isDateLine, !bracketed, byline == nil, !menu, !caption,
                  !text.hasSuffix("."), let first = text.first else { return false }
            return first.isUppercase || first.isNumber || "\"“‘'".contains(first)
        }

        /// One short sentence with its full stop: what a headline written as a sentence is.
        var isSentenceHeadline: Bool { words <= 16 && endsSentence && !text.dropLast().contains(". ") }

        /// Furniture a story can continue after: an ad slot, a credit, a "Read more" link.
        var isFurniture: Bool { boilerplate || bracketed || caption }
    }

    func units(of text: String) -> [Unit] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { PlainText.collapse($0) }
        let long = lines.filter { $0.count >= 40 }
        let hardWrapped = long.count >= 5 && long.filter { $0.count <= 80 }.count * 10 >= long.count * 8
            && (lines.map(\.count).max() ?? 0) <= 100
        var texts: [String] = []
        var previousBlank = true
        for line in lines {
            if line.isEmpty {
                previousBlank = true
                continue
            }
            if !previousBlank, let last = texts.last, Self.continues(last, with: line, hardWrapped: hardWrapped), bylines.parse(line) == nil {
                texts[texts.count - 1] = last + " " + line
            } else {
                texts.append(line)
            }
            previousBlank = false
        }
        let folded = texts.map(Boilerplate.fold)
        var counts: [String: Int] = [:]
        for text in folded { counts[text, default: 0] += 1 }
        var units = zip(texts, folded).map { unit($0, repeated: counts[$1, default: 0] > 1) }
        // A caption given twice, plain and then with its credit (or glued to itself), or a
        // player's label and then the title it names ("Click to play video: 'Title'", "Title"):
        // both are furniture.
        for index in units.indices.dropLast() where units[index].words >= 4 && units[index + 1].words >= 4 {
            let (text, next) = (units[index].text, units[index + 1].text)
            let words = text.split(separator: " ")
            let nextWords = next.split(separator: " ")
            let glued = text.count != next.count && (text.contains(next) || next.hasPrefix(text))
            if glued || (words.count >= 5 && nextWords.count > words.count && nextWords.prefix(6) == words.prefix(6)) {
                units[index].caption = true
                units[index + 1].caption = true
            }
        }
        return units
    }

    /// The features of one line of text.
    func unit(_ text: String, repeated: Bool = false) -> Unit {
        let words = text.split(whereSeparator: \.isWhitespace)
        let lettered = words.filter { $0.contains(where: \.isLetter) }
        let capitalised = lettered.isEmpty ? 0 : Double(lettered.filter { $0.first(where: \.isLetter)?.isUppercase == true }.count) / Double(lettered.count)
        // The last character before any closing quotes and brackets.
        let end = text.lastIndex { !"\"'”’»)]*".contains($0) }.map { text[...$0] } ?? ""
        return Unit(
            text: text, words: words.count,
            endsSentence: end.last.map { ".!?".contains($0) } == true && !end.hasSuffix("..."),
            truncated: text.hasSuffix("…") || text.hasSuffix("..."),
            boilerplate: boilerplate.isBoilerplate(text, words: words.count),
            repeated: repeated,
            byline: bylines.parse(text),
            isDateLine: isDateLine(text, words: words.count),
            bracketed: (text.hasPrefix("(") && text.hasSuffix(")")) || (text.hasPrefix("[") && text.hasSuffix("]")),
            bullet: ["- ", "* ", "• ", "– "].contains { text.hasPrefix($0) },
            capitalised: capitalised,
            menu: words.filter { ["|", "·", "∙", "•", "/"].contains($0) }.count >= 2,
            caption: Self.isCaption(text, words: words.count)
        )
    }

    /// A sentence followed by a short credit with no full stop of its own: every word of
    /// it capitalised ("EPA"), or slashed ("PHOTO/Al Duhail"), or a labelled bracket
    /// ("(Source: ...)"). A wire credit closing a paragraph, "(Sputnik/ANI)", is not one.
    static func isCaption(_ text: String, words: Int) -> Bool {
        guard words <= 40, let last = text.last, !".!?\"”’'".contains(last) else { return false }
        // "... water cannons at them - Brian Inganga/AP"
        if let dash = [" - ", " – ", " — "].lazy.compactMap({ text.range(of: $0, options: .backwards) }).first {
            let credit = text[dash.upperBound...]
            if credit.contains("/"), credit.split(separator: " ").count <= 6 { return true }
        }
        guard let stop = text.range(of: ". ", options: .backwards) else { return false }
        let credit = text[stop.upperBound...]
        let creditWords = credit.split(whereSeparator: \.isWhitespace)
        let lettered = creditWords.filter { $0.contains(where: \.isLetter) }.count
        guard (1...8).contains(lettered), lettered * 2 < words else { return false }
        // "(Source: ...)", "[Raad Adayleh/AP Photo]"; a wire credit is "(Sputnik/ANI)".
        if credit.hasPrefix("(") || credit.hasPrefix("[") {
            return credit.contains(":") || credit.contains("|") || credit.lowercased().contains("photo") || (credit.hasPrefix("[") && credit.contains("/"))
        }
        return credit.contains("/")
            || creditWords.allSatisfy { $0.first?.isUppercase == true || $0.first?.isNumber == true || !$0.contains(where: \.isLetter) }
    }

    /// Whether `line` carries on the paragraph `previous` ends: always in a hard-wrapped
    /// file, and otherwise when it starts in lowercase after an unfinished line.
    private static func continues(_ previous: String, with line: String, hardWrapped: Bool) -> Bool {
        if hardWrapped, previous.count >= 40 { return true }
        guard let first = line.first, let last = previous.last else { return false }
        return first.isLowercase && !".!?:".contains(last)
    }

    /// A line that only gives a date or a time.
    private func isDateLine(_ text: String, words: Int) -> Bool {
        let folded = text.lowercased()
        let stamped = ["updated", "published", "last modified", "last updated", "modified", "posted"].contains(where: folded.hasPrefix)
        // "Posted at 7:22 AM, May 21, 2015 and last updated 2015-05-21 07:52:59-04"
        guard words <= 10 || (stamped && words <= 18) else { return false }
        if bylines.dates.firstDate(in: text) != nil { return !text.hasSuffix(".") || words <= 5 }
        if folded.hasSuffix(" ago") || stamped { return true }
        // "7:53 AM", "12:45 GMT"
        let digits = text.filter(\.isNumber).count
        return words <= 3 && text.contains(":") && digits >= 3 && digits * 2 >= text.filter { !$0.isWhitespace }.count
    }

    // MARK: Story

    struct Run {
        var start: Int
        var end: Int  // exclusive
        var blocks: [Article.Block]
        var score: Double
        /// A bare name met inside the story, the author's headshot caption.
        var names: [String]?
        /// The posts after the first, when the story is a live blog's.
        var posts = 0
    }

    /// The run with the most text, favouring one a byline heads.
    func bestRun(_ units: [Unit]) -> Run? {
        var best: Run?
        var index = 0
        while index < units.count {
            guard units[index].isParagraph else {
                index += 1
                continue
            }
            var run = self.run(from: index, in: units)
            // A date line or a byline after the first paragraph: that paragraph is the
            // standfirst over them, and the story starts below them.
            if let cut = (run.start + 1..<min(run.end, run.start + 4)).first(where: { units[$0].byline != nil || units[$0].isDateLine }),
               units[run.start..<cut].filter(\.isParagraph).count == 1,
               let next = (cut + 1..<run.end).first(where: { units[$0].isParagraph }) {
                let rest = self.run(from: next, in: units)
                if rest.end == run.end { run = rest }
            }
            // A short sentence or two opening the story ("Astronomers are getting their
            // money's worth.") belong to it.
            var start = run.start
            while start > 0, run.start - start < 2, units[start - 1].isShortSentence, units[start - 1].words >= 4,
                  !units[start - 1].repeated, kind(of: units[start - 1].text) == .paragraph {
                start -= 1
                run.blocks.insert(Article.Block(.paragraph, units[start].text), at: 0)
            }
            run.start = start
            let headed = (max(0, index - 5)..<index).contains { units[$0].byline?.names.isEmpty == false }
            run.score *= headed ? 1.5 : 1
            if run.score > best?.score ?? 0 { best = run }
            index = max(run.end, index + 1)
        }
        return best
    }

    func run(from start: Int, in units: [Unit]) -> Run {
        var blocks: [Article.Block] = []
        var seen: Set<String> = []
        var names: [String]?
        var posts = 0
        var index = start
        var lastParagraph = start
        // The blocks up to and with the last paragraph: lines passed over add none.
        var throughLastParagraph = 0
        func next(after position: Int, where test: (Unit) -> Bool) -> Bool {
            (position + 1 < units.count) && test(units[position + 1])
        }
        while index < units.count {
            let unit = units[index]
            if unit.bullet, unit.words >= 3, !unit.boilerplate, !blocks.isEmpty || unit.isParagraph {
                blocks.append(Article.Block(.listItem, String(unit.text.dropFirst(2))))
                // An item that is a sentence carries the story as a paragraph does.
                if unit.isParagraph { (lastParagraph, throughLastParagraph) = (index, blocks.count) }
            } else if unit.isParagraph || (unit.isShortSentence && !blocks.isEmpty) || (!blocks.isEmpty && isCutParagraph(at: index, in: units)) {
                if seen.insert(unit.text).inserted { blocks.append(Article.Block(kind(of: unit.text), unit.text)) }
                if unit.isParagraph { (lastParagraph, throughLastParagraph) = (index, blocks.count) }
            } else if unit.isTitleLike, unit.words <= 14, !unit.repeated, next(after: index, where: \.isParagraph) {
                // A short heading is the story's subheading; a longer title-like line inside
                // it is a teaser for another story or an image's label ("... crash 04"),
                // passed over.
                if unit.words <= 8, unit.text.split(separator: " ").last?.allSatisfy(\.isNumber) != true {
                    blocks.append(Article.Block(.subheading, unit.text))
                }
            } else if !blocks.isEmpty, let post = postHead(at: index, in: units) {
                // A live blog: its next post, under its own heading and byline.
                if let heading = post.heading { blocks.append(Article.Block(.subheading, units[heading].text)) }
                posts += 1
                index = post.body
                continue
            } else if !blocks.isEmpty, let skip = interruption(at: index, in: units) {
                // An ad slot, a credit, a photo caption or an author's headshot inside the story.
                for skipped in index..<index + skip where names == nil { names = bareNames(units[skipped]) }
                index += skip
                continue
            } else {
                break
            }
            index += 1
        }
        // Short sentences after the last paragraph are the story's only if few and close.
        let tail = index - lastParagraph - 1
        if tail > 2 {
            blocks.removeLast(blocks.count - throughLastParagraph)
            index = lastParagraph + 1
        }
        let score = blocks.reduce(0.0) { $0 + Double($1.text.count) }
        return Run(start: start, end: index, blocks: blocks, score: score, names: names, posts: posts)
    }

    /// How many lines from `index` interrupt the story without ending it: up to three lines
    /// of furniture, dates and bare names (a headshot's caption), with a paragraph after them.
    private func interruption(at index: Int, in units: [Unit]) -> Int? {
        var count = 0
        var distinct = 0  // a line given twice over ("Hide Ad", "Hide Ad") counts once
        while index + count < units.count {
            let unit = units[index + count]
            let again = count > 0 && unit.text == units[index + count - 1].text
            guard again || distinct < 3 else { break }
            // A label of a word or three ("Key findings", "Getty") is passed over too.
            // So is a prompt to what follows ("Follow the latest updates here:").
            let label = (unit.words <= 3 && !unit.endsSentence && !unit.bullet) || (unit.words <= 8 && unit.text.hasSuffix(":"))
            guard unit.isFurniture || unit.isDateLine || label || bareNames(unit) != nil || Self.isCredit(unit) || Self.isNameCaption(unit) else { break }
            count += 1
            distinct += again ? 0 : 1
        }
        // What comes after must carry the story on: a paragraph, a heading over one, or a
        // live blog's next post.
        guard count > 0, index + count < units.count else { return nil }
        let after = units[index + count]
        guard after.isParagraph || (after.isTitleLike && index + count + 1 < units.count && units[index + count + 1].isParagraph)
            || postHead(at: index + count, in: units) != nil else { return nil }
        // An author box: a name, then a paragraph about that name ("Martin Fornusek is a
        // reporter for ..."), ends the story.
        for skipped in index..<index + count {
            if let name = bareNames(units[skipped])?.first, units[index + count].text.hasPrefix(name) { return nil }
        }
        return count
    }

    /// A word that runs four lowercase letters straight into capitals: "newsSEE",
    /// "articleComments", the mark of labels scraped without the space between them.
    static func hasGluedWords(_ text: String) -> Bool {
        var lowercaseRun = 0
        for character in text {
            if character.isLowercase {
                lowercaseRun += 1
            } else if character.isUppercase, lowercaseRun >= 4 {
                return true
            } else {
                lowercaseRun = 0
            }
        }
        return false
    }

    /// The page's last line, a sentence the saved text stops in the middle of ("But some
    /// drivers, particularly in the city of Maan, have continued t").
    private func isCutParagraph(at index: Int, in units: [Unit]) -> Bool {
        let unit = units[index]
        return index == units.count - 1 && unit.words >= 8 && unit.capitalised < 0.5 && !unit.endsSentence
            && !unit.isFurniture && !unit.truncated && !unit.isDateLine && unit.byline == nil && !unit.menu
    }

    /// A live blog's next post, from `index`: a heading or none, then a byline naming its
    /// writer ("By AAP"), then a paragraph. The post's heading and the paragraph's index.
    func postHead(at index: Int, in units: [Unit]) -> (heading: Int?, body: Int)? {
        guard units.indices.contains(index) else { return nil }
        let heading = units[index].isTitleLike && units[index].words <= 20 ? index : nil
        let credit = heading.map { $0 + 1 } ?? index
        guard credit + 1 < units.count, units[credit].byline?.names.isEmpty == false, units[credit + 1].isParagraph else { return nil }
        return (heading, credit + 1)
    }

    /// A caption that is a name with a full stop, under a portrait: "Reserve Bank governor
    /// Philip Lowe." Every word capitalised, too few for a sentence of the story.
    private static func isNameCaption(_ unit: Unit) -> Bool {
        (3...10).contains(unit.words) && unit.endsSentence && unit.capitalised >= 0.75 && !unit.text.dropLast().contains(". ")
    }

    /// A short line that ends in a bracketed credit: "Robert Bruce Adolph [ Provided ]".
    private static func isCredit(_ unit: Unit) -> Bool {
        unit.words <= 8 && !unit.endsSentence && (unit.text.hasSuffix("]") || unit.text.hasSuffix(")")) && (unit.text.contains("[") || unit.text.contains("("))
    }

    /// A paragraph wholly inside one pair of quotation marks is a quote.
    private func kind(of text: String) -> Article.Block.Kind {
        guard let first = text.first, let last = text.last, "\"“".contains(first), "\"”".contains(last),
              text.filter({ "\"“”".contains($0) }).count == 2 else {
            return .paragraph
        }
        return .quote
    }

    // MARK: Header

    /// The headline, byline, dates and standfirst above the story. Every title-like line in
    /// the few lines above it is a candidate; the headline is the one that scores best:
    /// longer is better, above the byline is better, nearer is better, and a desk line
    /// ("BBC News, Leeds") or a line the page repeats (navigation) is worse.
    func header(for run: Run, in units: [Unit], stampedTitle: Bool = false) -> Article? {
        var run = run
        // A headline written as one short sentence with a full stop opens the run: nothing
        // title-like sits straight above it, no byline heads the page (its headline is above
        // that), and a longer paragraph follows.
        let first = units[run.start]
        if first.isSentenceHeadline, run.blocks.count >= 2,
           run.blocks[0].text == first.text, run.blocks[1].text.split(separator: " ").count >= first.words + 8,
           run.start == 0 || !units[run.start - 1].isTitleLike,
           !units[max(0, run.start - 10)..<run.start].contains(where: { $0.byline != nil }) {
            run.blocks.removeFirst()
            return header(for: Run(start: run.start + 1, end: run.end, blocks: run.blocks, score: run.score, names: run.names, posts: run.posts),
                          in: units, stampedTitle: stampedTitle, headline: run.start)
        }
        return header(for: run, in: units, stampedTitle: stampedTitle, headline: nil)
    }

    private func header(for run: Run, in units: [Unit], stampedTitle: Bool, headline sentence: Int?) -> Article? {
        var byline: (index: Int, value: BylineParser.Byline)?
        var dates: (published: String?, updated: String?) = (nil, nil)
        var paragraphs: [Int] = []
        var candidates: [Int] = []
        var index = run.start - 1
        while index >= max(0, run.start - 10) {
            let unit = units[index]
            // The date nearest the story wins; an "Updated" date fills in only what is missing.
            func note(_ found: (published: String?, updated: String?)) {
                dates = (dates.published ?? found.published, dates.updated ?? found.updated)
            }
            if let found = unit.byline ?? embeddedByline(unit) {
                // A live blog's first post is headed and signed as its others are: that
                // heading is no headline, and the post's writer is not the page's.
                let headed = postHead(at: index - 1, in: units)
                if run.posts > 0, postHead(at: index, in: units) != nil || headed != nil {
                    if headed?.heading == index - 1 { index -= 1 }
                    index -= 1
                    continue
                }
                if byline == nil { byline = (index, found) }
                note(bylines.datesIn(unit.text))
            } else if unit.isDateLine {
                note(bylines.datesIn(unit.text))
            } else if unit.isFurniture {
                // credits, share bars, "min read"
            } else if unit.isParagraph || unit.isShortSentence {
                // A standfirst sits between the headline and the story; a second paragraph
                // belongs to something else.
                // A byline below it makes it the standfirst over the byline.
                if paragraphs.count == 1 && candidates.isEmpty && byline == nil || paragraphs.count >= 2 || unit.words > 60 { break }
                paragraphs.append(index)
            } else if unit.isTitleLike || bareNames(unit) != nil {
                candidates.append(index)
            }
            index -= 1
        }
        // A headline written as one short sentence, with a full stop: the topmost line read as
        // a standfirst, when no title-like line sits straight above it.
        if let top = paragraphs.last, units[top].isSentenceHeadline, !candidates.contains(top - 1) {
            candidates.append(top)
            paragraphs.removeLast()
        }
        if stampedTitle, !candidates.contains(0), run.start > 0 { candidates.append(0) }
        if let sentence { candidates = [sentence] }
        // A bare name under the headline is the byline when nothing better is.
        if byline == nil, let name = candidates.first(where: { bareNames(units[$0]) != nil }),
           candidates.contains(where: { $0 < name && units[$0].isTitleLike && bareNames(units[$0]) == nil }) {
            byline = (name, BylineParser.Byline(names: bareNames(units[name]) ?? []))
            candidates.removeAll { $0 == name }
        }
        func score(_ candidate: Int) -> Double {
            let unit = units[candidate]
            // The stamp line's title stands however far above the story it is.
            if stampedTitle, candidate == 0 { return Double(min(unit.words, 12)) + 2 }
            var score = Double(min(unit.words, 12)) - 0.5 * Double(run.start - candidate)
            // A breadcrumb ("Home States Tamil Nadu") or two sentences (a site's tagline) are not headlines.
            if isBreadcrumb(unit) { score -= 4 }
            if unit.text.split(separator: " ").dropLast().contains(where: { $0.hasSuffix(".") && $0.count > 3 }) { score -= 3 }
            if unit.endsSentence { score -= 1 }
            if let byline, candidate < byline.index { score += 4 }
            if bylines.isDesk(unit.text) { score -= 6 }
            // Button labels run together ("Go to the source of this newsSEE OUR NEWS DIGEST").
            if Self.hasGluedWords(unit.text) { score -= 6 }
            // A page repeats its menus, and often its headline (as the page title and
            // again over the story): a long repeated line is a headline, a short one a menu.
            if unit.repeated { score += unit.words >= 5 ? 3 : -4 }
            // A byline or a date line straight under it.
            if candidate + 1 < units.count, units[candidate + 1].byline != nil || units[candidate + 1].isDateLine { score += 2 }
            return score
        }
        guard var headline = candidates.max(by: { score($0) < score($1) || (score($0) == score($1) && $0 < $1) }) else {
            guard var article = plain(units, body: run) else { return nil }
            if article.byline.isEmpty { article.byline = (byline ?? bylineAfter(run, in: units, authorBox: true))?.value.names ?? [] }
            article.published = article.published ?? byline?.value.published ?? dates.published ?? dates.updated
            return article
        }
        var standfirst = paragraphs.last.flatMap { $0 > headline && $0 < (byline?.index ?? run.start) ? units[$0].text : nil }
        // A long line straight under a shorter title-like one is its standfirst, even
        // without a full stop.
        let above = headline - 1
        if standfirst == nil, candidates.contains(above), units[above].words >= 4, !isBreadcrumb(units[above]), units[headline].words > units[above].words,
           units[headline].text.contains(",") || units[headline].words >= 14, !units[above].repeated, !bylines.isDesk(units[above].text) {
            standfirst = units[headline].text
            headline = above
        }
        if byline == nil, run.posts == 0 { byline = bylineAfter(run, in: units, authorBox: false) }
        // A line that is only an agency's name, just above the story or just after it; then
        // an author box after the story.
        if byline == nil, run.posts == 0 {
            let near: [Int] = Array(max(0, run.start - 6)..<run.start) + Array(run.end..<min(units.count, run.end + 2))
            for index in near {
                guard let agency = bylines.agencyCredit(units[index].text) else { continue }
                byline = (index, BylineParser.Byline(names: [agency]))
                break
            }
            if byline == nil { byline = bylineAfter(run, in: units, authorBox: true) }
        }
        // Failing both, a bare name met inside the story: the author's headshot caption.
        if byline == nil, run.posts == 0 { byline = run.names.map { (run.start, BylineParser.Byline(names: $0)) } }
        if let published = byline?.value.published { dates = (published, byline?.value.updated ?? dates.updated) }
        // A page that shows only when it was updated is dated by that.
        if dates.published == nil, let updated = dates.updated { dates.published = updated }
        if dates.published == nil {
            // A dateline opening the story ("RIVERSIDE, Calif., February 12, 2024 —"), a date
            // above the headline, or a date line just after the story.
            let opening = run.blocks.first.map { $0.text.split(separator: " ").prefix(8).joined(separator: " ") } ?? ""
            dates.published = bylines.dates.firstDate(in: opening)
                ?? units[..<headline].lazy.compactMap { self.bylines.dates.firstDate(in: $0.text) }.first
                ?? units[run.end..<min(units.count, run.end + 3)].lazy.filter(\.isDateLine).compactMap { self.bylines.dates.firstDate(in: $0.text) }.first
        }
        var blocks = run.blocks
        // A standfirst that is also the story's first paragraph is spoken once.
        if let standfirst, blocks.first?.text == standfirst { blocks.removeFirst() }
        return Article(title: units[headline].text, standfirst: standfirst, byline: byline?.value.names ?? [],
                       published: dates.published, updated: dates.updated, blocks: blocks)
    }

    /// A short line of capitalised words with no function word among them: the trail of
    /// sections a page is filed under, not a headline.
    private func isBreadcrumb(_ unit: Unit) -> Bool {
        let words = unit.text.split(separator: " ")
        return words.count <= 5 && !unit.endsSentence && words.allSatisfy { word in
            word.first?.isUppercase == true && !bylines.functionWords.contains(word.lowercased())
        }
    }

    /// A byline the page gives only after the story: a "By ..." credit line, or an author
    /// box, a bare name with a job or desk line ("Reporter") next to it.
    private func bylineAfter(_ run: Run, in units: [Unit], authorBox: Bool) -> (index: Int, value: BylineParser.Byline)? {
        let end = min(units.count, run.end + 8)
        for index in run.end..<end {
            if let found = units[index].byline, !found.names.isEmpty { return (index, found) }
            if authorBox, let names = bareNames(units[index]), index + 1 < units.count, bylines.isDesk(units[index + 1].text) {
                return (index, BylineParser.Byline(names: names))
            }
        }
        return nil
    }

    /// "Posted on March 3, 2024 by Sam Taylor": a short line with a byline after a date; or
    /// a source line, "The Washington Post 3/21/2023 Hamza Shaban, Luis Melgar", whose
    /// writers follow its date.
    private func embeddedByline(_ unit: Unit) -> BylineParser.Byline? {
        guard unit.words <= 16 else { return nil }
        guard let range = unit.text.range(of: " by ", options: .caseInsensitive) else { return datedCredit(unit) }
        guard let byline = bylines.parse(String(unit.text[unit.text.index(after: range.lowerBound)...])), !byline.names.isEmpty else { return nil }
        return byline
    }

    private func datedCredit(_ unit: Unit) -> BylineParser.Byline? {
        let words = unit.text.split(separator: " ")
        guard words.count >= 3, !unit.endsSentence else { return nil }
        for end in 1..<words.count - 1 {
            guard let date = bylines.dates.firstDate(in: words[...end].joined(separator: " ")) else { continue }
            let rest = words[(end + 1)...].joined(separator: " ")
            guard let names = bareNames(self.unit(rest)) else { return nil }
            return BylineParser.Byline(names: names, published: date)
        }
        return nil
    }

    /// A line that is only a name or two, under the headline: "Jane Smith" (over a desk
    /// line, "BBC News, Leeds"), or "Amira Hassan in Portsmouth".
    private func bareNames(_ unit: Unit) -> [String]? {
        guard (2...8).contains(unit.words), !unit.endsSentence, !unit.boilerplate, !unit.menu,
              !unit.text.split(separator: " ").contains(where: boilerplate.isFurnitureWord) else { return nil }  // "Hide Ad"
        return bylines.bareByline(unit.text)
    }

    /// No story run: the first line is the headline and the rest is the body.
    func plain(_ units: [Unit], body run: Run? = nil) -> Article? {
        guard let first = units.first else { return nil }
        let blocks = run?.blocks ?? units.dropFirst().filter { !$0.boilerplate && $0.hasWords && ($0.endsSentence || $0.bullet || $0.words >= 3) }.map {
            Article.Block($0.bullet ? .listItem : kind(of: $0.text), $0.bullet ? String($0.text.dropFirst(2)) : $0.text)
        }
        guard !blocks.isEmpty || run == nil else { return nil }
        return Article(title: first.text, byline: first.byline?.names ?? [], blocks: blocks)
    }
}

/// Whitespace handling shared by the readers.
enum PlainText {
    /// Runs of whitespace become one space; the ends are trimmed.
    static func collapse<S: StringProtocol>(_ text: S) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whitespace, with the ASCII answer found without Unicode's property tables, which
    /// cost more than all the rest of reading a page.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }
}
