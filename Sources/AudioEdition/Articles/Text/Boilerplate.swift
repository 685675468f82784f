import Foundation

/// Tells page furniture from story text by the phrases in `Resources/<lang>/boilerplate.tsv`.
struct Boilerplate: Sendable {
    static let shared = Boilerplate(data: .readers)

    private var whole: Set<String> = []
    /// Phrases filed under their first word, so a line is tested only against the phrases
    /// whose first word it has.
    private var starts: [String: [String]] = [:]
    private var anywhere: [String: [String]] = [:]
    /// Start phrases that make a line furniture whatever its length.
    private var labels: [String] = []
    private var networks: Set<String> = []
    private var socialVerbs: Set<String> = []

    init(data: NormaliserData) {
        for row in data.tables["boilerplate"] ?? [] where row.count >= 2 {
            switch row[1] {
            case "line": whole.insert(row[0])
            case "start": starts[Self.firstWord(row[0]), default: []].append(row[0])
            case "label": labels.append(row[0])
            case "social": networks.insert(row[0])
            case "social-verb": socialVerbs.insert(row[0])
            default: anywhere[Self.firstWord(row[0]), default: []].append(row[0])
            }
        }
    }

    /// A word that is a whole line of furniture by itself ("Ad", "Share", "Menu").
    func isFurnitureWord(_ word: Substring) -> Bool {
        whole.contains(Self.fold(String(word)).trimmingCharacters(in: Self.edgePunctuation))
    }

    /// How many marker phrases `line` carries.
    func matches(_ line: String) -> Int {
        let folded = Self.fold(line)
        if whole.contains(folded.trimmingCharacters(in: Self.edgePunctuation)) { return 2 }
        if labels.contains(where: { Self.hasWordPrefix(folded, $0) }) { return 2 }
        let tokens = folded.split(whereSeparator: \.isWhitespace).map { Self.trimmed($0) }
        // A start phrase, filed under its first word: that of a line whose first token runs on
        // past punctuation ("Read:Malawi ...") too, and a phrase of words matched whatever
        // punctuation the line puts between them ("Also, read; ...").
        let first = tokens.first ?? ""
        let letters = String(first.prefix { $0.isLetter })
        let phrases = (starts[first] ?? []) + (letters != first ? starts[letters] ?? [] : [])
        var count = phrases.contains { Self.hasWordPrefix(folded, $0) } ? 1 : 0
        if count == 0, phrases.contains(where: { $0.contains(" ") }) {
            let loose = Self.loosened(folded)
            count = phrases.contains { $0.contains(" ") && Self.hasWordPrefix(loose, Self.loosened($0)) } ? 1 : 0
        }
        let words = Set(tokens)
        for token in words {
            for phrase in anywhere[token] ?? [] where Self.containsWords(folded, phrase) { count += 1 }
        }
        if words.intersection(networks).count >= 2, !words.isDisjoint(with: socialVerbs) { count += 2 }
        return count
    }

    /// A line is boilerplate when it carries a marker; a long line needs two, so a story that
    /// mentions "a newsletter" once is not cut.
    func isBoilerplate(_ line: String, words: Int) -> Bool {
        let count = matches(line)
        return words >= 30 ? count >= 2 : count >= 1
    }

    /// The first whitespace-separated word, without the punctuation around it ("photo:"
    /// files under "photo"); a word that is all punctuation or symbols stays as it is.
    private static func firstWord(_ phrase: String) -> String {
        trimmed(phrase.split(whereSeparator: \.isWhitespace).first ?? Substring(phrase))
    }

    private static func trimmed(_ word: Substring) -> String {
        guard let first = word.firstIndex(where: { !$0.isPunctuation }), let last = word.lastIndex(where: { !$0.isPunctuation }) else {
            return String(word)
        }
        return String(word[first...last])
    }

    /// Lowercased, with typographic apostrophes made plain.
    static func fold(_ text: String) -> String {
        let lowered = text.lowercased()
        // U+2019 is E2 80 99 in UTF-8; most lines have no E2 byte at all.
        return lowered.utf8.contains(0xE2) ? lowered.replacingOccurrences(of: "\u{2019}", with: "'") : lowered
    }

    static let edgePunctuation = CharacterSet.whitespaces.union(.punctuationCharacters).subtracting(CharacterSet(charactersIn: "'"))

    /// Words only: punctuation becomes a space, and runs of spaces one.
    private static func loosened(_ text: String) -> String {
        text.split { !$0.isLetter && !$0.isNumber && $0 != "'" }.joined(separator: " ")
    }

    private static func hasWordPrefix(_ text: String, _ phrase: String) -> Bool {
        guard text.hasPrefix(phrase) else { return false }
        let rest = text.dropFirst(phrase.count)
        return rest.isEmpty || phrase.last.map { !$0.isLetter } == true || rest.first.map { !$0.isLetter && !$0.isNumber } == true
    }

    private static func containsWords(_ text: String, _ phrase: String) -> Bool {
        var search = text[...]
        while let range = search.range(of: phrase) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let startsClean = before.map { !$0.isLetter && !$0.isNumber } ?? true
            let endsClean = phrase.last.map { !$0.isLetter } == true || (after.map { !$0.isLetter && !$0.isNumber } ?? true)
            if startsClean && endsClean { return true }
            search = text[range.upperBound...]
        }
        return false
    }
}
