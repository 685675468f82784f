import ArgumentParser
import AudioEdition
import Foundation

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print what a reader extracts from an article, before any audio is made.",
        discussion: """
        The reader is chosen by the file's extension, then by its content; --as overrides \
        both. --json prints the stable contract described in the README: title, byline, \
        published (YYYY-MM-DD or null) and paragraphs (every body block that will be \
        spoken, in order), with the other fields beside them.
        """
    )

    @Argument(help: ArgumentHelp("The article, a file or an http(s) address: HTML, page text, Markdown or JSON.", valueName: "path"))
    var path: String

    @OptionGroup var fetch: FetchOptions

    @OptionGroup var language: LanguageOption

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Say on stderr how the story was found (for a page, which stage of the reader).")
    var verbose = false

    @Option(name: .customLong("as"), help: ArgumentHelp("Read the file as this format: \(ArticleFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var format: String?

    func validate() throws {
        if let format, ArticleFormat(rawValue: format) == nil {
            throw ValidationError("unknown format '\(format)'; known: \(ArticleFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let source: ArticleSource
        do {
            source = try ArticleReader(fetch: fetch.settings, language: language.tag).read(path: path, as: format.flatMap(ArticleFormat.init(rawValue:)))
        } catch {
            report("\(error)")
            throw ExitCode.failure
        }
        if verbose {
            inform("\(path): read as \(source.format.rawValue)" + (source.extraction.map { ", story from \($0)" } ?? ""))
        }
        let output = json ? try Self.json(source) : Self.text(source)
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    static func text(_ source: ArticleSource) -> String {
        let article = source.article
        var lines = ["title: \(article.title)"]
        if let standfirst = article.standfirst { lines.append("standfirst: \(standfirst)") }
        lines.append("byline: \(article.bylineText ?? "-")")
        lines.append("published: \(article.published ?? "-")")
        if let updated = article.updated { lines.append("updated: \(updated)") }
        lines.append("format: \(source.format.rawValue)")
        lines.append("")
        for block in article.blocks {
            let mark = switch block.kind {
            case .paragraph: ""
            case .subheading: "## "
            case .quote: "> "
            case .listItem: "- "
            }
            lines.append(mark + block.text)
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ source: ArticleSource) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(ReadContract(source)), as: UTF8.self) + "\n"
    }
}

/// The `edition read --json` contract. Keys are never renamed or removed; new ones may be
/// added. Absent values are `null`, not missing.
struct ReadContract: Encodable {
    struct Block: Encodable {
        var kind: String
        var text: String
    }

    var schema = 1
    var path: String
    var format: String
    var title: String
    var standfirst: String?
    var byline: String?
    var authors: [String]
    var published: String?
    var updated: String?
    var url: String?
    var publisher: String?
    var language: String?
    var paragraphs: [String]
    var blocks: [Block]

    init(_ source: ArticleSource) {
        let article = source.article
        path = source.path
        format = source.format.rawValue
        title = article.title
        standfirst = article.standfirst
        byline = article.bylineText
        authors = article.byline
        published = article.published
        updated = article.updated
        url = article.sourceURL
        publisher = article.publisher
        language = article.language
        paragraphs = article.blocks.map(\.text)
        blocks = article.blocks.map { Block(kind: $0.kind.rawValue, text: $0.text) }
    }

    enum CodingKeys: String, CodingKey {
        case schema, path, format, title, standfirst, byline, authors, published, updated, url, publisher, language, paragraphs, blocks
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(path, forKey: .path)
        try container.encode(format, forKey: .format)
        try container.encode(title, forKey: .title)
        try container.encode(standfirst, forKey: .standfirst)
        try container.encode(byline, forKey: .byline)
        try container.encode(authors, forKey: .authors)
        try container.encode(published, forKey: .published)
        try container.encode(updated, forKey: .updated)
        try container.encode(url, forKey: .url)
        try container.encode(publisher, forKey: .publisher)
        try container.encode(language, forKey: .language)
        try container.encode(paragraphs, forKey: .paragraphs)
        try container.encode(blocks, forKey: .blocks)
    }
}
