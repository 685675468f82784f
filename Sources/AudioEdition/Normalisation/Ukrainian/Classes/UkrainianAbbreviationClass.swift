/// Abbreviations from the table, said in full: "т. зв." (так званий), "вул." (вулиця), "р."
/// (року), "млн" with no number before it (мільйонів), "№5" (номер п'ять), and those read
/// another way before a number ("ст. 111" is "стаття", where "XX ст." is "століття").
struct UkrainianAbbreviationClass: SemioticClass {
    var needsDigit: Bool { false }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: String, match: Match)? {
        let token = context.tokens[index]
        let tables = context.tables
        if token.core.hasPrefix("№") {
            let digits = token.core.dropFirst()
            if digits.isEmpty { return ("номер", Match(length: 1, spoken: "")) }
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 12, let number = Int(digits) else { return nil }
            return ("номер " + context.numbers.cardinal(number), Match(length: 1, spoken: ""))
        }
        // Two tokens: "т. зв.", "т. д.".
        if token.trail == ".", let next = context.token(index + 1), let entry = tables.abbreviations["\(token.dotted) \(next.dotted)"] {
            return (entry.expansion, Match(length: 2, spoken: "", consumesPeriod: next.dotted != next.core, periodMayEndSentence: !entry.isTitle))
        }
        if token.trail == ".", let expansion = tables.numberedAbbreviations[token.dotted],
           let next = context.token(index + 1), next.core.first?.isNumber == true {
            return (expansion, Match(length: 1, spoken: "", consumesPeriod: true, periodMayEndSentence: false))
        }
        guard let entry = tables.abbreviations[token.dotted] ?? tables.abbreviations[token.core] else { return nil }
        let consumes = tables.abbreviations[token.dotted] != nil && token.dotted != token.core
        return (entry.expansion, Match(length: 1, spoken: "", consumesPeriod: consumes, periodMayEndSentence: !entry.isTitle))
    }

    func verbalise(_ value: String, _ context: UkrainianContext) -> String { value }
}
