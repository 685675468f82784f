/// Ranges written with a hyphen or dash: "5-10 км" (п'ять – десять кілометрів), "2-3 дні",
/// "10–15%". Each end agrees with the noun or unit, which follows the second's count. A range
/// written in words ("від 5 до 10") needs no class: each number takes its preposition's case.
struct UkrainianRangeClass: SemioticClass {
    struct Value {
        var low: UkrainianAmount
        var high: UkrainianAmount
    }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let token = context.tokens[index]
        let core = token.core
        guard let dash = core.firstIndex(where: { $0 == "-" || $0 == "–" }), dash != core.startIndex else { return nil }
        let (left, right) = (String(core[..<dash]), String(core[core.index(after: dash)...]))
        // Each side read as an amount of its own, the right one with what follows the token.
        let leftToken = Token(start: token.start, end: token.end, lead: "", core: left, trail: "")
        let rightToken = Token(start: token.start, end: token.end, lead: "", core: right, trail: token.trail)
        var tokens = context.tokens
        tokens[index] = rightToken
        let rightContext = UkrainianContext(tokens: tokens, tables: context.tables, numbers: context.numbers)
        guard left.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "," }), left.first?.isNumber == true,
              var high = UkrainianAmount.read(rightContext, at: index), !high.negative, high.length >= 1 else { return nil }
        tokens[index] = leftToken
        let leftContext = UkrainianContext(tokens: tokens, tables: context.tables, numbers: context.numbers)
        guard var low = UkrainianAmount.read(leftContext, at: index), low.whole <= high.whole || low.fraction != nil else { return nil }
        // The low end is said with the high end's agreement and without its unit.
        low.length = 1
        low.scale = nil
        low.unit = nil
        low.agreeing = nil
        high.start = index
        return (Value(low: low, high: high), high.match)
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let agreement = value.high.agreement(context)
        let (grammaticalCase, gender) = (agreement.grammaticalCase, agreement.gender)
        let numbers = context.numbers
        let low = value.low.fraction.map { numbers.decimal(whole: value.low.whole, fraction: $0, grammaticalCase) }
            ?? numbers.cardinal(value.low.whole, value.high.scale?.gender ?? gender, grammaticalCase)
        return low + " – " + value.high.spoken(context)
    }
}
