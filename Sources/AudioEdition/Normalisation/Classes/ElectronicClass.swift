import Foundation

/// Web addresses, e-mail, handles and hashtags: "www.un.org", "office@mfa.gov.ua", "@NATO",
/// "#NoWar", "https://www.irs.gov/forms".
struct ElectronicClass: SemioticClass {
    var needsDigit: Bool { false }
    enum Value { case address(String), hashtag(String), handle(String) }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        let match = Match(length: 1, spoken: "")
        // An address has a dot and ends in a letter (its top-level domain or a path); a tag starts with # or @.
        let utf8 = core.utf8
        guard let first = utf8.first, let last = utf8.last,
              first == 0x23 || first == 0x40 || (utf8.contains(0x2E) && (last >= 0x41 || last == 0x2F)) else { return nil }
        if core.hasPrefix("#"), core.count > 1, core.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            return (.hashtag(String(core.dropFirst())), match)
        }
        if core.hasPrefix("@"), core.count > 1, core.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            return (.handle(String(core.dropFirst())), match)
        }
        var rest = Substring(core)
        for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        let host = rest.split(separator: "/", maxSplits: 1).first.map { $0.split(separator: "@").last ?? $0 } ?? rest
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
              let tld = labels.last, context.tables.topLevelDomains.contains(tld.lowercased()) else { return nil }
        return (.address(String(rest)), match)
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        switch value {
        case let .hashtag(tag): "hashtag " + Self.name(tag, context.tables)
        case let .handle(name): "at " + Self.name(name, context.tables)
        case let .address(address):
            address.split(separator: "/", omittingEmptySubsequences: true).enumerated().map { index, part in
                index == 0 ? host(part, context)
                    : part.split(separator: ".").map { $0.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ") }
                        .joined(separator: " dot ")
            }.joined(separator: " slash ")
        }
    }

    private func host(_ host: Substring, _ context: NormaliserContext) -> String {
        host.split(separator: "@", maxSplits: 1).map { part in
            part.split(separator: ".").map { label in
                Self.runs(label).map { run in
                    run.first?.isNumber == true ? NumberWords.designator(run) : Self.words(run, context.tables.domainWords)
                }.joined(separator: " ")
            }.joined(separator: " dot ")
        }.joined(separator: " at ")
    }

    /// "fox5" -> ["fox", "5"]: runs of digits and of other characters.
    static func runs(_ label: Substring) -> [Substring] {
        var runs: [Substring] = []
        var start = label.startIndex
        for index in label.indices.dropFirst() where label[index].isNumber != label[label.index(before: index)].isNumber {
            runs.append(label[start..<index])
            start = index
        }
        if start < label.endIndex { runs.append(label[start...]) }
        return runs
    }

    /// A label's letters as said: a known word, joined known words with at most one short
    /// spelled part first ("nytimes" -> "N Y times", "savethechildren" -> "save the children"),
    /// else spelled when short ("un" -> "U N"), else as written ("ukrinform").
    static func words(_ label: Substring, _ known: Set<String>) -> String {
        let lower = label.lowercased()
        if known.contains(lower) { return lower }
        if let split = split(Array(lower.utf8)[...], known) { return split.joined(separator: " ") }
        for prefix in 1...3 where prefix < lower.count - 2 {
            let head = lower.prefix(prefix), tail = Array(lower.dropFirst(prefix).utf8)
            // A spelled part is short: two letters, or three with no vowel ("cbs", "nbc").
            // And the word after it is long: "wired" is not "W I red".
            guard prefix <= 2 || !head.contains(where: { "aeiouy".contains($0) }), !known.contains(String(head)),
                  let split = split(tail[...], known), split[0].count >= 4 else { continue }
            return ([NormaliserTables.spell(head)] + split).joined(separator: " ")
        }
        return label.count <= 3 ? NormaliserTables.spell(label) : String(label)
    }

    /// The fewest known words that make up `letters` exactly, each of two letters or more.
    static func split(_ letters: ArraySlice<UInt8>, _ known: Set<String>) -> [String]? {
        let count = letters.count, base = letters.startIndex
        guard count >= 2 else { return nil }
        // best[i]: the fewest words covering the first i letters, and where the last one starts.
        var best = [(words: Int, from: Int)?](repeating: nil, count: count + 1)
        best[0] = (0, 0)
        for end in 2...count {
            for start in 0...(end - 2) {
                guard let before = best[start], known.contains(String(decoding: letters[(base + start)..<(base + end)], as: UTF8.self)),
                      best[end].map({ before.words + 1 < $0.words }) ?? true else { continue }
                best[end] = (before.words + 1, start)
            }
        }
        guard best[count] != nil else { return nil }
        var words: [String] = [], end = count
        while end > 0, let step = best[end] {
            words.insert(String(decoding: letters[(base + step.from)..<(base + end)], as: UTF8.self), at: 0)
            end = step.from
        }
        return words
    }

    /// A handle or hashtag as said: its parts split at underscores, case changes and digits,
    /// each read as a word, spelled capitals or a number ("NYTimes" -> "N Y Times",
    /// "BBCBreaking" -> "B B C Breaking", "nexta_tv" -> "nexta T V", "COP28" -> "COP twenty eight").
    static func name(_ text: String, _ tables: NormaliserTables) -> String {
        parts(text).map { part in
            if part.first?.isNumber == true { return NumberWords.designator(part) }
            if part.count >= 2, part.allSatisfy(\.isUppercase) {
                return tables.capitals.isWord(String(part)) ? String(part) : NormaliserTables.spell(part)
            }
            // Lowercase parts are read as domain labels are ("tv" and "bbc" spelled), except that
            // three letters with a vowel are a word ("war", "fun").
            if part.allSatisfy(\.isLowercase) {
                return part.count == 3 && part.contains(where: { "aeiouy".contains($0) }) ? String(part) : words(part, tables.domainWords)
            }
            return String(part)
        }.joined(separator: " ")
    }

    /// "BBCBreaking_2024" -> ["BBC", "Breaking", "2024"].
    static func parts(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "_" {
                if start < index { parts.append(text[start..<index]) }
                start = text.index(after: index)
            } else if index > start {
                let previous = text[text.index(before: index)]
                let next = text.index(after: index) < text.endIndex ? text[text.index(after: index)] : nil
                let boundary = (previous.isLowercase && character.isUppercase) || (previous.isNumber != character.isNumber)
                    || (previous.isUppercase && character.isUppercase && next?.isLowercase == true)
                if boundary {
                    parts.append(text[start..<index])
                    start = index
                }
            }
            index = text.index(after: index)
        }
        if start < text.endIndex { parts.append(text[start...]) }
        return parts
    }
}
