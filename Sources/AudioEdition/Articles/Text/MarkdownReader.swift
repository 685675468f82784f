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
/// Without a front matter title, the first `#` heading is the title. `##` and deeper headings
/// are subheadings, `>` lines quotes, `-`, `*`, `+` and `1.` lines list items. Code blocks,
/// tables, images, HTML tags, link targets and horizontal rules are not spoken, and
/// emphasis, code and link markup is stripped from the text.
public struct MarkdownReader: Sendable {
    let bylines: BylineParser

    public init() { bylines = .shared }

    public func read(_ source: SourceText) throws(ArticleError) -> Article {
        var lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fields = try frontMatter(&lines, path: source.path)
        var title = fields["title"].map(Self.inline)
        var blocks: [Article.Block] = []
        var paragraph: [String] = []
        var quote: [String] = []
        var fence: String?
        func flush() {
            if !paragraph.isEmpty { blocks.append(Article.Block(.paragraph, Self.inline(paragraph.joined(separator: " ")))) }
            if !quote.isEmpty { blocks.append(Article.Block(.quote, Self.inline(quote.joined(separator: " ")))) }
            paragraph = []
            quote = []
        }
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if line.hasPrefix(open) { fence = nil }
                continue
            }
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                flush()
                fence = String(line.prefix(3))
                continue
            }
            if line.isEmpty || raw.hasPrefix("    ") && paragraph.isEmpty || line.hasPrefix("|") || Self.isRule(line)
                || line.hasPrefix("[") && line.contains("]:") {
                flush()
                continue
            }
            // A setext heading: the underline follows the heading's text.
            if index + 1 < lines.count, paragraph.isEmpty, quote.isEmpty, Self.isSetextUnderline(lines[index + 1]) {
                let level = lines[index + 1].trimmingCharacters(in: .whitespaces).hasPrefix("=") ? 1 : 2
                heading(level: level, text: line, title: &title, blocks: &blocks)
                continue
            }
            if Self.isSetextUnderline(raw), index > 0, !lines[index - 1].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("#") {
                let level = line.prefix { $0 == "#" }.count
                let rest = line.dropFirst(level)
                if level <= 6, rest.isEmpty || rest.first == " " {
                    flush()
                    heading(level: level, text: rest.trimmingCharacters(in: CharacterSet(charactersIn: "# ")), title: &title, blocks: &blocks)
                    continue
                }
            }
            if line.hasPrefix(">") {
                if !paragraph.isEmpty { flush() }
                let text = line.drop { $0 == ">" || $0 == " " }
                if text.isEmpty { flush() } else { quote.append(String(text)) }
                continue
            }
            if let item = Self.listItem(line) {
                flush()
                blocks.append(Article.Block(.listItem, Self.inline(item)))
                continue
            }
            if !quote.isEmpty { flush() }
            // A lazy continuation of the last list item.
            if paragraph.isEmpty, let last = blocks.last, last.kind == .listItem, index > 0,
               !lines[index - 1].trimmingCharacters(in: .whitespaces).isEmpty {
                blocks[blocks.count - 1].text += " " + Self.inline(line)
                continue
            }
            paragraph.append(line)
        }
        flush()
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

    private static func isRule(_ line: String) -> Bool {
        let marks = line.filter { !$0.isWhitespace }
        return marks.count >= 3 && (Set(marks) == ["-"] || Set(marks) == ["*"] || Set(marks) == ["_"])
    }

    private static func isSetextUnderline(_ line: String) -> Bool {
        let marks = line.trimmingCharacters(in: .whitespaces)
        return marks.count >= 2 && (Set(marks) == ["="] || Set(marks) == ["-"])
    }

    private static func listItem(_ line: String) -> String? {
        for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) { return String(line.dropFirst(2)) }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 3 {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return String(rest.dropFirst(2)) }
        }
        return nil
    }

    /// Text without inline markup: images go, links keep their text, emphasis and code
    /// marks go, HTML tags go, backslash escapes give their character.
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let char = rest.first {
            if char == "\\", let next = rest.dropFirst().first, next.isPunctuation || next.isSymbol {
                out.append(next)
                rest = rest.dropFirst(2)
            } else if char == "!", rest.dropFirst().first == "[", let (_, after) = bracketed(rest.dropFirst()) {
                rest = after
            } else if char == "[", let (label, after) = bracketed(rest) {
                out += inline(String(label))
                rest = after
            } else if char == "<", let close = rest.firstIndex(of: ">"), rest.dropFirst().first.map({ $0.isLetter || $0 == "/" }) == true {
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if inside.hasPrefix("http") || inside.contains("@") { out += inside }  // an autolink
                rest = rest[rest.index(after: close)...]
            } else if char == "`" || char == "*" || (char == "_" && (out.last.map { !$0.isLetter } ?? true || rest.dropFirst().first.map { !$0.isLetter } ?? true)) || char == "~" && rest.dropFirst().first == "~" {
                rest = rest.dropFirst()
            } else {
                out.append(char)
                rest = rest.dropFirst()
            }
        }
        return PlainText.collapse(out)
    }

    /// `[label](target)` or `[label][ref]`: the label and what follows the link.
    private static func bracketed(_ text: Substring) -> (Substring, Substring)? {
        guard text.first == "[" else { return nil }
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "[" { depth += 1 }
            if text[index] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            index = text.index(after: index)
        }
        guard index < text.endIndex else { return nil }
        let label = text[text.index(after: text.startIndex)..<index]
        let after = text[text.index(after: index)...]
        for (open, close) in [("(", ")"), ("[", "]")] where after.hasPrefix(open) {
            guard let end = after.firstIndex(of: Character(close)) else { return nil }
            return (label, after[after.index(after: end)...])
        }
        return nil
    }
}
