/// Dates: "Nov. 17", "Dec. 14, 2023", "15 July", "9 May 2023", "2023-11-17", "04/22/2024",
/// "March 12-15".
struct DateClass: SemioticClass {
    var startsOnPlainWords: Bool { true }

    struct Value {
        var month: String
        var day: Int
        var lastDay: Int?
        var year: Int?
        var dayFirst: Bool
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"]

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let tables = context.tables
        let token = context.tokens[index]
        let core = token.core
        if token.hasDigit, let value = Self.numeric(core) { return (value, Match(length: 1, spoken: "")) }

        // Month first: "Nov. 17", "November 17, 2023", "March 12-15".
        if token.startsUppercase, let month = tables.months[core], let next = context.token(index + 1),
           token.trail.isEmpty || token.trail == ".", let (day, lastDay) = Self.days(next.core) {
            var value = Value(month: month, day: day, lastDay: lastDay, year: nil, dayFirst: false)
            var length = 2
            if next.trail == ",", let after = context.token(index + 2), let year = Self.year(after.core) {
                value.year = year
                length = 3
            }
            return (value, Match(length: length, spoken: ""))
        }
        // Day first: "15 July", "9 May 2023".
        if token.hasDigit, let (day, lastDay) = Self.days(core), lastDay == nil, token.trail.isEmpty, let next = context.token(index + 1),
           next.startsUppercase, let month = tables.months[next.core] {
            var value = Value(month: month, day: day, lastDay: nil, year: nil, dayFirst: true)
            var length = 2
            if next.trail.isEmpty, let after = context.token(index + 2), let year = Self.year(after.core) {
                value.year = year
                length = 3
            }
            return (value, Match(length: length, spoken: ""))
        }
        return nil
    }

    /// "17", "12-15".
    static func days(_ text: String) -> (Int, Int?)? {
        guard let first = text.utf8.first, (0x30...0x39).contains(first), text.utf8.count <= 5 else { return nil }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isNumber) }),
              let day = Int(parts[0]), (1...31).contains(day) else { return nil }
        if parts.count == 2 {
            guard let last = Int(parts[1]), last > day, last <= 31 else { return nil }
            return (day, last)
        }
        return (day, nil)
    }

    static func year(_ text: String) -> Int? {
        guard text.count == 4, let year = Int(text), (1000...2199).contains(year) else { return nil }
        return year
    }

    /// "2023-11-17" as its year, month and day, or nil.
    static func iso(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return (year, month, day)
    }

    /// "2023-11-17" and "04/22/2024" (month first unless the first number can't be a month).
    static func numeric(_ text: String) -> Value? {
        guard text.utf8.contains(where: { $0 == 0x2D || $0 == 0x2F }) else { return nil }
        if let (year, month, day) = iso(text) {
            return Value(month: monthNames[month - 1].capitalized, day: day, lastDay: nil, year: year, dayFirst: false)
        }
        let us = text.split(separator: "/", omittingEmptySubsequences: false)
        if us.count == 3, us[2].count == 4, us[0].count <= 2, us[1].count <= 2,
           let first = Int(us[0]), let second = Int(us[1]), let year = Int(us[2]) {
            let (month, day) = first > 12 ? (second, first) : (first, second)
            guard (1...12).contains(month), (1...31).contains(day) else { return nil }
            return Value(month: monthNames[month - 1].capitalized, day: day, lastDay: nil, year: year, dayFirst: false)
        }
        return nil
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        let day = NumberWords.ordinal(digits: String(value.day))
        var words = value.dayFirst ? "the \(day) of \(value.month)" : "\(value.month) \(day)"
        if let last = value.lastDay { words += " to " + NumberWords.ordinal(digits: String(last)) }
        if let year = value.year { words += ", " + NumberWords.year(year) }
        return words
    }
}
