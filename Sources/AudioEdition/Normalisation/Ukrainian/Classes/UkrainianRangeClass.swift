/// Ranges written with a hyphen or dash: "5-10 км" (п'ять – десять кілометрів), "2-3 дні",
/// "10–15%". Each end agrees with the noun or unit, which follows the second's count. A range
/// written in words ("від 5 до 10") needs no class: each number takes its preposition's case.
struct UkrainianRangeClass: SemioticClass {
    struct Value {
        var low: Int
        var lowFraction: Substring?
        var high: UkrainianAmount
    }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        guard let dash = core.firstIndex(where: { $0 == "-" || $0 == "–" }), dash != core.startIndex else { return nil }
        let (left, right) = (core[..<dash], core[core.index(after: dash)...])
        // The low end is a bare number; the high end an amount, with what follows the token.
        guard let (digits, fraction, rest) = UkrainianAmount.number(left), rest.isEmpty, let low = Int(digits),
              var high = UkrainianAmount.read(context, at: index, core: right), !high.negative,
              low <= high.whole || fraction != nil else { return nil }
        high.start = index
        return (Value(low: low, lowFraction: fraction, high: high), high.match)
    }

    /// The low end is said in the high end's case and gender, without its unit.
    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let agreement = value.high.agreement(context)
        let (grammaticalCase, gender) = (agreement.grammaticalCase, agreement.gender)
        let numbers = context.numbers
        let low = value.lowFraction.map { numbers.decimal(whole: value.low, fraction: $0, grammaticalCase) }
            ?? numbers.cardinal(value.low, value.high.scale?.gender ?? gender, grammaticalCase)
        return low + " – " + value.high.spoken(context)
    }
}
