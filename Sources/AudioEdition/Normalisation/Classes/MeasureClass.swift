/// Measures: "155 mm", "50 km/h", "12kg", "-12°C", "20-25 km", "5-8°C", "3,000 sq km",
/// "40 km²", "343 m/s", "18 billion m³". The unit is singular for one, and when the measure describes the noun
/// after it: "a 10-km race", "155mm shells", "a 120 mm mortar".
struct MeasureClass: SemioticClass {
    struct Value { var quantity: Quantity; var scale: String? = nil; var unit: NormaliserTables.Unit; var adjectival: Bool }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        if let quantity = Quantity.parse(core) {
            // "18 billion m³": a scale word may stand between the number and its unit.
            var scale = context.next(index).flatMap { context.tables.scales[$0.core] }
            if scale != nil, unit(context, after: index + 1) == nil { scale = nil }  // "45 m" is meters, not million
            let start = scale == nil ? index : index + 1
            if let (unit, length) = unit(context, after: start) {
                let adjectival = describesNoun(context, at: start + length)
                return (Value(quantity: quantity, scale: scale, unit: unit, adjectival: adjectival),
                        Match(length: 1 + (start - index) + length, spoken: ""))
            }
        }
        // Glued: the longest unit the token ends with, after a number; a hyphen between them
        // ("10-km") makes the measure describe what follows.
        guard core.first?.isNumber == true || core.first == "-" || core.first == "−" else { return nil }
        var number = core.prefix { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" || $0 == "−" || $0 == "–" }
        let suffix = core.dropFirst(number.count)
        let hyphenated = number.count > 1 && number.last == "-"
        if hyphenated { number = number.dropLast() }
        guard !suffix.isEmpty, let unit = context.tables.unit(suffix), let quantity = Quantity.parse(number) else { return nil }
        let adjectival = hyphenated || describesNoun(context, at: index)
        return (Value(quantity: quantity, unit: unit, adjectival: adjectival), Match(length: 1, spoken: ""))
    }

    /// The unit in the token or two after a number ("km", "sq km", "sq. mi"), and how many tokens it takes.
    private func unit(_ context: NormaliserContext, after index: Int) -> (NormaliserTables.Unit, Int)? {
        guard let next = context.next(index) else { return nil }
        if let unit = context.tables.unit(next.core) { return (unit, 1) }
        // "sq. km": the period after the power word is part of it.
        guard let power = context.tables.unitPowersBefore[next.dotted] ?? context.tables.unitPowersBefore[next.core],
              next.trail.isEmpty || next.trail == ".", let base = context.token(index + 2), let unit = context.tables.unit(base.core)
        else { return nil }
        return (.init(singular: "\(power) \(unit.singular)", plural: "\(power) \(unit.plural)"), 2)
    }

    /// A lowercase word right after the measure that is neither a function word, nor one of the
    /// words that follow a plural measure ("wide", "north", "overnight"), nor a verb ("hit",
    /// "dropped") is the noun it describes.
    private func describesNoun(_ context: NormaliserContext, at end: Int) -> Bool {
        guard let last = context.token(end), last.trail.isEmpty, let next = context.token(end + 1), next.lead.isEmpty,
              next.isLowercaseWord else { return false }
        return !next.core.hasSuffix("ed") && !context.tables.functionWords.contains(next.core)
            && !context.tables.measureFollowers.contains(next.core)
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        let unit = (value.quantity.isOne && value.scale == nil) || value.adjectival ? value.unit.singular : value.unit.plural
        return "\(value.quantity.words) \(value.scale.map { $0 + " " } ?? "")\(unit)"
    }
}
