/// The word lists in the shapes the classes use, built once from `NormaliserData`.
struct NormaliserTables: Sendable {
    struct Currency: Sendable {
        var singular: String, plural: String, minorSingular: String, minorPlural: String
    }

    struct Unit: Sendable {
        var singular: String, plural: String
    }

    struct Abbreviation: Sendable {
        var expansion: String
        /// "title" abbreviations stand before a name and never end a sentence.
        var isTitle: Bool
    }

    let months: [String: String]
    let weekdays: Set<String>
    let currencies: [String: Currency]
    /// Currency symbols, longest first, so "US$" is tried before "$".
    let currencySymbols: [String]
    /// The first bytes of those symbols, to skip the scan for most tokens.
    let currencySymbolStarts: Set<UInt8>
    let units: [String: Unit]
    /// "sq", "cu" before a unit and "²", "³" after it, with what they say.
    let unitPowersBefore: [String: String]
    let unitPowersAfter: [String: String]
    /// Units said only after "per": "s" in "m/s".
    let perUnits: [String: Unit]
    let measureFollowers: Set<String>
    let scales: [String: String]
    let abbreviations: [String: Abbreviation]
    /// Runs of capitals: said as words or spelled.
    let capitals: CapitalsReading
    let respellings: [String: String]
    let regnalNames: Set<String>
    let royalTitles: Set<String>
    let romanCardinalContexts: Set<String>
    let timeZones: Set<String>
    let functionWords: Set<String>
    let determiners: Set<String>
    let domainWords: Set<String>
    let topLevelDomains: Set<String>
    let scoreWords: Set<String>
    let phoneWords: Set<String>
    let slashExpressions: [String: String]
    let denominators: [Int: (singular: String, plural: String)]
    let vulgarFractions: [Character: (Int, Int)]

    init(_ data: NormaliserData) {
        // Looked up as written: "Nov", "nov" and "NOV" are all keys, so no token is lowercased.
        var months: [String: String] = [:]
        for (key, month) in data.map("months", lowercasedKeys: true) {
            for form in [key, key.capitalized, key.uppercased()] { months[form] = month }
        }
        self.months = months
        weekdays = data.set("weekdays")
        var currencies: [String: Currency] = [:]
        for (key, row) in data.rows("currencies") where row.count >= 4 {
            currencies[key] = Currency(singular: row[0], plural: row[1], minorSingular: row[2], minorPlural: row[3])
        }
        self.currencies = currencies
        currencySymbols = currencies.keys.filter { !$0.allSatisfy(\.isLetter) }.sorted { $0.count > $1.count }
        currencySymbolStarts = Set(currencySymbols.compactMap(\.utf8.first))
        var units: [String: Unit] = [:]
        for (key, row) in data.rows("units") where row.count >= 2 { units[key] = Unit(singular: row[0], plural: row[1]) }
        self.units = units
        var before: [String: String] = [:], after: [String: String] = [:], per: [String: Unit] = [:]
        for (key, row) in data.rows("unit_powers") where row.count >= 2 {
            switch row[1] {
            case "before": before[key] = row[0]
            case "per": per[key] = Unit(singular: row[0], plural: row[0])
            default: after[key] = row[0]
            }
        }
        perUnits = per
        unitPowersBefore = before
        unitPowersAfter = after
        measureFollowers = data.set("measure_followers", lowercased: true)
        scales = data.map("scales")
        var abbreviations: [String: Abbreviation] = [:]
        for (key, row) in data.rows("abbreviations") where !row.isEmpty {
            abbreviations[key] = Abbreviation(expansion: row[0], isTitle: row.count > 1 && row[1] == "title")
        }
        self.abbreviations = abbreviations
        capitals = CapitalsReading(data)
        respellings = data.map("respellings")
        regnalNames = data.set("regnal_names")
        royalTitles = data.set("royal_titles", lowercased: true)
        romanCardinalContexts = data.set("roman_cardinal_contexts", lowercased: true)
        timeZones = data.set("time_zones")
        functionWords = data.set("function_words", lowercased: true)
        determiners = data.set("determiners", lowercased: true)
        domainWords = data.set("domain_words", lowercased: true)
        topLevelDomains = data.set("top_level_domains", lowercased: true)
        scoreWords = data.set("score_words", lowercased: true)
        phoneWords = data.set("phone_words", lowercased: true)
        slashExpressions = data.map("slash_expressions", lowercasedKeys: true)
        var denominators: [Int: (String, String)] = [:]
        for (key, row) in data.rows("fractions") where row.count >= 2 {
            if let value = Int(key) { denominators[value] = (row[0], row[1]) }
        }
        self.denominators = denominators
        var vulgar: [Character: (Int, Int)] = [:]
        for (key, row) in data.rows("vulgar_fractions") where row.count >= 2 {
            if let character = key.first, let numerator = Int(row[0]), let denominator = Int(row[1]) {
                vulgar[character] = (numerator, denominator)
            }
        }
        vulgarFractions = vulgar
    }

