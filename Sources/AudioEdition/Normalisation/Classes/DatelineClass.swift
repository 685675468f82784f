import Foundation

/// A dateline opening the text, read as a newsreader reads it: the place as a name, never
/// letter by letter. "KYIV (Reuters) -" is "Kyiv (Reuters) -", "WASHINGTON (AP) —" is
/// "Washington (A.P.) —", "SEOUL, South Korea (AP) —" and "CHENNAI:" likewise. The place is
/// up to four words in capitals; what makes it a dateline is what follows it within a few
/// words: a news agency in brackets, a dash, or a colon straight after it.
struct DatelineClass: SemioticClass {
    var needsDigit: Bool { false }
    var startsOnPlainWords: Bool { true }

    struct Value { var words: [(core: String, lead: String, trail: String)] }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        guard index == 0 else { return nil }
        var length = 0
        while length < 4, let token = context.token(length), token.lead.isEmpty, Self.isCapitalWord(token.core) {
            length += 1
            if !token.trail.isEmpty { break }
        }
        guard length > 0, let last = context.token(length - 1),
              context.tokens[0..<length].reduce(0, { $0 + $1.core.filter(\.isLetter).count }) >= 4 else { return nil }
        let closed = last.trail.contains(":") || last.trail.contains("—") || last.trail.contains("–")
        // The marker, with only names, numbers and dates before it ("SEOUL, South Korea (AP) —",
        // "NEW YORK, Jan 5 (Reuters) -"): a lowercase word means a sentence ("NATO said ... - ...").
        var marked = false
        for at in length..<min(context.tokens.count, length + 8) {
            let token = context.tokens[at]
            if ["-", "–", "—"].contains(token.whole) || (token.lead == "(" && token.trail.hasPrefix(")") && token.core.first?.isUppercase == true) {
                marked = true
                break
            }
            if token.isLowercaseWord { break }
        }
        guard closed || marked else { return nil }
        let words = context.tokens[0..<length].map { ($0.core, $0.lead, $0.trail) }
        return (Value(words: words), Match(length: length, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        value.words.enumerated().map { index, word in
            (index == 0 ? "" : word.lead) + word.core.lowercased().capitalized + (index == value.words.count - 1 ? "" : word.trail)
        }.joined(separator: " ")
    }

    /// Capital letters, with the hyphens, apostrophes and periods of a place name ("PORT-AU-PRINCE", "D.C.").
    static func isCapitalWord(_ core: String) -> Bool {
        core.count >= 2 && core.contains(where: \.isLetter)
            && core.allSatisfy { ($0.isLetter && $0.isUppercase) || "-'’.".contains($0) }
    }
}
