/// Roman numerals in context: regnal after a monarch's or pope's name ("Louis the Sixteenth"),
/// cardinal after words like War, Stage and Title ("World War Two"). Never the pronoun "I".
struct RomanClass: SemioticClass {
    var needsDigit: Bool { false }
    var startsOnPlainWords: Bool { true }

    struct Value { var number: Int; var regnal: Bool }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        guard let first = core.utf8.first, [0x49, 0x56, 0x58, 0x4C, 0x43].contains(first), let number = Self.value(core), let previous = context.token(index - 1), previous.trail.isEmpty else { return nil }
        let tables = context.tables
        let name = previous.core
        let titled = context.token(index - 2).map { tables.royalTitles.contains($0.core.lowercased()) } ?? false
        if tables.regnalNames.contains(name) || (titled && previous.startsUppercase) {
            return (Value(number: number, regnal: true), Match(length: 1, spoken: ""))
        }
        if tables.romanCardinalContexts.contains(name.lowercased()) || ((core.count > 1 || core == "V") && previous.startsUppercase
            && !tables.functionWords.contains(name.lowercased())) {
            return (Value(number: number, regnal: false), Match(length: 1, spoken: ""))
        }
        return nil
    }

    /// The value of a well-formed numeral made of I, V, X, L and C (up to 399).
    static func value(_ text: String) -> Int? {
        let digits: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100]
        guard !text.isEmpty, text.count <= 9 else { return nil }
        var total = 0
        let values = text.compactMap { digits[$0] }
        guard values.count == text.count else { return nil }
        for (i, value) in values.enumerated() {
            total += i + 1 < values.count && values[i + 1] > value ? -value : value
        }
        guard total > 0, Self.numeral(total) == text else { return nil }
        return total
    }

    static func numeral(_ number: Int) -> String {
        let table: [(Int, String)] = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var n = number, out = ""
        for (value, symbol) in table {
            while n >= value { out += symbol; n -= value }
        }
        return out
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        value.regnal ? "the " + NumberWords.ordinal(digits: String(value.number)).capitalized : NumberWords.cardinal(value.number)
    }
}
