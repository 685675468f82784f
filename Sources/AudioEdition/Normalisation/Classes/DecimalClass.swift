/// Decimal numbers: "7.85" is "seven point eight five".
struct DecimalClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: String, match: Match)? {
        var core = Substring(context.tokens[index].core)
        if core.hasPrefix(".") { core = "0" + core }
        guard core.utf8.contains(UInt8(ascii: ".")), let quantity = Quantity.parseNumber(core) else { return nil }
        return (quantity.words, Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: String, _ context: NormaliserContext) -> String { value }
}
