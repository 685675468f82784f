/// Hyphenated compounds whose parts need reading: "EU-brokered" -> "E U brokered",
/// "One-quarter" stays a word. Parts are read on their own; unchanged compounds pass through.
struct CompoundClass: SemioticClass {
    var needsDigit: Bool { false }
    func tag(_ context: NormaliserContext, at index: Int) -> (value: String, match: Match)? {
        let core = context.tokens[index].core
        let parts = core.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        var changed = false
        let spoken = parts.map { part -> String in
            guard let said = context.alone(String(part)), said != part else { return String(part) }
            changed = true
            return said
        }
        // "One-quarter", "twenty-five": number words are said apart.
        if !changed, parts.count == 2, let first = parts.first?.lowercased(), Self.numberWords.contains(first) {
            changed = true
        }
        guard changed else { return nil }
        return (spoken.joined(separator: " "), Match(length: 1, spoken: ""))
    }

    static let numberWords = Set(NumberWords.ones + NumberWords.tens.filter { !$0.isEmpty } + ["hundred", "thousand"])

    func verbalise(_ value: String, _ context: NormaliserContext) -> String { value }
}
