import AudioEdition
import Foundation

/// What the fuzzers feed: each reader and decoder of outside input, by the name its corpus
/// folder has under `Tests/Fuzz/corpus/`. `run` takes any bytes, as the tool would get them
/// from a file, and checks what must hold of whatever comes out; a broken promise stops the
/// process (`precondition`), which the fuzzer reports as a crash.
///
/// The same entry points replay the committed inputs in the tests (`FuzzRegressionTests`).
public enum FuzzTarget: String, CaseIterable, Sendable {
    case html, text, markdown, json
    case rss, atom, jsonfeed
    case normaliser
    case manifest
    case cacheEntry = "cache-entry"
    case pls
    case lexiconTSV = "lexicon-tsv"
    case charset
    case ids

    public func run(_ data: Data) {
        switch self {
        case .html: article(data, as: .html, name: "fuzz.html")
        case .text: article(data, as: .text, name: "fuzz.txt")
        case .markdown: article(data, as: .markdown, name: "fuzz.md")
        case .json: article(data, as: .json, name: "fuzz.json")
        case .rss, .atom, .jsonfeed: feed(data)
        case .normaliser: normalise(data)
        case .manifest: manifest(data)
        case .cacheEntry: cacheEntry(data)
        case .pls: _ = try? PLSLexicon.parse(data, path: "fuzz.pls")
        case .lexiconTSV: lexicon(data)
        case .charset: charset(data)
        case .ids: ids(data)
        }
    }

    private func article(_ data: Data, as format: ArticleFormat, name: String) {
        guard let file = try? SourceFile.checked(data, path: name),
              let source = try? ArticleReader().read(file, as: format) else { return }
        Self.checkArticle(source.article)
    }

    private func feed(_ data: Data) {
        guard let file = try? SourceFile.checked(data, path: "fuzz.xml"), let items = try? FeedReader().read(file) else { return }
        for item in items {
            precondition(item.sha256.count == 64, "an item's hash is a SHA-256")
            Self.checkArticle(item.article)
        }
    }

    /// A read article's language is a tag or nothing, and its text has no NUL to hand on.
    private static func checkArticle(_ article: Article) {
        precondition(article.language.map { LanguageTag.normalise($0) == $0 } ?? true, "language \(article.language ?? "") is not a normalised tag")
        precondition(!article.title.contains("\0") && article.blocks.allSatisfy { !$0.text.contains("\0") }, "NUL in article text")
    }

    /// The script a text becomes, in English (even first byte) or Ukrainian (odd): every piece
    /// says something for a stretch of the written text, in order, and nothing spoken can
    /// switch espeak-ng to phoneme input or markup.
    private func normalise(_ data: Data) {
        guard let first = data.first else { return }
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        let language = first & 1 == 0 ? "en" : "uk"
        let article = Article(title: "Fuzz", language: language, blocks: [.init(.paragraph, text)])
        let builder = ScriptBuilder(article: article, pauses: .init())
        for segment in builder.segments(forBlock: 1) {
            precondition(!segment.spoken.contains("[[") && !segment.spoken.contains("]]"), "phoneme brackets reach the engine: \(segment.spoken)")
            let length = segment.text.unicodeScalars.count
            var end = 0
            for piece in segment.pieces {
                precondition(piece.written.lowerBound >= end && piece.written.upperBound <= length,
                             "piece \(piece.written) out of order or outside 0..<\(length)")
                end = piece.written.upperBound
            }
        }
    }

    /// A manifest that decodes encodes to one that decodes to the same.
    private func manifest(_ data: Data) {
        guard let manifest = try? Manifest.decode(data) else { return }
        _ = manifest.strayPath
        guard let encoded = try? manifest.encoded() else { return }
        precondition((try? Manifest.decode(encoded)) == manifest, "the manifest does not survive its own encoding")
    }

    private func cacheEntry(_ data: Data) {
        guard let recording = SegmentRecording(encoded: data) else { return }
        precondition(SegmentRecording(encoded: recording.encoded()) == recording, "a cache entry does not survive its own encoding")
    }

    /// The lexicon applied to its own phrases, one after another.
    private func lexicon(_ data: Data) {
        let lexicon = Lexicon.parse(String(decoding: data, as: UTF8.self))
        _ = lexicon.apply(lexicon.entries.keys.sorted().joined(separator: " "))
    }

    /// A charset label (the first line) and bytes in it: decoding gives text or a typed error,
    /// and UTF-8 text in a UTF-8 label comes back as it was.
    private func charset(_ data: Data) {
        guard let newline = data.firstIndex(of: 0x0A) else { return }
        let label = String(decoding: data[..<newline], as: UTF8.self)
        let body = Data(data[data.index(after: newline)...])
        guard let charset = Charset.labelled(label) else { return }
        let text = try? charset.decode(body)
        if charset.name == "UTF-8", let valid = String(validating: body, as: UTF8.self), !body.starts(with: [0xEF, 0xBB, 0xBF]) {
            precondition(text == valid, "UTF-8 does not decode to itself")
        }
    }

    /// An id's slug of any headline: lowercase ASCII letters and digits in hyphenated runs.
    private func ids(_ data: Data) {
        let slug = EpisodeID.slug(String(decoding: data, as: UTF8.self), limit: 40, atWord: true)
        precondition(!slug.isEmpty && slug.count <= 40, "slug \(slug) is empty or too long")
        precondition(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "slug \(slug)")
        precondition(!slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--"), "slug \(slug) has a stray hyphen")
    }
}
