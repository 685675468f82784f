/// The six cases a Ukrainian number and its noun agree in (the vocative never carries one).
enum GrammaticalCase: Int, CaseIterable, Sendable {
    case nominative, genitive, dative, accusative, instrumental, locative

    init?(code: String) {
        switch code {
        case "nom": self = .nominative
        case "gen": self = .genitive
        case "dat": self = .dative
        case "acc": self = .accusative
        case "ins": self = .instrumental
        case "loc": self = .locative
        default: return nil
        }
    }
}

enum Gender: String, Sendable {
    case masculine = "m", feminine = "f", neuter = "n"
}

/// Which form of a noun a count takes: 1, 21 (одна гривня); 2–4, 22 (дві гривні); 5–20, 25
/// (п'ять гривень); a decimal (дві цілих п'ять десятих гривні).
enum CountForm: Sendable {
    case one, few, many, fraction

    init(_ count: Int) {
        let (last, lastTwo) = (count % 10, count % 100)
        self = last == 1 && lastTwo != 11 ? .one : (2...4).contains(last) && !(12...14).contains(lastTwo) ? .few : .many
    }
}

/// A noun from `nouns.tsv`, with every form a number can ask of it.
struct UkrainianNoun: Sendable {
    let lemma: String
    let gender: Gender
    let singular: [String]
    let plural: [String]
    /// After 2, 3 and 4 in the nominative: the nominative plural, but людини, not люди.
    let paucal: String

    /// The form after a count in a case: "одна гривня", "дві гривні", "п'ять гривень",
    /// "двом гривням", "двох цілих п'яти десятих гривні".
    func counted(_ form: CountForm, in grammaticalCase: GrammaticalCase) -> String {
        let index = grammaticalCase.rawValue
        switch form {
        case .fraction: return singular[GrammaticalCase.genitive.rawValue]
        case .one: return singular[index]
        case .few: return grammaticalCase == .nominative || grammaticalCase == .accusative ? paucal : plural[index]
        case .many: return grammaticalCase == .nominative || grammaticalCase == .accusative ? plural[GrammaticalCase.genitive.rawValue] : plural[index]
        }
    }

    /// What one written form of this noun can be.
    struct Reading: Sendable {
        let noun: UkrainianNoun
        let plural: Bool
        let grammaticalCase: GrammaticalCase
        /// The form after 2–4 (дві людини), which is also a plural nominative.
        let paucal: Bool
    }
}

/// An abbreviation or symbol said as a noun after a number ("км", "₴", "%", "млн").
struct UkrainianUnit: Sendable {
    enum Kind: String, Sendable { case money, measure, percent, scale }

    let noun: UkrainianNoun
    let kind: Kind
    /// Said after the noun: "за Цельсієм", "на годину".
    let tail: String
    /// A currency's hundredth (копійка, цент), for amounts with two decimals.
    let minor: UkrainianNoun?
}

/// The Ukrainian word lists, from `Resources/uk/*.tsv`, in the shapes the classes use.
struct UkrainianTables: Sendable {
    struct Abbreviation: Sendable {
        var expansion: String
        var isTitle: Bool
    }

    let cardinals: [String: [String]]
    let ordinalStems: [Int: (stem: String, soft: Bool)]
    /// "hard m" to the six endings.
    let ordinalEndings: [String: [String]]
    /// Genitive month names (листопада) to their number, and back.
    let monthNumbers: [String: Int]
    let monthGenitives: [Int: String]
    let prepositions: [String: GrammaticalCase]
    let nouns: [String: UkrainianNoun]
    /// Every written form of every noun, lowercased, to what it can be.
    let readings: [String: [UkrainianNoun.Reading]]
    let units: [String: UkrainianUnit]
    let abbreviations: [String: Abbreviation]
    /// The first word of the abbreviations written as two ("т." of "т. зв.").
    let abbreviationStarts: Set<String>
    /// Abbreviations said another way before a number: "ст. 111" (стаття).
    let numberedAbbreviations: [String: String]
    /// Words after an hour that make it one: "о 5 ранку", "до 11 вечора".
    let partsOfDay: Set<String>

    init(_ data: NormaliserData) {
        cardinals = data.rows("cardinals").filter { $0.value.count == 6 }
        var stems: [Int: (String, Bool)] = [:]
        for (key, row) in data.rows("ordinals") where !row.isEmpty {
            if let value = Int(key) { stems[value] = (row[0], row.count > 1 && row[1] == "soft") }
        }
        ordinalStems = stems
        ordinalEndings = data.rows("ordinal_endings").filter { $0.value.count == 6 }
        var numbers: [String: Int] = [:], genitives: [Int: String] = [:]
        for (key, row) in data.rows("months") where !row.isEmpty {
            guard let number = Int(key) else { continue }
            numbers[row[0]] = number
            genitives[number] = row[0]
        }
        (monthNumbers, monthGenitives) = (numbers, genitives)
        var prepositions: [String: GrammaticalCase] = [:]
        for (key, code) in data.map("prepositions") { prepositions[key] = GrammaticalCase(code: code) }
        self.prepositions = prepositions
        var nouns: [String: UkrainianNoun] = [:], readings: [String: [UkrainianNoun.Reading]] = [:]
        for (lemma, row) in data.rows("nouns") where row.count >= 13 {
            guard let gender = Gender(rawValue: row[0]) else { continue }
            let noun = UkrainianNoun(lemma: lemma, gender: gender, singular: Array(row[1...6]), plural: Array(row[7...12]),
                                     paucal: row.count > 13 && !row[13].isEmpty ? row[13] : row[7])
            nouns[lemma] = noun
            for grammaticalCase in GrammaticalCase.allCases {
                readings[noun.singular[grammaticalCase.rawValue], default: []]
                    .append(.init(noun: noun, plural: false, grammaticalCase: grammaticalCase, paucal: false))
                readings[noun.plural[grammaticalCase.rawValue], default: []]
                    .append(.init(noun: noun, plural: true, grammaticalCase: grammaticalCase, paucal: false))
            }
            if noun.paucal != noun.plural[0] {
                readings[noun.paucal, default: []].append(.init(noun: noun, plural: true, grammaticalCase: .nominative, paucal: true))
            }
        }
        (self.nouns, self.readings) = (nouns, readings)
        var units: [String: UkrainianUnit] = [:]
        let minor = data.map("minor_units")
        for (key, row) in data.rows("units") where row.count >= 2 {
            guard let noun = nouns[row[0]], let kind = UkrainianUnit.Kind(rawValue: row[1]) else { continue }
            units[key] = UkrainianUnit(noun: noun, kind: kind, tail: row.count > 2 ? row[2] : "", minor: minor[row[0]].flatMap { nouns[$0] })
        }
        self.units = units
        var abbreviations: [String: Abbreviation] = [:]
        for (key, row) in data.rows("abbreviations") where !row.isEmpty {
            abbreviations[key] = Abbreviation(expansion: row[0], isTitle: row.count > 1 && row[1] == "title")
        }
        self.abbreviations = abbreviations
        partsOfDay = data.set("parts_of_day")
        numberedAbbreviations = data.map("numbered_abbreviations")
        abbreviationStarts = Set(abbreviations.keys.compactMap { $0.split(separator: " ").count == 2 ? String($0.split(separator: " ")[0]) : nil })
    }
}
