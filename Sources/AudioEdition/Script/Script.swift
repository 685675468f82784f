/// What will be spoken, in order, with the silence after each piece.
public struct Script: Sendable, Equatable {
    public enum Role: String, Codable, Sendable {
        case title, byline, body, subheading, quote
    }

    /// One `speak` call's worth of text.
    public struct Segment: Sendable, Equatable {
        public var role: Role
        public var text: String
        /// Seconds of silence the assembler writes after this segment.
        public var pauseAfter: Double
        /// 1-based position of the article block this came from; 0 for the title.
        public var block: Int

        public init(role: Role, text: String, pauseAfter: Double, block: Int) {
            self.role = role
            self.text = text
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

    /// Splits an article into the title, then one segment per block. The pauses between
    /// them come from the voice profile; the last segment is followed by the tail pause.
    public init(article: Article, pauses: VoiceProfile.Pauses) {
        var segments = [Segment(role: .title, text: article.title, pauseAfter: pauses.afterTitle, block: 0)]
        for (index, block) in article.blocks.enumerated() where block.text.unicodeScalars.contains(where: Article.isWordScalar) {
            let role: Role = switch block.kind {
            case .paragraph, .listItem: .body
            case .subheading: .subheading
            case .quote: .quote
            }
            segments.append(Segment(role: role, text: block.text, pauseAfter: pauses.betweenParagraphs, block: index + 1))
        }
        segments[segments.count - 1].pauseAfter = pauses.tail
        self.init(leadIn: pauses.leadIn, segments: segments)
    }
}
