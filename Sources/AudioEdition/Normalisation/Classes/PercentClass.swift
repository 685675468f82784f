/// Percentages: "15%", "8-12%", "41 per cent".
struct PercentClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: String, match: Match)? {
        let core = context.tokens[index].core
        if core.hasSuffix("%"), let quantity = Quantity.parse(core.dropLast()) {
            return (quantity.words, Match(length: 1, spoken: ""))
        }
        guard let quantity = Quantity.parse(core), let next = context.next(index) else { return nil }
        if next.core.lowercased() == "percent" { return (quantity.words, Match(length: 2, spoken: "")) }
        if next.core.lowercased() == "per", let after = context.next(index + 1), after.core.lowercased() == "cent" {
            return (quantity.words, Match(length: 3, spoken: ""))
        }
        return nil
    }

    func verbalise(_ value: String, _ context: NormaliserContext) -> String { value + " percent" }
}
