/// Designators and model numbers: "F-16", "Su-34", "MiG-31", "M777", "Tu-22M3", "H1N1", "4G",
/// "Lancet-3", "A350", "F/A-18". A bare number after a name is `ModelNumberClass`'s.
struct SerialClass: SemioticClass {
    enum Part { case letters(String), digits(String), word(String) }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: [Part], match: Match)? {
        let token = context.tokens[index]
        let core = token.core
        guard core.contains(where: { $0.isASCII && $0.isNumber }), core.contains(where: \.isLetter),
              core.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "/" }) else { return nil }
        var parts: [Part] = []
        // "F/A-18": a slash joins letters as a hyphen does.
        for chunk in core.split(whereSeparator: { $0 == "-" || $0 == "/" }) {
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
