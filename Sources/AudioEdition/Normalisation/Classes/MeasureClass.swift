/// Measures: "155 mm", "50 km/h", "12kg", "-12°C", "20-25 km", "5-8°C".
struct MeasureClass: SemioticClass {
    struct Value { var quantity: Quantity; var unit: NormaliserTables.Unit; var adjectival: Bool }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        let units = context.tables.units
        if let quantity = Quantity.parse(core), let next = context.next(index), let unit = units[next.core] {
            let adjectival = context.isAdjectival(from: index, to: index + 1)
            return (Value(quantity: quantity, unit: unit, adjectival: adjectival), Match(length: 2, spoken: ""))
        }
        // Glued: the longest unit the token ends with, after a number.
        guard core.first?.isNumber == true || core.first == "-" || core.first == "−" else { return nil }
        let number = core.prefix { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" || $0 == "−" || $0 == "–" }
        let suffix = String(core.dropFirst(number.count))
        guard !suffix.isEmpty, let unit = units[suffix], let quantity = Quantity.parse(number) else { return nil }
        return (Value(quantity: quantity, unit: unit, adjectival: context.isAdjectival(from: index, to: index)), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        "\(value.quantity.words) \(value.quantity.isOne || value.adjectival ? value.unit.singular : value.unit.plural)"
    }
}
