/// Percent: "5%", "21 %", "2,5%" (дві цілих п'ять десятих відсотка).
struct UkrainianPercentClass: SemioticClass {
    func tag(_ context: UkrainianContext, at index: Int) -> (value: UkrainianAmount, match: Match)? {
        guard let amount = context.amount(at: index), amount.unit?.kind == .percent else { return nil }
        return (amount, amount.match)
    }

    func verbalise(_ value: UkrainianAmount, _ context: UkrainianContext) -> String { value.spoken(context) }
}
