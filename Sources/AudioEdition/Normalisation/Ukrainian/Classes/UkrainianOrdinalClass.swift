/// Ordinals written with their ending: "5-й", "3-го", "21-ша", "90-х" (дев'яностих), "2022-му".
/// The ending picks the gender and case: the first form, in a fixed order, that ends with it.
struct UkrainianOrdinalClass: SemioticClass {
    struct Value {
        var number: Int
        var form: UkrainianNumbers.OrdinalForm
        var grammaticalCase: GrammaticalCase
    }

    private static let forms: [(UkrainianNumbers.OrdinalForm, GrammaticalCase)] = [
        (.masculine, .nominative), (.masculine, .genitive), (.masculine, .locative), (.masculine, .instrumental),
        (.feminine, .nominative), (.feminine, .genitive), (.feminine, .accusative), (.feminine, .instrumental), (.feminine, .locative),
        (.neuter, .nominative), (.plural, .nominative), (.plural, .genitive), (.plural, .instrumental),
    ]

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        guard let hyphen = core.firstIndex(where: { $0 == "-" || $0 == "–" }) else { return nil }
        let (digits, ending) = (core[..<hyphen], core[core.index(after: hyphen)...])
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits),
              (1...3).contains(ending.count), ending.allSatisfy({ $0.isLetter && !$0.isASCII }) else { return nil }
        let numbers = context.numbers
        let written = ending.lowercased()
        guard let (form, grammaticalCase) = Self.forms.first(where: { numbers.ordinal(number, $0.0, $0.1).hasSuffix(written) }) else { return nil }
        return (Value(number: number, form: form, grammaticalCase: grammaticalCase), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        context.numbers.ordinal(value.number, value.form, value.grammaticalCase)
    }
}
