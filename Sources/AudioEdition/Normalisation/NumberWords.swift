/// Numbers as a US newsreader says them: no "and", years in pairs, decimals digit by digit.
public enum NumberWords {
    static let ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                       "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                       "seventeen", "eighteen", "nineteen"]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    static let scales = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"]

    /// A whole number written as digits (no separators), e.g. "2876415".
    public static func cardinal(digits: some StringProtocol) -> String {
        let trimmed = digits.drop { $0 == "0" }
        if trimmed.isEmpty { return "zero" }
        var groups: [Int] = []
        var end = trimmed.endIndex
        while end > trimmed.startIndex {
            let start = trimmed.index(end, offsetBy: -3, limitedBy: trimmed.startIndex) ?? trimmed.startIndex
            groups.append(Int(trimmed[start..<end]) ?? 0)
            end = start
        }
        guard groups.count <= scales.count else { return self.digits(digits) }
        var words: [String] = []
        for (index, group) in groups.enumerated().reversed() where group > 0 {
            words.append(belowThousand(group))
            if index > 0 { words.append(scales[index]) }
        }
        return words.joined(separator: " ")
    }

    public static func cardinal(_ value: Int) -> String {
        value < 0 ? "minus " + cardinal(digits: String(-value)) : cardinal(digits: String(value))
    }

    static func belowThousand(_ n: Int) -> String {
        var parts: [String] = []
        if n >= 100 { parts.append("\(ones[n / 100]) hundred") }
        let rest = n % 100
        if rest > 0 { parts.append(belowHundred(rest)) }
        return parts.joined(separator: " ")
    }

    static func belowHundred(_ n: Int) -> String {
        if n < 20 { return ones[n] }
        return n % 10 == 0 ? tens[n / 10] : "\(tens[n / 10]) \(ones[n % 10])"
    }

    /// "twenty one" -> "twenty first", "one hundred" -> "one hundredth".
    public static func ordinal(of words: String) -> String {
        let irregular = ["one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                         "nine": "ninth", "twelve": "twelfth"]
        var parts = words.split(separator: " ").map(String.init)
        guard let last = parts.popLast() else { return words }
        let ordinal: String
        if let word = irregular[last] {
            ordinal = word
        } else if last.hasSuffix("y") {
            ordinal = last.dropLast() + "ieth"
        } else {
            ordinal = last + "th"
        }
        return (parts + [ordinal]).joined(separator: " ")
    }

    public static func ordinal(digits: some StringProtocol) -> String { ordinal(of: cardinal(digits: digits)) }

    /// Each digit on its own, zero as "oh" where a listener expects it (phone numbers, times).
    public static func digits(_ text: some StringProtocol, zero: String = "zero") -> String {
        text.compactMap { $0.wholeNumberValue }.map { $0 == 0 ? zero : ones[$0] }.joined(separator: " ")
    }

    /// A year: 1986 "nineteen eighty six", 1800 "eighteen hundred", 2005 "two thousand five",
    /// 1905 "nineteen oh five", 2100 "twenty one hundred".
    public static func year(_ year: Int) -> String {
        guard (1000...9999).contains(year) else { return cardinal(year) }
        let high = year / 100, low = year % 100
        if (2000...2009).contains(year) || year % 1000 == 0 { return cardinal(year) }
        if low == 0 { return "\(belowHundred(high)) hundred" }
        if low < 10 { return "\(belowHundred(high)) oh \(ones[low])" }
        return "\(belowHundred(high)) \(belowHundred(low))"
    }

    /// Model numbers and designators: up to two digits as a number, X00 as hundreds, other
    /// three digits as "seven seventy seven", four digits in pairs like a year.
    public static func designator(_ digits: some StringProtocol) -> String {
        guard let value = Int(digits), !digits.hasPrefix("0") || digits.count == 1 else { return self.digits(digits, zero: "oh") }
        switch digits.count {
        case ...2: return cardinal(value)
        case 3:
            if value % 100 == 0 { return cardinal(value) }
            if value % 100 < 10 { return "\(ones[value / 100]) oh \(ones[value % 10])" }
            return "\(ones[value / 100]) \(belowHundred(value % 100))"
        case 4: return year(value)
        default: return self.digits(digits)
        }
    }

    /// "7.85" -> "seven point eight five". Integer part may carry thousands separators.
    public static func decimal(_ text: some StringProtocol) -> String {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(parts[0].filter { $0 != "," })
        var words = whole.isEmpty ? "zero" : cardinal(digits: whole)
        if parts.count == 2, !parts[1].isEmpty { words += " point " + digits(parts[1]) }
        return words
    }

    /// The plural of a number word, for decades: "eighty" -> "eighties".
    public static func plural(of words: String) -> String {
        if words.hasSuffix("y") { return words.dropLast() + "ies" }
        if words.hasSuffix("x") { return words + "es" }
        return words + "s"
    }
}
