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
    }

    public var title: String
    public var byline: [String]
    /// Publication date as `YYYY-MM-DD`, when the source says.
    public var published: String?
    public var sourceURL: String?
    public var blocks: [Block]

    public init(title: String, byline: [String] = [], published: String? = nil, sourceURL: String? = nil, blocks: [Block]) {
        self.title = title
        self.byline = byline
        self.published = published
        self.sourceURL = sourceURL
        self.blocks = blocks
    }

    /// True when there is at least one letter or digit to speak.
    public var hasWords: Bool {
        ([title] + blocks.map(\.text)).contains { $0.unicodeScalars.contains(where: Article.isWordScalar) }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
