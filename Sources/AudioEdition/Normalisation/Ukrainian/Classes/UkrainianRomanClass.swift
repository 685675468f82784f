/// Roman numerals, read as ordinals agreeing with the noun after them: "XXI ст." (двадцять
/// першого століття), "у XX столітті", "IX скликання", and after a name ("Карл III", "Єлизавета
/// II"). Ukrainian copy often types them with the Cyrillic І, Х, С and М; those are read only
/// before a noun, where no word could be meant.
struct UkrainianRomanClass: SemioticClass {
    var needsDigit: Bool { false }

    struct Value {
        var number: Int
        var gender: Gender
        var grammaticalCase: GrammaticalCase
        var noun: String?
    }

    private static let lookalikes: [Character: Character] = ["І": "I", "Х": "X", "С": "C", "М": "M"]

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let token = context.tokens[index]
        let latin = token.core.allSatisfy { "IVXLCDM".contains($0) }
        let cyrillic = !latin && token.core.allSatisfy { "IVXLCDMІХСМ".contains($0) }
        guard latin || cyrillic, let number = Self.value(String(token.core.map { Self.lookalikes[$0] ?? $0 })), number < 4000 else { return nil }
        let governed = context.governingCase(before: index)
        if token.trail.isEmpty, let next = context.token(index + 1) {
            if next.dotted == "ст.", let century = context.tables.nouns["століття"] {
                let grammaticalCase = governed ?? .genitive
                return (Value(number: number, gender: .neuter, grammaticalCase: grammaticalCase, noun: century.singular[grammaticalCase.rawValue]),
                        Match(length: 2, spoken: "", consumesPeriod: true))
            }
            let readings = context.readings(at: index + 1).filter { !$0.plural }
            if let first = readings.first {
                // "століття" is nominative, genitive or accusative: the preposition decides, and
                // with none the genitive, as in "виклики XXI століття".
                let reading = readings.first { $0.grammaticalCase == governed } ?? readings.first { $0.grammaticalCase == .genitive } ?? first
                return (Value(number: number, gender: reading.noun.gender, grammaticalCase: reading.grammaticalCase, noun: nil), Match(length: 1, spoken: ""))
            }
        }
        // After a name: "Карл III", "Єлизавета II".
        guard latin, token.core.count >= 2 || token.core == "I", let name = context.token(index - 1), name.startsUppercase, name.trail.isEmpty,
              name.isPlainWord else { return nil }
        return (Value(number: number, gender: UkrainianContext.guessGender(name.core), grammaticalCase: .nominative, noun: nil), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let words = context.numbers.ordinal(value.number, .init(value.gender), value.grammaticalCase)
        return value.noun.map { "\(words) \($0)" } ?? words
    }

    /// The value of a well-formed Roman numeral, or nil.
    static func value(_ text: String) -> Int? {
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000]
        var total = 0, previous = 0
        for character in text.reversed() {
            guard let value = values[character] else { return nil }
            total += value < previous ? -value : value
            previous = max(previous, value)
        }
        guard total > 0, roman(total) == text else { return nil }
        return total
    }

    private static func roman(_ number: Int) -> String {
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                                      (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = number, text = ""
        for (value, letters) in table {
            while rest >= value {
                text += letters
                rest -= value
            }
        }
        return text
    }
}
