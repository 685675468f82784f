/// Numbers with no unit, agreeing with the noun after them and the preposition before them:
/// "21 людина" (двадцять одна людина), "5 гривень", "у 5 областях", "від 5 до 10", "3 млн".
struct UkrainianCardinalClass: SemioticClass {
    func tag(_ context: UkrainianContext, at index: Int) -> (value: UkrainianAmount, match: Match)? {
        guard let amount = context.amount(at: index), amount.unit == nil else { return nil }
        return (amount, amount.match)
    }

    func verbalise(_ value: UkrainianAmount, _ context: UkrainianContext) -> String { value.spoken(context) }
}
