/// Whole numbers: "12", "3,200,000", "-4".
struct CardinalClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: String, match: Match)? {
        let core = context.tokens[index].core
        guard !core.utf8.contains(UInt8(ascii: ".")), let quantity = Quantity.parseNumber(core) else { return nil }
        return (quantity.words, Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: String, _ context: NormaliserContext) -> String { value }
}
