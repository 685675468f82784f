/// Slash shorthand said as its parts: "50/50" is "fifty fifty", "24/7" "twenty four seven",
/// "9/11" "nine eleven", "2023/24" "twenty twenty three twenty four". Proper fractions ("1/4")
/// are left to `FractionClass`.
struct SlashClass: SemioticClass {
    var needsDigit: Bool { false }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: String, match: Match)? {
        let core = context.tokens[index].core
        guard core.utf8.contains(0x2F) else { return nil }
        if let said = context.tables.slashExpressions[core.lowercased()] { return (said, Match(length: 1, spoken: "")) }
        let parts = core.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && TelephoneClass.isDigits($0) }),
              let first = Int(parts[0]), let second = Int(parts[1]), !parts[0].hasPrefix("0"), !parts[1].hasPrefix("0") else { return nil }
        // "2023/24", "1999/2000": a season or fiscal year.
        if parts[0].count == 4, (1000...2999).contains(first), parts[1].count == 2 || parts[1].count == 4 {
            return ("\(NumberWords.year(first)) \(parts[1].count == 4 ? NumberWords.year(second) : NumberWords.cardinal(second))",
                    Match(length: 1, spoken: ""))
        }
        guard parts[0].count <= 3, parts[1].count <= 3, first >= second else { return nil }
        return ("\(NumberWords.cardinal(first)) \(NumberWords.cardinal(second))", Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: String, _ context: NormaliserContext) -> String { value }
}
