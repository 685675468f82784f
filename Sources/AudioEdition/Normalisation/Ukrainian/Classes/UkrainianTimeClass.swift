/// Times of day, the hour as a feminine ordinal (година) in the preposition's case: "о 14:30"
/// (о чотирнадцятій тридцять), "до 18:00" (до вісімнадцятої), "14:05" (чотирнадцята нуль
/// п'ять), "з 9:00 до 18:00", "14:00-16:00", and "о 14.30".
struct UkrainianTimeClass: SemioticClass {
    struct Value {
        var times: [(hour: Int, minute: Int)]
        var grammaticalCase: GrammaticalCase
    }

    func tag(_ context: UkrainianContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        let governed = context.governingCase(before: index)
        let parts = core.split(whereSeparator: { $0 == "-" || $0 == "–" })
        // "14.30" is a time only after "о" or "об".
        let separators: Set<Character> = governed == .locative ? [":", "."] : [":"]
        let times = parts.compactMap { Self.time($0, separators: separators) }
        guard !times.isEmpty, times.count == parts.count, parts.count <= 2 else { return nil }
        return (Value(times: times, grammaticalCase: governed ?? .nominative), Match(length: 1, spoken: ""))
    }

    static func time(_ text: Substring, separators: Set<Character>) -> (Int, Int)? {
        guard let separator = text.firstIndex(where: separators.contains) else { return nil }
        let (hour, minute) = (text[..<separator], text[text.index(after: separator)...])
        guard (1...2).contains(hour.count), minute.count == 2, hour.allSatisfy(\.isASCII), minute.allSatisfy(\.isASCII),
              let h = Int(hour), let m = Int(minute), (0...24).contains(h), (0...59).contains(m) else { return nil }
        return (h, m)
    }

    func verbalise(_ value: Value, _ context: UkrainianContext) -> String {
        let numbers = context.numbers
        func say(_ time: (hour: Int, minute: Int), _ grammaticalCase: GrammaticalCase) -> String {
            var words = numbers.ordinal(time.hour, .feminine, grammaticalCase)
            if time.minute > 0 {
                words += (time.minute < 10 ? " нуль " : " ") + numbers.cardinal(time.minute, .feminine)
            }
            return words
        }
        if value.times.count == 2 {
            // "14:00-16:00": from one to the other, unless a preposition already said how.
            if value.grammaticalCase == .nominative { return "з \(say(value.times[0], .genitive)) до \(say(value.times[1], .genitive))" }
            return value.times.map { say($0, value.grammaticalCase) }.joined(separator: " – ")
        }
        return say(value.times[0], value.grammaticalCase)
    }
}
