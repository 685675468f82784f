/// Numbers joined by a slash. Common fractions: "1/3" (одна третя), "2/3" (дві третіх), "3/4"
/// (три четвертих), "1/2" (одна друга): the numerator is feminine (частина), the denominator an
/// ordinal. A year and the next, as a school or a budget year: "2023/2024 навчальний рік" (дві
/// тисячі двадцять третій – дві тисячі двадцять четвертий), in the case of the "рік" after it.
/// Any other numbers (a document's number, an address) are read with "дріб" between: "№
/// 123/2024", "буд. 12/3".
struct UkrainianFractionClass: SemioticClass {
    struct Value {
        var parts: [Int]
        var start: Int
    }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let parts = context.tokens[index].core.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ (1...9).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return (Value(parts: parts.compactMap { Int($0) }, start: index), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let numbers = context.numbers
        let parts = value.parts
        if parts.count == 2, (1900...2100).contains(parts[0]), parts[1] == parts[0] + 1 {
            // The "рік" after the years, perhaps after an adjective, gives the case.
            let year = [value.start + 1, value.start + 2].lazy.flatMap { context.readings(at: $0) }.first { $0.noun.lemma == "рік" }
            let grammaticalCase = year?.grammaticalCase ?? .nominative
            return parts.map { numbers.ordinal($0, .masculine, grammaticalCase) }.joined(separator: " – ")
        }
        guard parts.count == 2, (2...10).contains(parts[1]), parts[0] > 0, parts[0] < parts[1] else {
            return parts.map { numbers.cardinal($0) }.joined(separator: " дріб ")
        }
        let one = CountForm(parts[0]) == .one
        return numbers.cardinal(parts[0], .feminine) + " " + numbers.ordinal(parts[1], one ? .feminine : .plural, one ? .nominative : .genitive)
    }
}
