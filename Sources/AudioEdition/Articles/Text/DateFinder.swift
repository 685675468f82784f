import Foundation

/// Finds calendar dates in page text and metadata, as `YYYY-MM-DD`.
///
/// A date needs a day, a month and a year: "November 18, 2023", "Nov. 18 2023",
/// "Saturday 18 November 2023", "2023-11-18", "2023/11/18", or an ISO 8601 date-time.
/// All-numeric day/month orders ("11/12/2023") are ambiguous between outlets and are not read,
/// unless one of the two cannot be a month: "3/21/2023" is March 21st, "21/3/2023" too.
public struct DateFinder: Sendable {
    static let shared = DateFinder(data: .readers)

    /// Lowercased month names and abbreviations to 1...12.
    let months: [String: Int]

    /// A `months` row is a written form and the English name ("nov", "November"), or a
    /// month's number and its forms ("11", "листопада", "листопад", "листопаді").
    init(data: NormaliserData) {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december"]
        var months: [String: Int] = [:]
        for row in data.tables["months"] ?? [] where row.count >= 2 {
            if let number = Int(row[0]), (1...12).contains(number) {
                for form in row.dropFirst() where !form.isEmpty { months[form.lowercased()] = number }
            } else if let index = names.firstIndex(of: row[1].lowercased()) {
                months[row[0].lowercased()] = index + 1
            }
        }
        self.months = months
    }

    /// The first full date in `text`.
    func firstDate(in text: String) -> String? {
        let words = Self.words(text)
        for (index, word) in words.enumerated() {
            if let iso = Self.numericDate(word) { return iso }
            guard let month = months[word.lowercased()] else { continue }
            // Month Day Year, or Day Month Year.
            if index + 2 < words.count, let day = Self.day(words[index + 1]), let year = Self.year(words[index + 2]) {
                return Self.format(year, month, day)
            }
            if index >= 1, index + 1 < words.count, let day = Self.day(words[index - 1]), let year = Self.year(words[index + 1]) {
                return Self.format(year, month, day)
            }
        }
        return nil
    }

    /// The date of an ISO 8601 date or date-time ("2023-11-18T00:45:00+02:00"), as written:
    /// the page's local date, not converted to UTC.
    static func isoDate(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return numericDate(String(trimmed.prefix(10)))
    }

    /// Whether `text` is a `YYYY-MM-DD` date with a month and day in range.
    public static func isoDateIsValid(_ text: String) -> Bool {
        text.count == 10 && numericDate(text) == text
    }

    /// "2023-11-18" or "2023/11/18"; the caller has split off anything after the day.
    private static func numericDate(_ word: String) -> String? {
        if let date = unambiguousSlashDate(word) { return date }
        let bytes = Array(word.utf8)
        guard bytes.count == 10, bytes[4] == bytes[7], bytes[4] == UInt8(ascii: "-") || bytes[4] == UInt8(ascii: "/"),
              let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)),
              let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)),
              let day = Int(String(decoding: bytes[8..<10], as: UTF8.self)),
              (1900...2100).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        return format(year, month, day)
    }

    /// "3/21/2023" or "21/03/2023": month and day in either order when only one of them can
    /// be a month.
    private static func unambiguousSlashDate(_ word: String) -> String? {
        let parts = word.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              let first = Int(parts[0]), let second = Int(parts[1]), let year = Int(parts[2]), (1900...2100).contains(year) else { return nil }
        switch (first, second) {
        case (1...12, 13...31): return format(year, first, second)
        case (13...31, 1...12): return format(year, second, first)
        default: return nil
        }
    }

    /// Words split at anything but letters, digits, `-` and `/` (which keep ISO dates whole);
    /// a `T` date-time keeps only its date.
    private static func words(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "/") }.flatMap { word -> [String] in
            if word.count > 10, word.utf8.count > 10, Array(word.utf8)[10] == UInt8(ascii: "T") { return [String(word.prefix(10))] }
            return word.split(separator: "-", omittingEmptySubsequences: true).count > 1 && word.count != 10
                ? word.split(separator: "-").map(String.init) : [String(word)]
        }
    }

    private static func day(_ word: String) -> Int? {
        var digits = Substring(word)
        for suffix in ["st", "nd", "rd", "th"] where digits.lowercased().hasSuffix(suffix) { digits = digits.dropLast(2) }
        guard digits.count <= 2, let day = Int(digits), (1...31).contains(day) else { return nil }
        return day
    }

    /// A four-digit year; a scraped page can glue the time to it ("20236:01 PM"), so a longer
    /// run of digits gives its first four.
    private static func year(_ word: String) -> Int? {
        guard (4...6).contains(word.count), word.allSatisfy(\.isASCII), let year = Int(word.prefix(4)), Int(word) != nil,
              (1900...2100).contains(year) else { return nil }
        return year
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}
