/// Ukrainian number words in any case and gender, from the tables: cardinals ("двадцять
/// одна", "двох тисяч"), ordinals ("дві тисячі двадцять третього"), and decimals ("дві цілих
/// п'ять десятих").
struct UkrainianNumbers: Sendable {
    let tables: UkrainianTables

    /// Ordinal endings by gender; a plural ordinal ("дев'яностих") has its own.
    enum OrdinalForm: String, Sendable {
        case masculine = "m", feminine = "f", neuter = "n", plural = "pl"

        init(_ gender: Gender) { self = OrdinalForm(rawValue: gender.rawValue) ?? .masculine }
    }

    private static let scales: [(value: Int, lemma: String)] = [
        (1_000_000_000_000, "трильйон"), (1_000_000_000, "мільярд"), (1_000_000, "мільйон"), (1000, "тисяча"),
    ]

    /// A whole number said in a case, agreeing in gender with its noun. Numbers past the
    /// trillions are read digit by digit.
    func cardinal(_ number: Int, _ gender: Gender = .masculine, _ grammaticalCase: GrammaticalCase = .nominative) -> String {
        guard number >= 0, number < 1_000_000_000_000_000 else {
            return String(number).compactMap(\.wholeNumberValue).map { cardinal($0) }.joined(separator: " ")
        }
        if number == 0 { return word("0", grammaticalCase) }
        var words: [String] = []
        var rest = number
        for scale in Self.scales where rest >= scale.value {
            guard let noun = tables.nouns[scale.lemma] else { continue }
            let count = rest / scale.value
            rest %= scale.value
            // "тисяча", "мільйон": a lone one is not said.
            if count != 1 { words.append(belowThousand(count, noun.gender, grammaticalCase)) }
            words.append(noun.counted(CountForm(count), in: grammaticalCase))
        }
        if rest > 0 { words.append(belowThousand(rest, gender, grammaticalCase)) }
        return words.joined(separator: " ")
    }

    private func belowThousand(_ number: Int, _ gender: Gender, _ grammaticalCase: GrammaticalCase) -> String {
        var words: [String] = []
        let (hundreds, tens) = (number / 100 * 100, number % 100)
        if hundreds > 0 { words.append(word(String(hundreds), grammaticalCase)) }
        if tens >= 10 && tens < 20 || tens % 10 == 0 {
            if tens > 0 { words.append(word(String(tens), grammaticalCase)) }
        } else {
            if tens >= 20 { words.append(word(String(tens / 10 * 10), grammaticalCase)) }
            let unit = tens % 10
            let gendered = unit <= 2 && gender != .masculine ? "\(unit)\(gender.rawValue)" : String(unit)
            words.append(word(tables.cardinals[gendered] == nil ? String(unit) : gendered, grammaticalCase))
        }
        return words.joined(separator: " ")
    }

    private func word(_ key: String, _ grammaticalCase: GrammaticalCase) -> String {
        tables.cardinals[key]?[grammaticalCase.rawValue] ?? key
    }

    /// An ordinal: every word but the last is a nominative cardinal ("дві тисячі двадцять
    /// третього"); a round thousand is one word ("двохтисячний").
    func ordinal(_ number: Int, _ form: OrdinalForm = .masculine, _ grammaticalCase: GrammaticalCase = .nominative) -> String {
        guard number >= 0, number < 1_000_000_000_000 else { return cardinal(number) }
        func adjective(_ value: Int, prefix: String = "") -> String {
            guard let (stem, soft) = tables.ordinalStems[value],
                  let endings = tables.ordinalEndings["\(soft ? "soft" : "hard") \(form.rawValue)"] else { return cardinal(value) }
            return prefix + stem + endings[grammaticalCase.rawValue]
        }
        if number == 0 { return adjective(0) }
        for (value, _) in Self.scales.dropFirst() where number % value == 0 {
            // 2000: двох + тисячн + ий; 1000: тисячний; 100 000: сто + тисячний.
            let count = number / value
            let head = count == 1 ? "" : count == 100 ? "сто" : cardinal(count, .masculine, .genitive).replacingOccurrences(of: " ", with: "")
            return adjective(value, prefix: head)
        }
        let last: Int
        if number % 100 == 0 {
            last = number % 1000
        } else if number % 100 < 20 || number % 10 == 0 {
            last = number % 100
        } else {
            last = number % 10
        }
        let head = number - last
        return (head > 0 ? cardinal(head) + " " : "") + adjective(last)
    }

    /// A decimal, with the comma Ukrainian writes: "2,5" is "дві цілих п'ять десятих", "на
    /// 1,5 м" "на одну цілу п'ять десятих". The fraction part is read as tenths, hundredths
    /// or thousandths, up to three digits, and digit by digit beyond. "ціла" and "десята" are
    /// feminine adjectives, declined as ordinals are.
    func decimal(whole: Int, fraction: Substring, _ grammaticalCase: GrammaticalCase = .nominative) -> String {
        func counted(_ stem: String, _ count: Int) -> String {
            let one = CountForm(count) == .one
            let direct = grammaticalCase == .nominative || grammaticalCase == .accusative
            let ending = tables.ordinalEndings[one ? "hard f" : "hard pl"]?[one || !direct ? grammaticalCase.rawValue : GrammaticalCase.genitive.rawValue] ?? ""
            return stem + ending
        }
        let wholeWords = "\(cardinal(whole, .feminine, grammaticalCase)) \(counted("ціл", whole))"
        guard fraction.count <= 3, let value = Int(fraction) else {
            return "\(cardinal(whole)) кома " + fraction.compactMap(\.wholeNumberValue).map { cardinal($0) }.joined(separator: " ")
        }
        let stem = ["десят", "сот", "тисячн"][fraction.count - 1]
        return "\(wholeWords) \(cardinal(value, .feminine, grammaticalCase)) \(counted(stem, value))"
    }
}
