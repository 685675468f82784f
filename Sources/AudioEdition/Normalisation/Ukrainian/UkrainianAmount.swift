/// A number as Ukrainian copy writes it, with the scale and unit that follow it: "10 000",
/// "2,5", "−3", "5%", "$100", "₴1,5 млрд", "5 млн грн", "20 °C". The money, measure,
/// percent and cardinal classes read one and keep those of their kind.
struct UkrainianAmount {
    /// The first token's index.
    var start: Int
    var negative = false
    /// Written with a plus: "+15 °C".
    var positive = false
    var whole: Int
    var fraction: Substring?
    /// тисяча, мільйон, мільярд: from "тис.", "млн", or the word itself.
    var scale: UkrainianNoun?
    var unit: UkrainianUnit?
    /// Tokens read, from the first.
    var length: Int
    /// Whether the last token read was an abbreviation that took its period ("тис.").
    var consumesPeriod = false
    /// The written word that tells the case and gender, when no unit does: the scale's word
    /// ("мільйонів") or the noun after the amount ("людей"), by token index.
    var agreeing: Int?

    var count: CountForm { fraction != nil ? .fraction : CountForm(whole) }

    /// Reads the amount that starts at `index` (whose core may be given, for one side of a
    /// range), or nil.
    static func read(_ context: UkrainianContext, at index: Int, core: Substring? = nil) -> UkrainianAmount? {
        let tables = context.tables
        var text = core ?? Substring(context.tokens[index].core)
        var unit: UkrainianUnit?
        // A currency symbol before the digits: "$100", "₴500", "€2,5".
        if let symbol = text.first, !symbol.isNumber, let found = tables.units[String(symbol)], found.kind == .money {
            unit = found
            text = text.dropFirst()
        }
        var negative = false, positive = false
        if unit == nil, let sign = text.first, sign == "-" || sign == "−" || sign == "–" || sign == "+" {
            (negative, positive) = (sign != "+", sign == "+")
            text = text.dropFirst()
        }
        guard let (digits, fraction, rest) = number(text) else { return nil }
        var wholeDigits = String(digits)
        var length = 1
        // Groups of three after a space: "10 000", "1 250 000".
        if fraction == nil, rest.isEmpty, unit == nil || digits.count <= 3, digits.count <= 3 {
            while let next = context.next(index + length - 1), next.lead.isEmpty, next.core.count == 3,
                  next.core.allSatisfy({ $0.isASCII && $0.isNumber }) {
                wholeDigits += next.core
                length += 1
            }
        }
        guard let whole = Int(wholeDigits) else { return nil }
        var amount = UkrainianAmount(start: index, negative: negative, positive: positive, whole: whole, fraction: fraction, length: length)
        if !rest.isEmpty {
            // Glued to the digits: "5%", "20°C", "100₴"; anything else is not an amount.
            guard unit == nil, let found = tables.units[String(rest)], found.kind != .scale else { return nil }
            amount.unit = found
            return amount
        }
        var last = index + length - 1
        // A scale: "5 млн", "2,5 тис.", "3 мільйони".
        if let next = context.next(last) {
            if let found = tables.units[next.dotted] ?? tables.units[next.core], found.kind == .scale {
                amount.scale = found.noun
                amount.consumesPeriod = tables.units[next.dotted] != nil && next.dotted != next.core
                last += 1
            } else if let reading = context.readings(at: last + 1).first(where: { ["тисяча", "мільйон", "мільярд", "трильйон"].contains($0.noun.lemma) }) {
                amount.scale = reading.noun
                amount.agreeing = last + 1
                last += 1
            }
        }
        // A unit after it: "100 грн", "5 млн доларів" is a scale then a plain word.
        if unit == nil, let next = amount.consumesPeriod ? context.token(last + 1) : context.next(last),
           let found = tables.units[next.core] ?? tables.units[next.dotted], found.kind != .scale {
            unit = found
            amount.consumesPeriod = tables.units[next.core] == nil
            last += 1
        }
        amount.unit = unit
        amount.length = last - index + 1
        if unit == nil, amount.agreeing == nil, amount.scale == nil, let next = context.next(last) {
            // The first number of a range agrees with the second's noun: "з 9 до 18 години"
            // (з дев'ятої до вісімнадцятої години), "від 2 до 4 людей".
            let second = context.token(last + 2)
            let linksRange = Self.rangeLinks.contains(next.core) && next.trail.isEmpty && second?.core.first?.isNumber == true
            amount.agreeing = linksRange && second?.trail.isEmpty == true ? last + 3 : last + 1
        }
        return amount
    }

