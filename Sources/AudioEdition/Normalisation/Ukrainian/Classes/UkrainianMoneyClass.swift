/// Money: "$100", "₴500", "100 грн", "5 млн грн", "€2,5 млрд".
struct UkrainianMoneyClass: SemioticClass {
    func tag(_ context: UkrainianContext, at index: Int) -> (value: UkrainianAmount, match: Match)? {
        guard let amount = context.amount(at: index), amount.unit?.kind == .money else { return nil }
        return (amount, amount.match)
    }

    func verbalise(_ value: UkrainianAmount, _ context: UkrainianContext) -> String { value.spoken(context) }
}