    /// A unit as written: one from the table ("km"), a power of one ("km²", "m3"), or one per
    /// another ("m/s", "kg/m³").
    func unit(_ written: some StringProtocol) -> Unit? {
        if let unit = units[String(written)] { return unit }
        if let last = written.last, let power = unitPowersAfter[String(last)], written.count > 1,
           let base = units[String(written.dropLast())] {
            return Unit(singular: "\(power) \(base.singular)", plural: "\(power) \(base.plural)")
        }
        let parts = written.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let top = unit(parts[0]), let bottom = unit(parts[1]) ?? perUnits[String(parts[1])] {
            return Unit(singular: "\(top.singular) per \(bottom.singular)", plural: "\(top.plural) per \(bottom.singular)")
        }
        return nil
    }

    /// "mfa" -> "M.F.A.", "un" -> "U N": letters said one by one. espeak-ng reads a lone
    /// capital A as the article, so a group with an A is dotted, and a lone A is "eh".
    static func spell(_ letters: some StringProtocol) -> String {
        let upper = letters.uppercased()
        if upper == "A" { return "eh" }
        if upper.utf8.contains(UInt8(ascii: "A")) { return upper.map { "\($0)." }.joined() }
        return upper.map(String.init).joined(separator: " ")
    }
}

/// A number or a range of numbers, as a class reads it before its unit. Parsing only checks
/// the form; the words are made when a class asks for them, since several classes try each
/// token and most of them let it go.
struct Quantity {
    /// One number, or the two ends of a range, as written.
    private let numbers: [(negative: Bool, body: Substring)]

    var words: String {
        numbers.map { number in
            let words = number.body.utf8.contains(0x2E) ? NumberWords.decimal(number.body)
                : NumberWords.cardinal(digits: number.body.filter { $0 != "," })
            return (number.negative ? "minus " : "") + words
        }.joined(separator: " to ")
    }

    /// Exactly one, so the unit is singular.
    var isOne: Bool { numbers.count == 1 && !numbers[0].negative && numbers[0].body == "1" }

    /// "12", "3,200", "4.5", "-12", "20-25", "2.5–3".
    static func parse(_ text: some StringProtocol) -> Quantity? {
        if let number = parseNumber(text) { return number }
        for separator in ["-", "–"] {
            let parts = text.split(separator: Character(separator), omittingEmptySubsequences: false)
            if parts.count == 2, let low = parseNumber(parts[0]), let high = parseNumber(parts[1]) {
                return Quantity(numbers: low.numbers + high.numbers)
            }
        }
        return nil
    }

    static func parseNumber(_ text: some StringProtocol) -> Quantity? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "−" {
            negative = true
            body = body.dropFirst()
        }
        // Checked on bytes: this runs on every token with a digit.
        let utf8 = body.utf8
        guard let first = utf8.first, let last = utf8.last, (0x30...0x39).contains(first), (0x30...0x39).contains(last),
              utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2C || $0 == 0x2E }),
              utf8.lazy.filter({ $0 == 0x2E }).count <= 1 else { return nil }
        let whole = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        if whole.utf8.contains(UInt8(ascii: ",")) {
            // Thousands separators must group by three.
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        return Quantity(numbers: [(negative, body)])
    }
}