    /// The digits at the start of `text`, the decimal part after a comma, and what follows:
    /// "2,5%" is ("2", "5", "%").
    static func number(_ text: Substring) -> (digits: Substring, fraction: Substring?, rest: Substring)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        let rest = text.dropFirst(digits.count)
        guard rest.first == ",", let after = rest.dropFirst().first, after.isASCII, after.isNumber else { return (digits, nil, rest) }
        let part = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
        return (digits, part, rest.dropFirst(part.count + 1))
    }

    /// Words between the ends of a range.
    static let rangeLinks: Set<String> = ["до", "по", "–", "—", "-", "і", "й", "та", "або", "чи"]

    /// The case and gender the amount is said in: from the unit, the scale or the noun after
    /// it, and the preposition before it.
    func agreement(_ context: UkrainianContext) -> UkrainianContext.Agreement {
        if let agreeing { return context.agreement(count: count, noun: agreeing, start: start) }
        let governed = context.governingCase(before: start)
        let grammaticalCase = governed == .locative ? .nominative : governed ?? .nominative
        return .init(grammaticalCase: grammaticalCase, gender: scale?.gender ?? unit?.noun.gender ?? .masculine)
    }

    /// The words: "п'ять мільйонів гривень", "дві цілих п'ять десятих відсотка", "двадцять
    /// один відсоток", "дванадцять гривень п'ятдесят копійок", or an ordinal when the noun asks
    /// for one ("на четвертому місці").
    func spoken(_ context: UkrainianContext) -> String {
        let agreement = agreement(context)
        let (grammaticalCase, gender) = (agreement.grammaticalCase, agreement.gender)
        let numbers = context.numbers
        if agreement.ordinal, scale == nil, unit == nil, fraction == nil, !negative, !positive {
            return numbers.ordinal(whole, .init(gender), grammaticalCase)
        }
        var words: [String] = negative ? ["мінус"] : positive ? ["плюс"] : []
        // "12,50 грн": hryvnias and kopecks, as a price is said.
        if let unit, let minor = unit.minor, scale == nil, let fraction, fraction.count == 2, let hundredths = Int(fraction) {
            if whole > 0 || hundredths == 0 {
                words += [numbers.cardinal(whole, unit.noun.gender, grammaticalCase), unit.noun.counted(CountForm(whole), in: grammaticalCase)]
            }
            if hundredths > 0 {
                words += [numbers.cardinal(hundredths, minor.gender, grammaticalCase), minor.counted(CountForm(hundredths), in: grammaticalCase)]
            }
            return words.joined(separator: " ")
        }
        if let fraction {
            words.append(numbers.decimal(whole: whole, fraction: fraction, grammaticalCase))
        } else {
            words.append(numbers.cardinal(whole, scale?.gender ?? gender, grammaticalCase))
        }
        if let scale { words.append(scale.counted(count, in: grammaticalCase)) }
        if let unit {
            words.append(scale != nil ? unit.noun.plural[GrammaticalCase.genitive.rawValue] : unit.noun.counted(count, in: grammaticalCase))
            if !unit.tail.isEmpty { words.append(unit.tail) }
        }
        return words.joined(separator: " ")
    }

    var match: Match { Match(length: length, spoken: "", consumesPeriod: consumesPeriod) }
}
