/// Measures: "10 км", "20 °C", "100 км/год", "1,5 т".
struct UkrainianMeasureClass: SemioticClass {
    func tag(_ context: UkrainianContext, at index: Int) -> (value: UkrainianAmount, match: Match)? {
        guard let amount = context.amount(at: index), amount.unit?.kind == .measure else { return nil }
        return (amount, amount.match)
    }

    func verbalise(_ value: UkrainianAmount, _ context: UkrainianContext) -> String { value.spoken(context) }
}
