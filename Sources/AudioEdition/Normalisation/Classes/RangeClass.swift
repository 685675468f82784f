/// Ranges: "2020-2023", "40-50", "Tuesday-Saturday", "2.5-3".
struct RangeClass: SemioticClass {
    var needsDigit: Bool { false }
    func tag(_ context: NormaliserContext, at index: Int) -> (value: (String, String), match: Match)? {
        let core = context.tokens[index].core
        let parts = core.split(whereSeparator: { $0 == "-" || $0 == "–" }).map(String.init)
        guard parts.count == 2 else { return nil }
        if parts.allSatisfy({ context.tables.weekdays.contains($0) }) {
            return ((parts[0], parts[1]), Match(length: 1, spoken: ""))
        }
        if let low = DateClass.year(parts[0]), let high = DateClass.year(parts[1]), high > low {
            return ((NumberWords.year(low), NumberWords.year(high)), Match(length: 1, spoken: ""))
        }
        // A season: "2022-23".
        if let low = DateClass.year(parts[0]), parts[1].count == 2, let high = Int(parts[1]), high == (low + 1) % 100 {
            return ((NumberWords.year(low), NumberWords.cardinal(digits: parts[1])), Match(length: 1, spoken: ""))
        }
        guard let low = Quantity.parseNumber(parts[0]), let high = Quantity.parseNumber(parts[1]) else { return nil }
        return ((low.words, high.words), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: (String, String), _ context: NormaliserContext) -> String { "\(value.0) to \(value.1)" }
}
