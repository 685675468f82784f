/// A story as a reader extracted it, before any normalisation.
public struct Article: Sendable, Equatable {
    /// One unit of body text, in reading order.
    public struct Block: Sendable, Equatable {
        public enum Kind: String, Sendable, Codable {
            case paragraph, subheading, quote, listItem
        }

        public var kind: Kind
        public var text: String

        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }

        /// True when the block has a letter or digit to speak.
        public var hasWords: Bool { Article.hasWords(text) }
    }

    /// The source's own identifier when it gives one (JSON `id`, front matter `id`, a page's
    /// canonical URL); episodes are keyed by their source path, not by this.
    public var id: String?
    public var title: String
    /// The summary printed under the headline, when the page has one.
    public var standfirst: String?
    /// Author names, in the order the byline gives them.
    public var byline: [String]
    /// Publication date as `YYYY-MM-DD`, when the source says.
    public var published: String?
    /// Date of the last update as `YYYY-MM-DD`, when the source says.
    public var updated: String?
    public var sourceURL: String?
    public var publisher: String?
    /// BCP 47 language tag, when the source says (`lang`, `inLanguage`, front matter).
    public var language: String?
    public var blocks: [Block]

    public init(id: String? = nil, title: String, standfirst: String? = nil, byline: [String] = [], published: String? = nil,
                updated: String? = nil, sourceURL: String? = nil, publisher: String? = nil, language: String? = nil,
                blocks: [Block]) {
        self.id = id
        self.title = title
        self.standfirst = standfirst
        self.byline = byline
        self.published = published
        self.updated = updated
        self.sourceURL = sourceURL
        self.publisher = publisher
        self.language = language
        self.blocks = blocks
    }

    /// True when there is at least one letter or digit to speak.
    public var hasWords: Bool {
        Article.hasWords(title) || blocks.contains(where: \.hasWords)
    }

    /// True when `text` has at least one letter or digit.
    static func hasWords(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isWordScalar)
    }

    /// The byline as one phrase: "A", "A and B", "A, B and C".
    public var bylineText: String? {
        guard let last = byline.last else { return nil }
        let rest = byline.dropLast()
        return rest.isEmpty ? last : rest.joined(separator: ", ") + " and " + last
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
