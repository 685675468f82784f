import Foundation

/// Tells page furniture from story text by the phrases in `Resources/<lang>/boilerplate.tsv`.
struct Boilerplate: Sendable {
    static let english = Boilerplate(data: .english)

    private var whole: Set<String> = []
    private var starts: [String] = []
    private var anywhere: [String] = []
    private var networks: Set<String> = []
    private var socialVerbs: Set<String> = []

    init(data: NormaliserData) {
        for row in data.tables["boilerplate"] ?? [] where row.count >= 2 {
            switch row[1] {
            case "line": whole.insert(row[0])
            case "start": starts.append(row[0])
            case "social": networks.insert(row[0])
            case "social-verb": socialVerbs.insert(row[0])
            default: anywhere.append(row[0])
            }
        }
    }

    /// How many marker phrases `line` carries.
    func matches(_ line: String) -> Int {
        let folded = Self.fold(line)
        if whole.contains(folded.trimmingCharacters(in: Self.edgePunctuation)) { return 2 }
        var count = starts.contains { Self.hasWordPrefix(folded, $0) } ? 1 : 0
        for phrase in anywhere where Self.containsWords(folded, phrase) { count += 1 }
        let words = Set(folded.split { !$0.isLetter }.map(String.init))
        if words.intersection(networks).count >= 2, !words.isDisjoint(with: socialVerbs) { count += 2 }
        return count
    }

    /// A line is boilerplate when it carries a marker; a long line needs two, so a story that
    /// mentions "a newsletter" once is not cut.
    func isBoilerplate(_ line: String, words: Int) -> Bool {
        let count = matches(line)
        return words >= 30 ? count >= 2 : count >= 1
    }

    /// Lowercased, with typographic apostrophes made plain.
    static func fold(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
    }

    static let edgePunctuation = CharacterSet.whitespaces.union(.punctuationCharacters).subtracting(CharacterSet(charactersIn: "'"))

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
