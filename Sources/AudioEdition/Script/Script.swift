/// What will be spoken, in order, with the silence after each piece.
public struct Script: Sendable, Equatable {
    public enum Role: String, Codable, Sendable {
        case title, byline, body, subheading, quote
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

    /// Splits an article into the title, then one segment per block (long blocks at sentence
    /// ends). Each is sanitised, normalised and given the lexicon. The pauses come from the
    /// voice profile; the last segment is followed by the tail pause.
    public init(article: Article, pauses: VoiceProfile.Pauses, normaliser: Normaliser = .english,
                splitter: SentenceSplitter = SentenceSplitter(), lexicon: Lexicon = Lexicon()) {
        func segments(_ role: Role, _ text: String, pause: Double, block: Int) -> [Segment] {
            let clean = Sanitiser.clean(text)
            guard clean.unicodeScalars.contains(where: Article.isWordScalar) else { return [] }
            var chunks: [String] = []
            for sentence in clean.count > Self.maxSegmentLength ? splitter.split(clean) : [clean] {
                if let last = chunks.last, last.count + sentence.count < Self.maxSegmentLength {
                    chunks[chunks.count - 1] = last + " " + sentence
                } else {
                    chunks.append(sentence)
                }
            }
            return chunks.enumerated().map { index, chunk in
                var pieces = normaliser.normalise(chunk).pieces
                for i in pieces.indices { pieces[i].spoken = lexicon.apply(pieces[i].spoken) }
                return Segment(role: role, text: chunk, spoken: pieces.map(\.spoken).joined(separator: " "), pieces: pieces,
                               pauseAfter: index == chunks.count - 1 ? pause : Self.sentencePause, block: block)
            }
        }
        var all = segments(.title, article.title, pause: pauses.afterTitle, block: 0)
        for (index, block) in article.blocks.enumerated() {
            let role: Role = switch block.kind {
            case .paragraph, .listItem: .body
            case .subheading: .subheading
            case .quote: .quote
            }
            all += segments(role, block.text, pause: pauses.betweenParagraphs, block: index + 1)
        }
        if !all.isEmpty { all[all.count - 1].pauseAfter = pauses.tail }
        self.init(leadIn: pauses.leadIn, segments: all)
    }
}
