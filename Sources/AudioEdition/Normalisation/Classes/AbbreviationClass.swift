/// Abbreviations from the table: titles ("Lt. Col."), suffixes ("Inc.", "Jr."), "e.g.", "vs.",
/// and the ones context decides: "St." (Saint before a name, else Street), "No." (before a number).
struct AbbreviationClass: SemioticClass {
    /// Whether the English readings that context decides ("St.", "No.") apply; another
    /// language has only its table.
    var contextual = true
    var needsDigit: Bool { false }
    var startsOnPlainWords: Bool { true }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: String, match: Match)? {
        let token = context.tokens[index]
        let dotted = token.dotted
        let next = context.token(index + 1)
        let consumes = dotted != token.core
        switch contextual ? dotted : "" {
        case "St.":
            let saint = next?.startsUppercase == true && token.trail == "."
            return (saint ? "Saint" : "Street", Match(length: 1, spoken: "", consumesPeriod: true, periodMayEndSentence: !saint))
        case "No.", "no.":
            guard let next, next.core.first?.isNumber == true else { return nil }
            return ("number", Match(length: 1, spoken: "", consumesPeriod: true, periodMayEndSentence: false))
        default:
            break
        }
        if let entry = context.tables.abbreviations[dotted] {
            return (entry.expansion, Match(length: 1, spoken: "", consumesPeriod: consumes, periodMayEndSentence: !entry.isTitle))
        }
        // A month abbreviation with no day after it ("in Nov.").
        if consumes, let month = context.tables.months[token.core], token.startsUppercase {
            return (month, Match(length: 1, spoken: "", consumesPeriod: true))
        }
        return nil
    }

    func verbalise(_ value: String, _ context: NormaliserContext) -> String { value }
}
