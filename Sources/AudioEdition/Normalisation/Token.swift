/// A whitespace-delimited piece of written text, split into leading punctuation, the core a
/// class recognises, and trailing punctuation.
public struct Token: Sendable, Equatable {
    /// Unicode-scalar offsets of the whole token in the written text.
    public var start: Int
    public var end: Int
    public var lead: String
    public var core: String
    public var trail: String

    /// The core with the period that follows it, for abbreviations ("Inc.", "a.m.").
    var dotted: String { trail.hasPrefix(".") ? core + "." : core }
    var isLowercaseWord: Bool { !core.isEmpty && core.allSatisfy { $0.isLowercase || $0 == "'" || $0 == "’" } }
    var startsUppercase: Bool { core.first?.isUppercase ?? false }
    var isAllCaps: Bool { core.count > 1 && core.allSatisfy { $0.isUppercase || $0 == "." } && core.contains { $0.isLetter } }
    /// True when the token ends a clause, so a multi-token pattern must not run past it.
    var endsClause: Bool { trail.contains { ",;:!?)".contains($0) } || trail.hasPrefix(".") }

    static let leading: Set<Character> = ["(", "[", "\"", "“", "‘", "«", "'"]
    static let trailing: Set<Character> = [".", ",", ";", ":", "!", "?", ")", "]", "\"", "”", "’", "»", "'", "…"]

    /// Splits text on whitespace, keeping each token's scalar offsets.
    public static func tokenise(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = "", start = 0, offset = 0
        func flush() {
            if !current.isEmpty { tokens.append(Token(whole: current, start: start, end: offset)) }
            current = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                flush()
                start = offset + 1
            } else {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(scalar)
            }
            offset += 1
        }
        flush()
        return tokens
    }

    init(whole: String, start: Int, end: Int) {
        self.start = start
        self.end = end
        var chars = Array(whole)
        var lead = "", trail = ""
        // An apostrophe before digits is part of the token ('80s), not a quote.
        while let first = chars.first, Token.leading.contains(first), chars.count > 1,
              !(first == "'" && chars[1].isNumber) {
            lead.append(chars.removeFirst())
        }
        while let last = chars.last, Token.trailing.contains(last), chars.count > 1 {
            trail.insert(chars.removeLast(), at: trail.startIndex)
        }
        // "U.S." and "a.m." keep their inner periods in the core; the last one is in `trail`.
        self.lead = lead
        core = String(chars)
        self.trail = trail
    }

    init(start: Int, end: Int, lead: String, core: String, trail: String) {
        self.start = start
        self.end = end
        self.lead = lead
        self.core = core
        self.trail = trail
    }
}
