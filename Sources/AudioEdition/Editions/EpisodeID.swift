import Foundation

/// Stable episode ids. An episode is its article: its identity is the article's canonical
/// address when it has one (`link rel=canonical`, `og:url`, JSON-LD `url`, the `url` of
/// Markdown front matter or JSON), so an edited page saved under another name updates the
/// same episode, and otherwise its absolute path. An id is made once, when the episode is
/// first published, from the headline and the identity, and kept from then on, even when
/// the headline is edited.
public enum EpisodeID {
    /// What an article is, for the manifest: its canonical address, or its absolute path.
    public static func identity(of source: ArticleSource) -> String {
        if let url = source.article.sourceURL?.trimmingCharacters(in: .whitespaces), url.hasPrefix("http://") || url.hasPrefix("https://") {
            return url
        }
        // A feed item without a link is its feed's address and its id.
        if let item = source.item, source.path == source.feed { return "\(source.path)#\(item)" }
        return SourceLocation.absolute(source.path)
    }

    /// A new id: `<slug of the headline>-<8 hex digits of the hash of the identity>`, as
    /// `us-and-ukraine-to-attend-joint-defense-3f2a9c1e`.
    public static func make(title: String, identity: String) -> String {
        "\(slug(title, limit: 40, atWord: true))-\(SHA256.hex(identity).prefix(8))"
    }

    /// The id of the episodes made before ids were readable: `<slug of the file name>-<8 hex
    /// digits of the hash of the absolute path>`. Manifests that hold them keep them.
    public static func forSource(path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let stem = URL(fileURLWithPath: absolute).deletingPathExtension().lastPathComponent
        return "\(slug(stem))-\(SHA256.hex(absolute).prefix(8))"
    }

    /// Lowercase ASCII letters and digits joined by single hyphens, at most `limit`
    /// characters; `atWord` cuts a longer one at the end of a word (old ids were cut anywhere,
    /// and are kept as they were). Cyrillic letters are written in Latin by our table
    /// (`Resources/languages/transliteration.tsv`, the Ukrainian national system: "Уряд" is
    /// "uriad"), where a sign with no spelling (ь) and the apostrophe inside a Cyrillic word
    /// (п'ять) are dropped; every other script goes through ICU's `Any-Latin; Latin-ASCII`
    /// ("Zürich" is "zurich", "Αθήνα" is "athena", "北京" is "bei-jing").
    public static func slug(_ text: String, limit: Int = 48, atWord: Bool = false) -> String {
        var latin = ""
        var inCyrillicWord = false
        // An id is short: the first few thousand characters of a long headline are plenty.
        for scalar in text.lowercased().unicodeScalars.prefix(4096) {
            let spelling = transliteration[scalar]
            let wordApostrophe = inCyrillicWord && (scalar == "'" || scalar == "’" || scalar == "ʼ")
            inCyrillicWord = spelling != nil || wordApostrophe
            if wordApostrophe { continue }
            if let spelling { latin += spelling } else { latin.unicodeScalars.append(scalar) }
        }
        if !latin.allSatisfy(\.isASCII) {
            latin = (latin.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? latin).lowercased()
        }
        var out = ""
        var pendingHyphen = false
        for scalar in latin.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !out.isEmpty { out.append("-") }
                out.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
            if out.count >= limit + (atWord ? 1 : 0) { break }
        }
        if atWord, out.count > limit {
            out = String(out.prefix(limit))
            if let cut = out.lastIndex(of: "-") { out = String(out[..<cut]) }
        }
        return out.isEmpty ? "episode" : out
    }

    private static let transliteration: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        for (letter, row) in NormaliserData.languages.rows("transliteration") {
            if let scalar = letter.unicodeScalars.first, letter.unicodeScalars.count == 1 { table[scalar] = row.first ?? "" }
        }
        return table
    }()
}
