/// Ordinals: "16th", "101st", "10,000th"; "18th-century" keeps its second half.
struct OrdinalClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: (digits: String, rest: String), match: Match)? {
        let core = context.tokens[index].core
        let head = core.prefix { $0.isNumber || $0 == "," }
        let suffix = core.dropFirst(head.count).prefix(2).lowercased()
        guard !head.isEmpty, head.last?.isNumber == true, ["st", "nd", "rd", "th"].contains(suffix) else { return nil }
        let after = core.dropFirst(head.count + 2)
        guard after.isEmpty || after.hasPrefix("-") else { return nil }
        return ((head.filter { $0 != "," }, after.replacingOccurrences(of: "-", with: " ")), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: (digits: String, rest: String), _ context: NormaliserContext) -> String {
        NumberWords.ordinal(digits: value.digits) + value.rest
    }
}
