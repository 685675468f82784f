/// The tokens of Ukrainian text being normalised, and the tables, for its classes to look at.
struct UkrainianContext {
    let tokens: [Token]
    let tables: UkrainianTables
    let numbers: UkrainianNumbers
    private let memo = Memo()

    /// The last amount read: the money, percent, measure and cardinal classes each ask for
    /// the one at the same token in turn.
    private final class Memo {
        var index = -1
        var amount: UkrainianAmount?
    }

    init(tokens: [Token], tables: UkrainianTables, numbers: UkrainianNumbers) {
        (self.tokens, self.tables, self.numbers) = (tokens, tables, numbers)
    }

    /// The amount that starts at `index` (`UkrainianAmount.read`), read once.
    func amount(at index: Int) -> UkrainianAmount? {
        if memo.index != index { (memo.index, memo.amount) = (index, UkrainianAmount.read(self, at: index)) }
        return memo.amount
    }

    func token(_ index: Int) -> Token? { tokens.indices.contains(index) ? tokens[index] : nil }

    /// The token after `index`, when no clause punctuation stands between.
    func next(_ index: Int) -> Token? {
        guard let current = token(index), current.trail.isEmpty else { return nil }
        return token(index + 1)
    }

    /// The case the preposition right before `index` asks of a number ("до 5" is a genitive).
    func governingCase(before index: Int) -> GrammaticalCase? {
        guard let before = token(index - 1), before.trail.isEmpty else { return nil }
        return tables.prepositions[before.core.lowercased()]
    }

    /// What the written word at `index` can be, as a noun a number agrees with.
    func readings(at index: Int) -> [UkrainianNoun.Reading] {
        guard let word = token(index), word.isPlainWord else { return [] }
        return tables.readings[word.core.lowercased()] ?? []
    }

    /// How a number agrees with its noun: case and gender, and whether the noun makes it an
    /// ordinal ("на 4 місці", "до 17 години": a singular noun no count of that size takes).
    struct Agreement {
        var grammaticalCase: GrammaticalCase
        var gender: Gender
        var ordinal = false
    }

    /// The case and gender a number takes from the noun after it (or after one adjective
    /// before the noun) and the preposition before it: "21 людина" (feminine nominative), "у 5
    /// областях" (locative), "до 10 років" (genitive, from "до", since "років" after 10 is also
    /// what a nominative asks).
    func agreement(count: CountForm, noun nounIndex: Int?, start: Int) -> Agreement {
        let governed = governingCase(before: start)
        var nounIndex = nounIndex
        if let index = nounIndex, readings(at: index).isEmpty, token(index)?.isLowercaseWord == true, token(index)?.trail.isEmpty == true,
           !readings(at: index + 1).isEmpty {
            nounIndex = index + 1
        }
        // "о 5 ранку", "з 1 до 3 ночі": the hour, a feminine ordinal (година).
        if let index = nounIndex, let word = token(index), tables.partsOfDay.contains(word.core.lowercased()) {
            return Agreement(grammaticalCase: governed ?? .nominative, gender: .feminine, ordinal: true)
        }
        let readings = nounIndex.map(self.readings(at:)) ?? []
        let fitting = readings.filter { reading in
            switch count {
            case .fraction: !reading.plural && reading.grammaticalCase == .genitive
            case .one: !reading.plural
            case .few: reading.plural
            case .many: reading.plural && ![.nominative, .accusative].contains(reading.grammaticalCase)
            }
        }
        guard let first = fitting.first else {
            if count != .one, count != .fraction, let singular = readings.first(where: { !$0.plural }) {
                let reading = readings.first { !$0.plural && $0.grammaticalCase == governed } ?? singular
                return Agreement(grammaticalCase: reading.grammaticalCase, gender: reading.noun.gender, ordinal: true)
            }
            // A known noun in a form no count takes, or an unknown word: the case from a
            // plural ending or the preposition, the gender from the noun or a singular ending.
            let word = nounIndex.flatMap(token)?.core.lowercased() ?? ""
            let fromEnding: GrammaticalCase? = if word.hasSuffix("ах") || word.hasSuffix("ях") { .locative }
                else if word.hasSuffix("ами") || word.hasSuffix("ями") || word.hasSuffix("ми") { .instrumental }
                else if word.hasSuffix("ам") || word.hasSuffix("ям") { .dative }
                else if word.hasSuffix("их"), governed == .locative { .locative }
                else { nil }
            let grammaticalCase = fromEnding ?? governed.flatMap { [.genitive, .accusative].contains($0) ? $0 : nil } ?? .nominative
            let gender = readings.first?.noun.gender ?? (count == .one ? Self.guessGender(word) : .masculine)
            return Agreement(grammaticalCase: grammaticalCase, gender: gender)
        }
        let gender = first.noun.gender
        // A nominative or accusative count takes the paucal or the genitive plural: the
        // preposition decides between them and a real genitive.
        let direct: (UkrainianNoun.Reading) -> Bool = { reading in
            switch count {
            case .few: reading.paucal || reading.grammaticalCase == .nominative
            case .many, .fraction: reading.grammaticalCase == .genitive
            case .one: reading.grammaticalCase == .nominative
            }
        }
        if let governed, fitting.contains(where: { $0.grammaticalCase == governed }) { return Agreement(grammaticalCase: governed, gender: gender) }
        if fitting.contains(where: direct) {
            if let governed, governed == .accusative || governed == .genitive { return Agreement(grammaticalCase: governed, gender: gender) }
            return Agreement(grammaticalCase: .nominative, gender: gender)
        }
        return Agreement(grammaticalCase: first.grammaticalCase, gender: gender)
    }

