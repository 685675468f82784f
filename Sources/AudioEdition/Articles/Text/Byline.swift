import Foundation

/// Reads bylines: "by Rachel Amran November 18, 2023 12:45 AM 1 min read",
/// "By JANE SMITH and Tom Ellis, Reuters", "Author: Rachel Amran". The names are the run of
/// capitalised words after the prefix; a date, a lowercase word or a stop word ends them.
/// Desks and agencies ("Reuters", "BBC News") are dropped, and names in capitals are spoken
/// as names, not spelled out.
struct BylineParser: Sendable {
    struct Byline: Equatable, Sendable {
        var names: [String]
        var published: String?
        var updated: String?
    }

    static let shared = BylineParser(data: .readers, dates: .shared)

    private var prefixes: [String] = []
    private var particles: Set<String> = []
    private var stops: Set<String> = []
    private var orgs: Set<String> = []
    private var agencies: Set<String> = []
    private let calendarWords: Set<String>
    let dates: DateFinder
    /// Articles, prepositions and conjunctions (`function_words.tsv`): a headline has them, a menu does not.
    let functionWords: Set<String>

    init(data: NormaliserData, dates: DateFinder) {
        for row in data.tables["byline_words"] ?? [] where row.count >= 2 {
            switch row[1] {
            case "prefix": prefixes.append(row[0])
            case "particle": particles.insert(row[0])
            case "stop": stops.insert(row[0])
            case "agency": agencies.insert(row[0])
            default: orgs.insert(row[0])
            }
        }
        prefixes.sort { $0.count > $1.count }
        self.dates = dates
        functionWords = data.set("function_words", lowercased: true)
        calendarWords = Set(dates.months.keys).union(data.set("weekdays", lowercased: true))
    }

    /// The byline `line` states, or nil when the line is not a byline.
    func parse(_ line: String) -> Byline? {
        let folded = line.lowercased()
        guard let prefix = prefixes.first(where: { folded.hasPrefix($0 + " ") || (folded.hasPrefix($0) && $0.hasSuffix(":")) }) else { return nil }
        let words = line.split(whereSeparator: \.isWhitespace)
        if words.count > 24 { return nil }
        let rest = String(line.dropFirst(prefix.count))
        let (names, remainder) = scanNames(rest)
        guard !names.isEmpty || remainder.count < rest.count else { return nil }
        // "By Tuesday, the storm had passed." is a sentence, not a byline.
        if names.contains(where: { calendarWords.contains($0.lowercased()) }) { return nil }
        if names.isEmpty, dates.firstDate(in: rest) == nil { return nil }
        let (published, updated) = datesIn(String(remainder))
        // "By Reuters", "By Team KT": a credit to a desk or an agency is the byline then.
        let people = names.filter { !isOrganisation($0) }
        return Byline(names: people.isEmpty ? names : people, published: published, updated: updated)
    }

    /// Names in a metadata author field: "Rachel Amran", "By A and B", "A, B".
    func names(in field: String) -> [String] {
        let trimmed = field.trimmingCharacters(in: .whitespacesAndNewlines)
        if let byline = parse(trimmed) { return byline.names }
        return scanNames(trimmed).names.filter { !isOrganisation($0) }
    }

