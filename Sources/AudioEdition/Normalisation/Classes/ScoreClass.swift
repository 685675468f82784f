/// Scores and votes: "won 3-1", "a 3-0 victory", "0-0", "voted 220-207". Told from ranges
/// by the words around them; a nil side is "nil".
struct ScoreClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: (Int, Int), match: Match)? {
        let parts = context.tokens[index].core.split(whereSeparator: { $0 == "-" || $0 == "–" })
        guard parts.count == 2, parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isNumber) }),
              let left = Int(parts[0]), let right = Int(parts[1]) else { return nil }
        let nearby = (max(0, index - 3)..<min(context.tokens.count, index + 3)).filter { $0 != index }
        guard nearby.contains(where: { context.tables.scoreWords.contains(context.tokens[$0].core.lowercased()) }) else { return nil }
        return ((left, right), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: (Int, Int), _ context: NormaliserContext) -> String {
        let (left, right) = value
        if left == 0 || right == 0 {
            return [left, right].map { $0 == 0 ? "nil" : NumberWords.cardinal($0) }.joined(separator: " ")
        }
        return "\(NumberWords.cardinal(left)) to \(NumberWords.cardinal(right))"
    }
}
