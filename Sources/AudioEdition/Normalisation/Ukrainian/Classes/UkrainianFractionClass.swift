/// Common fractions: "1/3" (одна третя), "2/3" (дві третіх), "3/4" (три четвертих), "1/2"
/// (одна друга). The numerator is feminine (частина); the denominator an ordinal. Other
/// numbers joined by a slash (a document's number, an address) are read with "дріб" between:
/// "№ 123/2024", "буд. 12/3".
struct UkrainianFractionClass: SemioticClass {
    func tag(_ context: UkrainianContext, at index: Int) -> (value: [Int], match: Match)? {
        let parts = context.tokens[index].core.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ (1...9).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return (parts.compactMap { Int($0) }, Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: [Int], _ context: UkrainianContext) -> String {
        let numbers = context.numbers
        guard value.count == 2, (2...10).contains(value[1]), value[0] > 0, value[0] < value[1] else {
            return value.map { numbers.cardinal($0) }.joined(separator: " дріб ")
        }
        let one = CountForm(value[0]) == .one
        return numbers.cardinal(value[0], .feminine) + " " + numbers.ordinal(value[1], one ? .feminine : .plural, one ? .nominative : .genitive)
    }
}