    /// A word's gender from its ending, for words not in the tables.
    static func guessGender(_ word: String) -> Gender {
        guard let last = word.last else { return .masculine }
        if "ая".contains(last) { return .feminine }
        if "оеє".contains(last) { return .neuter }
        return .masculine
    }
}

/// Ukrainian text normalisation, on the English normaliser's plan: tokenise, tag each token's
/// class (first match in `classes` wins), verbalise it, and pass anything else through.
/// Numbers agree with their nouns in case, gender and number.
public struct UkrainianNormaliser: TextNormaliser {
    let tables: UkrainianTables
    let numbers: UkrainianNumbers

    /// Class precedence, decided here and only here.
    let classes: [any SemioticClass<UkrainianContext>] = [
        UkrainianTelephoneClass(), UkrainianDateClass(), UkrainianTimeClass(), UkrainianYearClass(), UkrainianOrdinalClass(), UkrainianCompoundClass(), UkrainianFractionClass(),
        UkrainianRangeClass(), UkrainianRomanClass(),
        UkrainianMoneyClass(), UkrainianPercentClass(), UkrainianMeasureClass(), UkrainianCardinalClass(), UkrainianAbbreviationClass(),
    ]

    public init(data: NormaliserData = .bundled("uk")) {
        tables = UkrainianTables(data)
        numbers = UkrainianNumbers(tables: tables)
    }

    /// A period a class read ("р.", "тис.") ends the sentence only before a capital or an
    /// opening mark: "у 2022 р. Україна".
    public func normalise(_ text: String) -> NormalisedText {
        let tokens = Token.tokenise(text)
        let context = UkrainianContext(tokens: tokens, tables: tables, numbers: numbers)
        return NormalisedText.reading(tokens, skip: { token in
            token.isLowercaseWord && tables.abbreviations[token.dotted] == nil && !tables.abbreviationStarts.contains(token.dotted)
                && tables.numberedAbbreviations[token.dotted] == nil
        }, match: { firstMatch(context, at: $0) }, startsSentence: { $0.startsUppercase || !$0.lead.isEmpty })
    }

    private func firstMatch(_ context: UkrainianContext, at index: Int) -> Match? {
        let token = context.tokens[index]
        for semioticClass in classes where token.hasDigit || !semioticClass.needsDigit {
            if let match = semioticClass.match(context, at: index) { return match }
        }
        return nil
    }
}
