/// Dates, with the ordinal day in the genitive: "17 листопада 2023 року" (сімнадцятого
/// листопада дві тисячі двадцять третього року), "1-5 грудня", "17.11.2023", "2023-11-17".
/// After a preposition that asks for the accusative ("на 17 листопада") the day is in it.
struct UkrainianDateClass: SemioticClass {
    struct Value {
        var day: Int
        var lastDay: Int?
        /// Nil for the first day of two: "з 1 по 5 грудня", "1 і 2 грудня".
        var month: String?
        var year: Int?
        var start: Int
    }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let tables = context.tables
        let token = context.tokens[index]
        if let (day, month, year) = Self.numeric(token.core), let name = tables.monthGenitives[month] {
            var length = 1
            var consumes = false
            if token.trail.isEmpty, let noun = context.token(index + 1), Self.isYearWord(noun) {
                length = 2
                consumes = noun.dotted != noun.core
            }
            return (Value(day: day, month: name, year: year, start: index), Match(length: length, spoken: "", consumesPeriod: consumes))
        }
        // The first day of two ("з 1 по 5 грудня", "1 і 2 грудня"), or of a span to a word
        // ("з 5 до кінця листопада"): a month two words on, and no range in the second place.
        if let month = context.token(index + 3), tables.monthNumbers[month.core.lowercased()] != nil,
           let (day, lastDay) = DateClass.days(token.core), lastDay == nil, let link = context.next(index),
           ["по", "до", "і", "й", "та", "–", "—", "-"].contains(link.core), link.trail.isEmpty,
           let other = context.token(index + 2), other.trail.isEmpty, DateClass.days(other.core).map({ $0.1 == nil }) ?? true {
            return (Value(day: day, month: nil, start: index), Match(length: 1, spoken: ""))
        }
        guard let monthToken = context.next(index), tables.monthNumbers[monthToken.core.lowercased()] != nil,
              let (day, lastDay) = DateClass.days(token.core) else { return nil }
        var value = Value(day: day, lastDay: lastDay, month: monthToken.core.lowercased(), start: index)
        var length = 2
        var consumes = false
        if let yearToken = context.next(index + 1), let year = Int(yearToken.core), yearToken.core.count == 4 {
            value.year = year
            length = 3
            if yearToken.trail.isEmpty, let noun = context.token(index + 3), Self.isYearWord(noun) {
                length = 4
                consumes = noun.dotted != noun.core
            }
        }
        return (value, Match(length: length, spoken: "", consumesPeriod: consumes))
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let numbers = context.numbers
        let accusative = context.governingCase(before: value.start) == .accusative
        var words: String
        if let last = value.lastDay {
            words = "з \(numbers.ordinal(value.day, .neuter, .genitive)) по \(numbers.ordinal(last, .neuter, .accusative))"
        } else {
            words = numbers.ordinal(value.day, .neuter, accusative ? .accusative : .genitive)
        }
        if let month = value.month { words += " " + month }
        if let year = value.year { words += " " + numbers.ordinal(year, .masculine, .genitive) + " року" }
        return words
    }

    /// "року" or "р." after the year, said as "року" whatever was written.
    static func isYearWord(_ token: Token) -> Bool { token.core == "року" || token.dotted == "р." }

    /// "17.11.2023" and "2023-11-17".
    static func numeric(_ text: String) -> (day: Int, month: Int, year: Int)? {
        let dotted = text.split(separator: ".", omittingEmptySubsequences: false)
        if dotted.count == 3, dotted[2].count == 4, (1...2).contains(dotted[0].count), (1...2).contains(dotted[1].count),
           let day = Int(dotted[0]), let month = Int(dotted[1]), let year = Int(dotted[2]), (1...31).contains(day), (1...12).contains(month) {
            return (day, month, year)
        }
        return DateClass.iso(text).map { ($0.day, $0.month, $0.year) }
    }
}
