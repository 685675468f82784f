/// Times: "7:53 AM", "10:18 p.m.", "9 a.m.", "10pm", "0230 GMT", "8:20 p.m. (1720 GMT)".
struct TimeClass: SemioticClass {
    struct Value { var hour: Int; var minute: Int; var suffix: String?; var twentyFourHour: Bool }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let token = context.tokens[index]
        // A time starts with a digit and is at most "12:45a.m" long.
        guard let firstByte = token.core.utf8.first, (0x30...0x39).contains(firstByte), token.core.utf8.count <= 8 else { return nil }
        var core = Substring(token.core)
        var glued: String?
        let lastByte = core.utf8.last ?? 0
        for marker in ["am", "pm", "AM", "PM", "a.m", "p.m"] where (lastByte == 0x6D || lastByte == 0x4D) && core.hasSuffix(marker) && core.count > marker.count {
            let head = core.dropLast(marker.count)
            if head.last?.isNumber == true {
                glued = marker
                core = head
                break
            }
        }
        let clock = Self.clock(core)
        if let glued, let (hour, minute) = clock ?? Self.hourOnly(core) {
            return (Value(hour: hour, minute: minute, suffix: Self.meridiem(glued), twentyFourHour: false),
                    Match(length: 1, spoken: "", consumesPeriod: glued.utf8.contains(UInt8(ascii: "."))))
        }
        if let next = context.next(index), let suffix = Self.meridiem(next.core), let (hour, minute) = clock ?? Self.hourOnly(core),
           (1...12).contains(hour) {
            return (Value(hour: hour, minute: minute, suffix: suffix, twentyFourHour: false),
                    Match(length: 2, spoken: "", consumesPeriod: next.core.utf8.contains(UInt8(ascii: "."))))
        }
        if let next = context.next(index), context.tables.timeZones.contains(next.core),
           let (hour, minute) = clock ?? Self.military(core) {
            return (Value(hour: hour, minute: minute, suffix: TimeZoneWords.say(next.core), twentyFourHour: clock == nil),
                    Match(length: 2, spoken: ""))
        }
        if let (hour, minute) = clock {
            return (Value(hour: hour, minute: minute, suffix: nil, twentyFourHour: false), Match(length: 1, spoken: ""))
        }
        return nil
    }

    static func meridiem(_ text: String) -> String? {
        switch text.lowercased() {
        case "a.m", "a.m.", "am": "A.M."
        case "p.m", "p.m.", "pm": "P M"
        default: nil
        }
    }

    /// "9:47" -> (9, 47).
    static func clock(_ text: Substring) -> (Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else { return nil }
        return (hour, minute)
    }

    static func hourOnly(_ text: Substring) -> (Int, Int)? {
        guard (1...2).contains(text.count), let hour = Int(text), (1...12).contains(hour) else { return nil }
        return (hour, 0)
    }

    /// "0230" -> (2, 30).
    static func military(_ text: Substring) -> (Int, Int)? {
        guard text.count == 4, let value = Int(text), value / 100 < 24, value % 100 < 60 else { return nil }
        return (value / 100, value % 100)
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        var words: String
        if value.twentyFourHour {
            words = value.hour < 10 ? "oh \(NumberWords.cardinal(value.hour))" : NumberWords.cardinal(value.hour)
            words += value.minute == 0 ? " hundred" : " " + minutes(value.minute)
        } else {
            words = NumberWords.cardinal(value.hour)
            if value.minute > 0 {
                words += " " + minutes(value.minute)
            } else if value.suffix == nil {
                words += " o'clock"
            }
        }
        return value.suffix.map { "\(words) \($0)" } ?? words
    }

    private func minutes(_ minute: Int) -> String {
        minute < 10 ? "oh \(NumberWords.cardinal(minute))" : NumberWords.cardinal(minute)
    }
}

/// Time zones are said letter by letter: "G M T".
enum TimeZoneWords {
    static func say(_ zone: String) -> String { NormaliserTables.spell(zone) }
}
