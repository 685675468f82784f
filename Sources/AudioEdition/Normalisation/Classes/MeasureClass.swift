/// Measures: "155 mm", "50 km/h", "12kg", "-12°C", "20-25 km", "5-8°C", "3,000 sq km",
/// "40 km²", "343 m/s", "18 billion m³", "4 in.". The unit is singular for one, and when the
/// measure describes the noun after it: "a 10-km race", "155mm shells", "a 120 mm mortar",
/// "a 5-m-high wall", "12 m-long rockets".
struct MeasureClass: SemioticClass {
    struct Value {
        var quantity: Quantity
        var scale: String? = nil
        var unit: NormaliserTables.Unit
        var adjectival: Bool
        /// Words hyphenated after the unit: "high" in "5-m-high".
        var tail: String? = nil
    }

    /// A unit found after a number: how many tokens it took, the words hyphenated after it, and
    /// whether it took the period after it ("in.").
    private struct Found { var unit: NormaliserTables.Unit; var length = 1; var tail: String? = nil; var dotted = false }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        if let quantity = Quantity.parse(core) {
            // "18 billion m³": a scale word may stand between the number and its unit; without a
            // unit after it, it is no scale ("45 m" is meters, not million).
            var scale = context.next(index).flatMap { context.tables.scales[$0.core] }
            var start = index + 1
            var found = scale == nil ? nil : unit(context, after: start)
            if found == nil { (scale, start, found) = (nil, index, unit(context, after: index)) }
            if let found {
                let adjectival = found.tail != nil || describesNoun(context, at: start + found.length)
                return (Value(quantity: quantity, scale: scale, unit: found.unit, adjectival: adjectival, tail: found.tail),
                        Match(length: 1 + (start - index) + found.length, spoken: "", consumesPeriod: found.dotted))
            }
        }
        // Glued: the longest unit the token ends with, after a number; a hyphen between them
        // ("10-km", "5-m-high") makes the measure describe what follows.
        guard core.first?.isNumber == true || core.first == "-" || core.first == "−" else { return nil }
        var number = core.prefix { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" || $0 == "−" || $0 == "–" }
        let suffix = core.dropFirst(number.count)
        let hyphenated = number.count > 1 && number.last == "-"
        if hyphenated { number = number.dropLast() }
        guard !suffix.isEmpty, let found = Self.unit(suffix, context.tables), let quantity = Quantity.parse(number) else { return nil }
        let adjectival = hyphenated || found.tail != nil || describesNoun(context, at: index)
        return (Value(quantity: quantity, unit: found.unit, adjectival: adjectival, tail: found.tail), Match(length: 1, spoken: ""))
    }

    /// A unit as written, or one with words hyphenated after it ("m-long", "km-wide").
    private static func unit(_ written: Substring, _ tables: NormaliserTables) -> Found? {
        if let unit = tables.unit(written) { return Found(unit: unit) }
        guard let hyphen = written.firstIndex(of: "-"), let unit = tables.unit(written[..<hyphen]) else { return nil }
        let rest = written[written.index(after: hyphen)...].split(separator: "-")
        guard !rest.isEmpty, rest.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return nil }
        return Found(unit: unit, tail: rest.joined(separator: " "))
    }

    /// The unit in the token or two after a number ("km", "in.", "m-long", "sq km", "sq. mi").
    private func unit(_ context: NormaliserContext, after index: Int) -> Found? {
        guard let next = context.next(index) else { return nil }
        if let found = Self.unit(Substring(next.core), context.tables) { return found }
        if next.trail.hasPrefix("."), let unit = context.tables.units[next.dotted] { return Found(unit: unit, dotted: true) }
        // "sq. km": the period after the power word is part of it.
        guard let power = context.tables.unitPowersBefore[next.dotted] ?? context.tables.unitPowersBefore[next.core],
              next.trail.isEmpty || next.trail == ".", let base = context.token(index + 2), let unit = context.tables.unit(base.core)
        else { return nil }
        return Found(unit: .init(singular: "\(power) \(unit.singular)", plural: "\(power) \(unit.plural)"), length: 2)
    }

    /// A lowercase word right after the measure that is neither a function word, nor one of the
    /// words that follow a plural measure ("wide", "north", "overnight"), nor a verb ("hit",
    /// "dropped") is the noun it describes.
    private func describesNoun(_ context: NormaliserContext, at end: Int) -> Bool {
        guard let next = context.contentWordFollows(end), next.lead.isEmpty else { return false }
        return !next.core.hasSuffix("ed") && !context.tables.measureFollowers.contains(next.core)
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        let unit = (value.quantity.isOne && value.scale == nil) || value.adjectival ? value.unit.singular : value.unit.plural
        return "\(value.quantity.words) \(value.scale.map { $0 + " " } ?? "")\(unit)" + (value.tail.map { " " + $0 } ?? "")
    }
}
