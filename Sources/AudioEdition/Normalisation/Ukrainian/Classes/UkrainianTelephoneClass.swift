/// Telephone numbers, group by group with each leading zero said: "+380 44 123 45 67" (плюс
/// триста вісімдесят сорок чотири сто двадцять три сорок п'ять шістдесят сім), "(044)
/// 123-45-67", "067-123-45-67", "0 800 500 335".
struct UkrainianTelephoneClass: SemioticClass {
    struct Value {
        var plus: Bool
        var groups: [Substring]
    }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let first = context.tokens[index]
        let plus = first.core.hasPrefix("+")
        guard plus || first.core.hasPrefix("0") else { return nil }
        var groups: [Substring] = []
        var length = 0
        // Its tokens: digits and hyphens, the code perhaps in brackets, nothing else between.
        while let token = context.token(index + length), length == 0 || token.lead.isEmpty {
            let text = length == 0 && plus ? token.core.dropFirst() : Substring(token.core)
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { break }
            groups += parts
            length += 1
            guard token.trail.isEmpty || token.trail == ")" else { break }
        }
        // Enough digits for a telephone number, in at least three groups.
        guard groups.count >= 3, (9...13).contains(groups.reduce(0) { $0 + $1.count }) else { return nil }
        return (Value(plus: plus, groups: groups), Match(length: length, spoken: "", keepsLead: false))
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let groups = value.groups.map { group in
            let zeros = group.prefix { $0 == "0" }
            var words = Array(repeating: "нуль", count: zeros.count)
            if zeros.count < group.count, let rest = Int(group.dropFirst(zeros.count)) { words.append(context.numbers.cardinal(rest)) }
            return words.joined(separator: " ")
        }
        return ((value.plus ? ["плюс"] : []) + groups).joined(separator: " ")
    }
}
