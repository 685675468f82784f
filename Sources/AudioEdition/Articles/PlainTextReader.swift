/// Reads plain text: the title is the first non-empty line, and paragraphs are separated by
/// blank lines. Lines inside a paragraph are joined with a space.
public struct PlainTextReader: Sendable {
    public init() {}

    public func read(_ source: SourceText) throws(ArticleError) -> Article {
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in source.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(Self.join(current)) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { paragraphs.append(Self.join(current)) }

        // The title is the first line; the rest of its paragraph, if any, is body text.
        guard let first = paragraphs.first else { throw ArticleError(path: source.path, problem: .empty) }
        let firstLines = first.split(separator: "\n", maxSplits: 1).map(String.init)
        var body = Array(paragraphs.dropFirst())
        if firstLines.count > 1 { body.insert(firstLines[1], at: 0) }
        let article = Article(
            title: Self.collapse(firstLines[0]),
            blocks: body.map { Article.Block(.paragraph, Self.collapse($0)) }
        )
        guard article.hasWords else { throw ArticleError(path: source.path, problem: .noWords) }
        return article
    }

    /// Keeps the first line separate so the title can be split off the first paragraph.
    private static func join(_ lines: [Substring]) -> String {
        guard let first = lines.first else { return "" }
        let rest = lines.dropFirst().joined(separator: " ")
        return rest.isEmpty ? String(first) : "\(first)\n\(rest)"
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[start...end]
    }
}
