import Foundation

/// Reads Markdown with optional front matter:
///
///     ---
///     title: Harbour ferry returns
///     date: 2023-11-18
///     author: Jane Smith, Tom Ellis     (or authors: [A, B], or a "- name" list)
///     url: https://example.com/ferry
///     standfirst: The city's oldest ferry is back.   (or subtitle, description)
///     lang: en-GB
///     ---
///
/// The Markdown itself is parsed by cmark-gfm (`CommonMarkDocument`), and read as the HTML
/// reader reads the same page. Without a front matter title, a first `#` heading is the title.
/// Other headings are subheadings, block quotes quotes, and list items list items. Code
/// blocks, tables, images, raw HTML, link targets and rules are not spoken; entities are
/// decoded, and emphasis, code and link markup give their text.
public struct MarkdownReader: Sendable {
    let bylines: BylineParser

    public init() { bylines = .shared }

    public func read(_ source: SourceText) throws(ArticleError) -> Article {
        var lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fields = try frontMatter(&lines, path: source.path)
        guard let document = CommonMarkDocument(lines.joined(separator: "\n")) else {
            throw ArticleError(path: source.path, problem: .malformed(format: "Markdown", reason: "cmark-gfm could not allocate its parser"))
        }
        var title = fields["title"].map(Self.inline)
        var blocks: [Article.Block] = []
        for block in document.blocks() {
            switch block.kind {
            case let .heading(level): heading(level: level, text: block.text, title: &title, blocks: &blocks)
            case .paragraph: blocks.append(Article.Block(.paragraph, block.text))
            case .quote: blocks.append(Article.Block(.quote, block.text))
            case .listItem: blocks.append(Article.Block(.listItem, block.text))
            }
        }
        blocks.removeAll { !$0.hasWords }
        if title == nil, let first = blocks.first, first.kind == .paragraph, first.text.count <= 200 {
            title = first.text
            blocks.removeFirst()
        }
        guard let title, !title.isEmpty, !blocks.isEmpty else { throw ArticleError(path: source.path, problem: .noArticleText) }
        let authors = (fields["author"] ?? fields["authors"] ?? fields["byline"]).map { field in
            field.split(separator: "\n").flatMap { bylines.names(in: String($0)) }
        } ?? []
        return Article(id: fields["id"], title: title,
                       standfirst: (fields["standfirst"] ?? fields["subtitle"] ?? fields["description"]).map(Self.inline),
                       byline: authors,
                       published: fields["date"].flatMap { DateFinder.isoDate($0) ?? bylines.dates.firstDate(in: $0) },
                       updated: (fields["updated"] ?? fields["lastmod"]).flatMap { DateFinder.isoDate($0) ?? bylines.dates.firstDate(in: $0) },
                       sourceURL: fields["url"] ?? fields["canonical"], publisher: fields["publisher"],
                       language: fields["lang"] ?? fields["language"], blocks: blocks)
    }

    private func heading(level: Int, text: String, title: inout String?, blocks: inout [Article.Block]) {
        let text = Self.inline(text)
        guard !text.isEmpty else { return }
        if level == 1, title == nil, blocks.isEmpty { title = text } else if text != title { blocks.append(Article.Block(.subheading, text)) }
    }

    /// Front matter between `---` lines: `key: value`, quoted or not, with `[a, b]` and
    /// `- item` lists joined by newlines. It is removed from `lines`.
    private func frontMatter(_ lines: inout [String], path: String) throws(ArticleError) -> [String: String] {
        guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
              lines[first].trimmingCharacters(in: .whitespaces) == "---" else { return [:] }
        guard let end = lines[(first + 1)...].firstIndex(where: { ["---", "..."].contains($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw ArticleError(path: path, problem: .malformed(format: "Markdown", reason: "front matter opened on line \(first + 1) is never closed with ---"))
        }
        var fields: [String: String] = [:]
        var lastKey: String?
        for line in lines[(first + 1)..<end] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- "), let key = lastKey {
                let item = Self.unquote(String(trimmed.dropFirst(2)))
                fields[key] = (fields[key].map { $0.isEmpty ? "" : $0 + "\n" } ?? "") + item
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":"), !trimmed.hasPrefix("#") else { continue }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("["), value.hasSuffix("]") {
                value = value.dropFirst().dropLast().split(separator: ",").map { Self.unquote($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: "\n")
            }
            fields[key] = Self.unquote(value)
            lastKey = key
        }
        lines.removeSubrange(first...end)
        return fields
    }

    private static func unquote(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" else { return value }
        return String(value.dropFirst().dropLast())
    }

    /// A front matter value's text: its inline Markdown read as cmark-gfm reads it.
    static func inline(_ text: String) -> String {
        guard let document = CommonMarkDocument(text) else { return PlainText.collapse(text) }
        return PlainText.collapse(document.blocks().map(\.text).joined(separator: " "))
    }
}