    /// The agency a line credits when it is only an agency's name, perhaps with a place after
    /// a comma ("AFP", "PTI, Thoothukudi (TN),"): the name as the page writes it.
    func agencyCredit(_ line: String) -> String? {
        let name = (line.split(separator: ",").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        return agencies.contains(name.lowercased()) ? name : nil
    }

    /// The names of a byline without a prefix: names of two to four words each, then
    /// nothing, a place ("in Portsmouth") or a desk (", BBC News").
    func bareByline(_ text: String) -> [String]? {
        let (names, remainder) = scanNames(text)
        guard !names.isEmpty, names.allSatisfy({ (2...4).contains($0.split(separator: " ").count) }),
              !names.contains(where: { $0.split(separator: " ").contains { calendarWords.contains($0.lowercased()) } }) else { return nil }
        let rest = remainder.trimmingCharacters(in: .whitespaces)
        let next = rest.split(separator: " ").first.map { $0.lowercased() } ?? ""
        guard rest.isEmpty || ["in", "at", "for"].contains(next) || isDesk(rest) else { return nil }
        let people = names.filter { !isOrganisation($0) }
        return people.isEmpty ? nil : people
    }

    /// The published date of a date line, and the updated one after "Updated".
    func datesIn(_ text: String) -> (published: String?, updated: String?) {
        let folded = text.lowercased()
        if let range = folded.range(of: "updated") ?? folded.range(of: "last modified") {
            let offset = folded.distance(from: folded.startIndex, to: range.lowerBound)
            let split = text.index(text.startIndex, offsetBy: offset)
            return (dates.firstDate(in: String(text[..<split])), dates.firstDate(in: String(text[split...])))
        }
        return (dates.firstDate(in: text), nil)
    }

    /// The names at the start of `text`, and what follows them.
    private func scanNames(_ text: String) -> (names: [String], remainder: Substring) {
        // A scraper that drops the space between an author box's lines glues the name to the
        // outlet ("John DaggeHerald Sun"): three lowercase letters straight into a capital end
        // the name there (McDonald, DeSantis and MacArthur have fewer).
        let scalars = Array(text.unicodeScalars)
        var lowercaseRun = 0
        for (index, scalar) in scalars.enumerated() {
            if CharacterSet.lowercaseLetters.contains(scalar) {
                lowercaseRun += 1
            } else if CharacterSet.uppercaseLetters.contains(scalar), lowercaseRun >= 3 {
                return scanNames(String(String.UnicodeScalarView(scalars[..<index])))
            } else {
                lowercaseRun = 0
            }
        }
        var names: [String] = []
        var current: [String] = []
        func finish() {
            if !current.isEmpty { names.append(current.joined(separator: " ")) }
            current = []
        }
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard !rest.isEmpty else { break }
            let raw = rest.prefix { !$0.isWhitespace }
            let word = raw.trimmingCharacters(in: CharacterSet(charactersIn: ",;"))
            let lower = word.lowercased()
            let next = rest.dropFirst(raw.count).drop { $0.isWhitespace }.prefix { !$0.isWhitespace }
            if word.isEmpty { rest = rest.dropFirst(raw.count); finish(); continue }
            if lower == "and" || word == "&" {
                finish()
            } else if orgs.contains(lower.trimmingCharacters(in: .punctuationCharacters)), current.count >= 2,
                      !current.contains(where: { orgs.contains($0.lowercased()) }) {
                break  // "By MARY JONES Associated Press"; a desk's own name goes on ("Express News Service")
            } else if stops.contains(lower) || word.first.map({ $0.isNumber || "|-–—·•/(".contains($0) }) == true {
                break
            } else if dates.months[lower.trimmingCharacters(in: CharacterSet(charactersIn: "."))] != nil,
                      next.first?.isNumber == true {
                break
            } else if particles.contains(lower), next.first?.isUppercase == true || particles.contains(next.lowercased()), !current.isEmpty {
                current.append(word)
            } else if word.first?.isUppercase == true, word.contains(where: \.isLetter), current.count < 5 {
                current.append(Self.nameCase(word))
            } else {
                break
            }
            rest = rest.dropFirst(raw.count)
            if raw.hasSuffix(",") || raw.hasSuffix(";") { finish() }
        }
        finish()
        return (names, rest)
    }

    /// A desk line: a few capitalised words naming an outlet or a job ("BBC News, Leeds",
    /// "Staff Reporter").
    func isDesk(_ text: String) -> Bool {
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.count <= 6 && words.allSatisfy { $0.first?.isUppercase == true || $0.first?.isNumber == true }
            && words.contains { orgs.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters)) }
    }

    private func isOrganisation(_ name: String) -> Bool {
        name.split(separator: " ").contains { orgs.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters)) }
    }

    /// "SMITH" becomes "Smith"; "J.", "McAdam" and "DeSantis" stay as written.
    private static func nameCase(_ word: String) -> String {
        let letters = word.filter(\.isLetter)
        guard letters.count > 2, letters.allSatisfy({ $0.isUppercase }) else { return word }
        return word.prefix(1) + word.dropFirst().lowercased()
    }
}
