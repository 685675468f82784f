/// What will be spoken, in order, with the silence after each piece.
public struct Script: Sendable, Equatable {
    public enum Role: String, Codable, Sendable {
        case title, byline, body, subheading, quote
        /// A briefing's intro and outro.
        case host
    }

    /// One `speak` call's worth of text.
    public struct Segment: Sendable, Equatable {
        public var role: Role
        /// The written text (sanitised), as the transcript shows it.
        public var text: String
        /// What the engine is given: normalised, with the lexicon applied.
        public var spoken: String
        /// Which written words each piece of `spoken` stands for.
        public var pieces: [NormalisedText.Piece]
        /// Seconds of silence the assembler writes after this segment.
        public var pauseAfter: Double
        /// 1-based position of the article block this came from; 0 for the title.
        public var block: Int

        public init(role: Role, text: String, spoken: String? = nil, pieces: [NormalisedText.Piece]? = nil, pauseAfter: Double, block: Int) {
            self.role = role
            self.text = text
            self.spoken = spoken ?? text
            self.pieces = pieces ?? [NormalisedText.Piece(spoken: spoken ?? text, written: 0..<text.unicodeScalars.count)]
            self.pauseAfter = pauseAfter
            self.block = block
        }
    }

    /// Seconds of silence before the first segment.
    public var leadIn: Double
    public var segments: [Segment]

    public init(leadIn: Double, segments: [Segment]) {
        self.leadIn = leadIn
        self.segments = segments
    }

    /// A block longer than this is spoken as several segments, split between sentences, so
    /// no single engine call gets an unbounded text.
    public static let maxSegmentLength = 1000
    /// The pause between the segments of one long block.
    public static let sentencePause = 0.3

    /// All of an article's segments; see `ScriptBuilder`.
    public init(article: Article, pauses: VoiceProfile.Pauses, rules: LanguageText? = nil, lexicon: Lexicon = Lexicon()) {
        let builder = ScriptBuilder(article: article, pauses: pauses, rules: rules, lexicon: lexicon)
        var segments = (0..<builder.blockCount).flatMap(builder.segments(forBlock:))
        if !segments.isEmpty { segments[segments.count - 1].pauseAfter = pauses.tail }
        self.init(leadIn: pauses.leadIn, segments: segments)
    }
}

/// Turns an article into segments one block at a time, so an episode of any length is
/// rendered without its whole script in memory: the title, then one segment per block (long
/// blocks split between sentences). Each is sanitised, normalised and given the lexicon. The
/// pauses come from the voice profile; whoever renders the last segment follows it with the
/// tail pause, since a builder working block by block cannot know which segment is last.
public struct ScriptBuilder: Sendable {
    public let article: Article
    public let pauses: VoiceProfile.Pauses
    /// The normaliser, sentence splitter and credit line of the article's language.
    let language: LanguageText
    let lexicon: Lexicon

    /// `rules` default to those of the article's language (`LanguageText.forLanguage`).
    public init(article: Article, pauses: VoiceProfile.Pauses, rules: LanguageText? = nil, lexicon: Lexicon = Lexicon()) {
        self.article = article
        self.pauses = pauses
        language = rules ?? LanguageText.forLanguage(article.language)
        self.lexicon = lexicon
    }

    /// Block 0 is the title; block n is `article.blocks[n - 1]`.
    public var blockCount: Int { article.blocks.count + 1 }

    /// Block 0 is the headline, then the byline and date when the article has them:
    /// "By Rachel Amran. November 18, 2023." The pause after the headline comes after them.
    public func segments(forBlock block: Int) -> [Script.Segment] {
        guard block == 0, let credit = language.credit.line(for: article) else { return segments(forBlock: block, header: false) }
        var title = segments(forBlock: 0, header: false)
        if !title.isEmpty { title[title.count - 1].pauseAfter = pauses.betweenParagraphs }
        return title + segments(role: .byline, text: credit, pause: pauses.afterTitle, block: 0)
    }

    private func segments(forBlock block: Int, header: Bool) -> [Script.Segment] {
        let role: Script.Role
        let text: String
        var pause = pauses.betweenParagraphs
        if block == 0 {
            (role, text, pause) = (.title, article.title, pauses.afterTitle)
        } else {
            let source = article.blocks[block - 1]
            text = source.text
            role = switch source.kind {
            case .paragraph, .listItem: .body
            case .subheading: .subheading
            case .quote: .quote
            }
        }
        return segments(role: role, text: text, pause: pause, block: block)
    }

    /// Segments for any text, normalised and with the lexicon applied, as a block of `role`.
    func segments(role: Script.Role, text: String, pause: Double, block: Int) -> [Script.Segment] {
        let clean = Sanitiser.clean(text)
        guard Article.hasWords(clean) else { return [] }
        var chunks: [String] = []
        for sentence in clean.count > Script.maxSegmentLength ? language.splitter.split(clean) : [clean] {
            if let last = chunks.last, last.count + sentence.count < Script.maxSegmentLength {
                chunks[chunks.count - 1] = last + " " + sentence
            } else {
                chunks.append(sentence)
            }
        }
        return chunks.enumerated().map { index, chunk in
            let pieces = language.normaliser.normalise(chunk).applying(lexicon, written: chunk).pieces
            return Script.Segment(role: role, text: chunk, spoken: pieces.map(\.spoken).joined(separator: " "), pieces: pieces,
                                  pauseAfter: index == chunks.count - 1 ? pause : Script.sentencePause, block: block)
        }
    }
}

/// What is said after the headline, in the article's language: "By A and B. November 18,
/// 2023." From `Resources/<language>/credit.tsv`: `by` and `by plural` templates with
/// `{names}`, the word for `and`, a `date` template with `{day}`, `{month}` and `{year}` (a
/// full stop follows it, unless it ends with one), and the twelve `months` as a date says them.
public struct CreditFormat: Sendable {
    var by: String
    var byPlural: String
    var and: String
    var date: String?
    var months: [String]

    init(_ data: NormaliserData) {
        let rows = data.map("credit")
        by = rows["by"] ?? "{names}."
        byPlural = rows["by plural"] ?? by
        and = rows["and"] ?? "&"
        months = (rows["months"] ?? "").split(separator: " ").map(String.init)
        date = months.count == 12 ? rows["date"] : nil
    }

    /// "By A and B. November 18, 2023.", or only one of the two, or nil.
    func line(for article: Article) -> String? {
        var parts: [String] = []
        if let last = article.byline.last {
            let rest = article.byline.dropLast()
            let names = rest.isEmpty ? last : rest.joined(separator: ", ") + " \(and) " + last
            parts.append((rest.isEmpty ? by : byPlural).replacingOccurrences(of: "{names}", with: names))
        }
        if let published = article.published, let date = written(published) { parts.append(date.hasSuffix(".") ? date : date + ".") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// "2023-11-18" as the language writes it, for its normaliser (or espeak-ng) to read.
    func written(_ iso: String) -> String? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard let date, parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return date.replacingOccurrences(of: "{day}", with: String(parts[2])).replacingOccurrences(of: "{month}", with: months[parts[1] - 1])
            .replacingOccurrences(of: "{year}", with: String(parts[0]))
    }
}

extension Article {
    /// "2023-11-18" as "November 18, 2023", which the English normaliser reads as a date.
    static func writtenDate(_ iso: String) -> String? { LanguageText.english.credit.written(iso) }
}
