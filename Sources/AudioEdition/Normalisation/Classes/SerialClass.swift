/// Designators and model numbers: "F-16", "Su-34", "MiG-31", "M777", "Tu-22M3", "H1N1", "4G",
/// "Lancet-3", "A350", and a number after a name: "Boeing 787", "Resolution 2254".
struct SerialClass: SemioticClass {
    enum Part { case letters(String), digits(String), word(String) }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: [Part], match: Match)? {
        let token = context.tokens[index]
        let core = token.core
        if core.allSatisfy({ $0.isASCII && $0.isNumber }), (3...4).contains(core.count), let previous = context.token(index - 1),
           previous.trail.isEmpty, previous.startsUppercase, !context.tables.functionWords.contains(previous.core.lowercased()),
           !context.tables.months.keys.contains(previous.core), !previous.isAllCaps || previous.core.count > 1 {
            return ([.digits(core)], Match(length: 1, spoken: ""))
        }
        guard core.contains(where: { $0.isASCII && $0.isNumber }), core.contains(where: \.isLetter),
              core.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }) else { return nil }
        var parts: [Part] = []
        for chunk in core.split(separator: "-") {
            var current = ""
            var currentIsDigit = false
            func flush() {
                guard !current.isEmpty else { return }
                if currentIsDigit {
                    parts.append(.digits(current))
                } else if let respelling = context.tables.respellings[current] {
                    parts.append(.word(respelling))
                } else if current.count >= 3, current.dropFirst().allSatisfy(\.isLowercase) {
                    parts.append(.word(current))
                } else if current.allSatisfy(\.isUppercase), context.tables.capitals.isWord(current) {
                    parts.append(.word(current))
                } else {
                    parts.append(.letters(current))
                }
                current = ""
            }
            for character in chunk {
                let isDigit = character.isNumber
                if !current.isEmpty, isDigit != currentIsDigit { flush() }
                currentIsDigit = isDigit
                current.append(character)
            }
            flush()
        }
        // "F-16s": the plural of the last number.
        if parts.count >= 2, case .letters("s") = parts[parts.count - 1], case let .digits(digits) = parts[parts.count - 2] {
            parts.removeLast(2)
            parts.append(.word(NumberWords.plural(of: NumberWords.designator(digits))))
        }
        // Two words joined by a hyphen are a compound, not a designator.
        guard core.contains(where: { $0.isASCII && $0.isNumber }) else { return nil }
        return (parts, Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: [Part], _ context: NormaliserContext) -> String {
        value.map { part in
            switch part {
            case let .digits(digits): NumberWords.designator(digits)
            case let .letters(letters): NormaliserTables.spell(letters)
            case let .word(word): word
            }
        }.joined(separator: " ")
    }
}
