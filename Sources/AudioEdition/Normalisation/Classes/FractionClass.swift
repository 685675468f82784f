/// Fractions: "1/5", "2/3", "3 1/2", "2½", "½".
struct FractionClass: SemioticClass {
    var needsDigit: Bool { false }
    struct Value { var whole: String?; var numerator: Int; var denominator: Int }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        if let value = vulgar(core, context) { return (value, Match(length: 1, spoken: "")) }
        if let (numerator, denominator) = slashed(core) {
            return (Value(whole: nil, numerator: numerator, denominator: denominator), Match(length: 1, spoken: ""))
        }
        if core.allSatisfy(\.isNumber), let next = context.next(index), let (numerator, denominator) = slashed(next.core),
           numerator < denominator {
            return (Value(whole: core, numerator: numerator, denominator: denominator), Match(length: 2, spoken: ""))
        }
        return nil
    }

    private func vulgar(_ core: String, _ context: NormaliserContext) -> Value? {
        guard let last = core.last, let (numerator, denominator) = context.tables.vulgarFractions[last] else { return nil }
        let whole = core.dropLast()
        guard whole.allSatisfy(\.isNumber) else { return nil }
        return Value(whole: whole.isEmpty ? nil : String(whole), numerator: numerator, denominator: denominator)
    }

    private func slashed(_ core: String) -> (Int, Int)? {
        let parts = core.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }),
              let numerator = Int(parts[0]), let denominator = Int(parts[1]), denominator > 1 else { return nil }
        return (numerator, denominator)
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        let name = context.tables.denominators[value.denominator]
            ?? (NumberWords.ordinal(digits: String(value.denominator)), NumberWords.ordinal(digits: String(value.denominator)) + "s")
        if let whole = value.whole {
            let part = value.numerator == 1 ? (value.denominator == 2 ? "a half" : "a \(name.singular)")
                : "\(NumberWords.cardinal(value.numerator)) \(name.plural)"
            return "\(NumberWords.cardinal(digits: whole)) and \(part)"
        }
        if value.numerator == 1 { return value.denominator == 2 ? "half" : "one \(name.singular)" }
        return "\(NumberWords.cardinal(value.numerator)) \(name.plural)"
    }
}
