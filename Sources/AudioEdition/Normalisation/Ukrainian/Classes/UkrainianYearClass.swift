/// Years, as ordinals in the case the noun or preposition asks: "2023 року" (дві тисячі
/// двадцять третього року), "у 2022 році" (у дві тисячі двадцять другому році), "2024 рік",
/// "у 2022 р.", "з 2014 р.", "2022-2023 рр.", and a bare year after "у" or "з" ("у 2022").
struct UkrainianYearClass: SemioticClass {
    struct Value {
        var years: [Int]
        var grammaticalCase: GrammaticalCase
        /// The noun as said: "року", "році", "роках"; nil when none was written.
        var noun: String?
    }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let token = context.tokens[index]
        let parts = token.core.split(whereSeparator: { $0 == "-" || $0 == "–" })
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.count == 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let years = parts.compactMap { Int($0) }
        guard years.allSatisfy({ (1000...2199).contains($0) }) else { return nil }
        let governed = context.governingCase(before: index)
        guard let next = context.next(index) else { return bare(years, governed) }
        let year = context.tables.nouns["рік"]
        // "р." and "рр.": the preposition decides the case.
        if next.dotted == "р." || next.dotted == "рр.", let year {
            let grammaticalCase = governed ?? .genitive
            let forms = next.dotted == "р." ? year.singular : year.plural
            return (Value(years: years, grammaticalCase: grammaticalCase, noun: forms[grammaticalCase.rawValue]),
                    Match(length: 2, spoken: "", consumesPeriod: true))
        }
        let readings = context.readings(at: index + 1).filter { $0.noun.lemma == "рік" }
        guard !readings.isEmpty else { return context.readings(at: index + 1).isEmpty ? bare(years, governed) : nil }
        // "року" is a genitive (or a dative); "рік" a nominative or, after a preposition, an accusative.
        let grammaticalCase = readings.first { $0.grammaticalCase == governed }?.grammaticalCase ?? readings[0].grammaticalCase
        return (Value(years: years, grammaticalCase: grammaticalCase, noun: next.core), Match(length: 2, spoken: ""))
    }

    /// A year with no noun after it, read as one only after a preposition that plainly
    /// introduces one: "у 2022", "з 2014", "до 2030".
    private func bare(_ years: [Int], _ governed: GrammaticalCase?) -> (value: Value, match: Match)? {
        guard years.count == 1, let governed, governed == .locative || governed == .genitive, (1900...2100).contains(years[0]) else { return nil }
        return (Value(years: years, grammaticalCase: governed, noun: nil), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let words = value.years.map { context.numbers.ordinal($0, .masculine, value.grammaticalCase) }.joined(separator: " – ")
        return value.noun.map { "\(words) \($0)" } ?? words
    }
}
