import Foundation

/// Tells an article's language from its text when its metadata does not say: first the
/// script its letters are in, then, among the languages of that script, the one whose
/// distinctive letters (Ukrainian і ї є ґ, Russian ы э ъ ё) and commonest words occur most.
/// The languages and their letters and words are in `Resources/languages/*.tsv`.
public struct LanguageDetector: Sendable {
    struct Language: Sendable {
        var tag: String
        var script: String
        var letters: Set<Character>
        var words: Set<Substring>
    }

    let languages: [Language]

    /// Fewer letters than this tell nothing.
    static let minimumLetters = 20
    /// Enough text to decide: the first this many characters.
    static let sample = 20_000

    public static let shared = LanguageDetector(data: .languages)

    init(data: NormaliserData) {
        let words = data.rows("words")
        languages = (data.tables["letters"] ?? []).compactMap { row in
            guard row.count >= 2 else { return nil }
            return Language(tag: row[0], script: row[1], letters: Set(row.count > 2 ? row[2] : ""),
                            words: Set((words[row[0]]?.first ?? "").split(separator: " ")))
        }
    }

    /// The script of a language this detector knows ("cyrillic"), or nil.
    func script(of tag: String) -> String? {
        let primary = LanguageTag.primary(tag)
        return languages.first { $0.tag == primary }?.script
    }

    /// The language of `text` as a primary tag ("uk"), or nil when there are too few
    /// letters or the script is none of the known ones.
    public func detect(_ text: String) -> String? {
        var scripts: [String: Int] = [:]
        var letterCount = 0
        let sample = text.prefix(Self.sample)
        for scalar in sample.unicodeScalars where scalar.properties.isAlphabetic {
            letterCount += 1
            if let script = Self.script(of: scalar) { scripts[script, default: 0] += 1 }
        }
        // Japanese writes kanji among its kana: enough kana makes Han text Japanese.
        if let han = scripts["han"], let kana = scripts["kana"], kana * 5 > han { scripts["kana"] = kana + han }
        // A Chinese character is a word's worth of letters.
        let needed = scripts["han", default: 0] > 0 ? Self.minimumLetters / 4 : Self.minimumLetters
        guard letterCount >= needed, let (script, count) = scripts.max(by: { $0.value < $1.value }), count * 2 > letterCount else { return nil }
        let candidates = languages.filter { $0.script == script }
        guard candidates.count > 1 else { return candidates.first?.tag }
        var scores = [Int](repeating: 0, count: candidates.count)
        let lowered = sample.lowercased()
        for character in lowered {
            for (index, language) in candidates.enumerated() where language.letters.contains(character) { scores[index] += 1 }
        }
        for word in lowered.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" }) {
            for (index, language) in candidates.enumerated() where language.words.contains(word) { scores[index] += 2 }
        }
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] > 0 else { return nil }
        return candidates[best].tag
    }

    /// The language an article is in: what its metadata declares, unless its text is plainly
    /// in another script (a template's `lang="en"` around a Ukrainian story); the text's
    /// language when nothing is declared.
    public func resolve(declared: String?, text: String) -> String? {
        let tag = declared.flatMap(LanguageTag.normalise)
        guard let tag else { return detect(text) }
        if let declaredScript = script(of: tag), let detected = detect(text), let detectedScript = script(of: detected),
           detectedScript != declaredScript {
            return detected
        }
        return tag
    }

    static func script(of scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: "latin"
        case 0x400...0x52F: "cyrillic"
        case 0x370...0x3FF, 0x1F00...0x1FFF: "greek"
        case 0x600...0x6FF, 0x750...0x77F: "arabic"
        case 0x590...0x5FF: "hebrew"
        case 0x4E00...0x9FFF, 0x3400...0x4DBF: "han"
        case 0x3040...0x30FF: "kana"
        case 0xAC00...0xD7AF, 0x1100...0x11FF: "hangul"
        case 0x900...0x97F: "devanagari"
        case 0xE00...0xE7F: "thai"
        case 0x10A0...0x10FF: "georgian"
        case 0x530...0x58F: "armenian"
        default: nil
        }
    }
}

extension Article {
    /// The text the language is told from: the headline and the body, up to the detector's sample.
    var languageSample: String {
        var text = title
        for block in blocks where text.utf8.count < LanguageDetector.sample { text += "\n" + block.text }
        return text
    }
}
