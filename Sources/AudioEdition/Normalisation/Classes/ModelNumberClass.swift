/// A number after a name, said as a designator: "Boeing 787" (seven eighty seven), "Resolution
/// 2254", and a variant after a hyphen: "737-800", "787-9" (not the range "seven hundred
/// thirty seven to eight hundred").
struct ModelNumberClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: [String], match: Match)? {
        let core = context.tokens[index].core
        let parts = core.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (3...4).contains(parts[0].count),
              parts.allSatisfy({ (1...4).contains($0.count) && TelephoneClass.isDigits($0) }),
              let previous = context.token(index - 1), previous.trail.isEmpty, previous.startsUppercase,
              !context.tables.functionWords.contains(previous.core.lowercased()), !context.tables.months.keys.contains(previous.core),
              !previous.isAllCaps || previous.core.count > 1, !previous.core.hasSuffix("'s"), !previous.core.hasSuffix("’s") else { return nil }
        // A variant hangs off a model number that is not round ("737-800"); "Nearly 300-400" and
        // "1964-1982" are ranges, whatever stands before them.
        if parts.count == 2, (Int(parts[0]) ?? 0) % 10 == 0 || DateClass.year(String(parts[0])) != nil { return nil }
        return (parts.map(String.init), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: [String], _ context: NormaliserContext) -> String {
        value.map { NumberWords.designator($0) }.joined(separator: " ")
    }
}
