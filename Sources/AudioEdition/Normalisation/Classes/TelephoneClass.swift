/// Telephone numbers, digit by digit in their groups: "+44 20 7946 0958", "1-888-555-0123",
/// "(312) 555-0187", "dial 999".
struct TelephoneClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: [String], match: Match)? {
        let token = context.tokens[index]
        let core = token.core
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        // "+44 20 7946 0958": the plus, then the digit groups that follow.
        if core.hasPrefix("+"), isDigits(core.dropFirst()) {
            var groups = [String(core.dropFirst())], length = 1
            while let next = context.next(index + length - 1), isDigits(Substring(next.core)), next.core.count <= 4 {
                groups.append(next.core)
                length += 1
            }
            guard groups.count >= 3 else { return nil }
            return (["plus " + NumberWords.digits(groups[0], zero: "oh")] + groups.dropFirst().map { NumberWords.digits($0, zero: "oh") },
                    Match(length: length, spoken: ""))
        }
        // "(312) 555-0187"
        if token.lead == "(", token.trail == ")", core.count == 3, isDigits(Substring(core)), let next = context.token(index + 1),
           let rest = Self.groups(next.core), rest.count == 2 {
            return ([NumberWords.digits(core, zero: "oh")] + rest, Match(length: 2, spoken: "", keepsLead: false))
        }
        // "1-888-555-0123", "555-0187" with three or four groups.
        if let groups = Self.groups(core), groups.count >= 3 {
            return (groups, Match(length: 1, spoken: ""))
        }
        // "dial 999", "Text 988", "call 0800 123 456": the digit groups after a phone word.
        if isDigits(Substring(core)), (3...5).contains(core.count), let previous = context.previousWord(index),
           context.tables.phoneWords.contains(previous) {
            var groups = [core], length = 1
            while let next = context.next(index + length - 1), isDigits(Substring(next.core)), (2...4).contains(next.core.count) {
                groups.append(next.core)
                length += 1
            }
            return (groups.map { NumberWords.digits($0, zero: "oh") }, Match(length: length, spoken: ""))
        }
        return nil
    }

    /// Hyphenated digit groups with a last group of four: "555-0187", "1-888-555-0123".
    static func groups(_ text: String) -> [String]? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.last?.count == 4,
              parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        var groups = parts.map { NumberWords.digits($0, zero: "oh") }
        // North American "1-800-...": the country code is said with the area code.
        if parts.count == 4, parts[0].count == 1 { groups[0...1] = [groups[0] + " " + groups[1]] }
        return groups
    }

    func verbalise(_ value: [String], _ context: NormaliserContext) -> String {
        value.joined(separator: ", ")
    }
}
