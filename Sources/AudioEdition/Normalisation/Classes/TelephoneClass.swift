/// Telephone numbers, digit by digit in their groups: "+44 20 7946 0958", "1-888-555-0123",
/// "(312) 555-0187", "1 800 555 0199", "dial 999". A toll-free 800 or 900 prefix is said as hundreds ("1-800" is
/// "one eight hundred", "0800" "zero eight hundred"), a vanity number's letters as the word
/// they spell ("1-800-FLOWERS"), and an international number's zeros as "zero".
struct TelephoneClass: SemioticClass {
    func tag(_ context: NormaliserContext, at index: Int) -> (value: [String], match: Match)? {
        let token = context.tokens[index]
        let core = token.core
        // "+44 20 7946 0958", "+44 (0)20 7946 0958", "+1-202-555-0143", "+380 (44) 123 45 67":
        // the plus, then the groups that follow; a trunk "(0)" is not dialled from abroad.
        if core.hasPrefix("+"), core.dropFirst().first?.isNumber == true, Self.isGroup(core.dropFirst()) {
            var written = String(core.dropFirst()), length = 1
            while let previous = context.token(index + length - 1), previous.trail.allSatisfy({ $0 == ")" }),
                  let next = context.token(index + length), next.lead.isEmpty || next.lead == "(",
                  Self.isGroup(next.core + (previous.trail.isEmpty ? "" : ")")) {
                written += " " + next.lead + next.core + (next.trail.hasPrefix(")") ? ")" : "")
                length += 1
            }
            let groups = written.replacingOccurrences(of: "(0)", with: " ").split { !$0.isNumber }
            guard groups.count >= 3 || (groups.count == 2 && groups.joined().count >= 8) else { return nil }
            return (["plus " + NumberWords.digits(groups[0])] + groups.dropFirst().map { NumberWords.digits($0) },
                    Match(length: length, spoken: ""))
        }
        // "1 800 555 0199", "202 555 0143": North American groups written apart.
        if let (groups, length) = Self.spacedNorthAmerican(context, at: index) {
            return (groups, Match(length: length, spoken: ""))
        }
        // "(312) 555-0187", "(800) 555-0100"
        if token.lead == "(", token.trail == ")", core.count == 3, Self.isDigits(core), let next = context.token(index + 1),
           let rest = Self.groups(next.core), rest.count == 2 {
            return ([Self.prefix(core)] + rest, Match(length: 2, spoken: "", keepsLead: false))
        }
        // "1-888-555-0123", "555-0187", "1-800-FLOWERS".
        if core.utf8.lazy.filter({ $0 == 0x2D }).count >= 2, let groups = Self.groups(core) {
            return (groups, Match(length: 1, spoken: ""))
        }
        // "dial 999", "Text 988", "call 0800 123 4567": the digit groups after a phone word.
        if Self.isDigits(core), (3...5).contains(core.count), let previous = context.previousWord(index),
           context.tables.phoneWords.contains(previous) {
            var groups = [Self.prefix(core)], length = 1
            while let next = context.next(index + length - 1), Self.isDigits(next.core), (2...4).contains(next.core.count) {
                groups.append(NumberWords.digits(next.core, zero: "oh"))
                length += 1
            }
            return (groups, Match(length: length, spoken: ""))
        }
        return nil
    }

    static func isDigits(_ text: some StringProtocol) -> Bool { !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// Digits with the marks a number is written with: "20", "(0)20", "202-555-0143", "44)".
    static func isGroup(_ text: some StringProtocol) -> Bool {
        text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } && text.utf8.count <= 16
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x28 || $0 == 0x29 || $0 == 0x2D || $0 == 0x2E }
    }

    /// "[1] 800 555 0199": an optional 1, then groups of three, three and four digits.
    static func spacedNorthAmerican(_ context: NormaliserContext, at index: Int) -> ([String], Int)? {
        let first = context.tokens[index].core
        let leading = first == "1" ? 1 : 0
        var parts: [String] = leading == 1 ? [first] : []
        var position = index + leading
        for size in [3, 3, 4] {
            let token = position == index ? context.tokens[index] : context.next(position - 1)
            guard let token, token.core.count == size, isDigits(token.core), position == index || token.lead.isEmpty else { return nil }
            parts.append(token.core)
            position += 1
        }
        var groups = [prefix(parts[leading])] + parts[(leading + 1)...].map { NumberWords.digits($0, zero: "oh") }
        if leading == 1 { groups[0] = "one " + groups[0] }
        return (groups, position - index)
    }

    /// A leading group: "800" and "0800" (toll-free) and "900" as hundreds, others digit by digit.
    static func prefix(_ group: some StringProtocol) -> String {
        let trimmed = group.hasPrefix("0") && group.count == 4 ? Substring(group).dropFirst() : Substring(group)
        if trimmed.count == 3, trimmed.hasSuffix("00"), trimmed.first == "8" || trimmed.first == "9" {
            return (trimmed.count < group.count ? "zero " : "") + NumberWords.cardinal(digits: String(trimmed))
        }
        return NumberWords.digits(group, zero: "oh")
    }

    /// Hyphenated digit groups with a last group of four ("555-0187", "1-888-555-0123"), or a
    /// toll-free prefix then letters ("1-800-FLOWERS", "1-800-GOT-JUNK").
    static func groups(_ text: String) -> [String]? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 8 }) else { return nil }
        let digitParts = parts.prefix { isDigits($0) }
        let letters = parts.dropFirst(digitParts.count)
        let northAmerican = digitParts.first == "1" && digitParts.count >= 2 && digitParts[1].count == 3
        if !letters.isEmpty {
            // Vanity: "1-800" or "1-800-555" then words in capitals.
            guard northAmerican, letters.allSatisfy({ $0.count >= 2 && $0.allSatisfy { $0.isASCII && $0.isUppercase } }) else { return nil }
        } else {
            guard parts.last?.count == 4, parts.allSatisfy({ $0.count <= 4 }) else { return nil }
        }
        var groups = digitParts.map { NumberWords.digits($0, zero: "oh") }
        // North American "1-800-...": the country code is said with the area code; "800-555-0199".
        if northAmerican {
            groups[0...1] = ["one " + prefix(digitParts[1])]
        } else if digitParts.count == 3, digitParts[0].count == 3 {
            groups[0] = prefix(digitParts[0])
        }
        if !letters.isEmpty { groups[groups.count - 1] += " " + letters.map { $0.lowercased() }.joined(separator: " ") }
        return groups
    }

    func verbalise(_ value: [String], _ context: NormaliserContext) -> String {
        value.joined(separator: ", ")
    }
}
