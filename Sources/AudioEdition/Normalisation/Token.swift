/// A whitespace-delimited piece of written text, split into leading punctuation, the core a
/// class recognises, and trailing punctuation.
///
/// A class, not a struct: every class looks at tokens, and copying a struct of five strings
/// costs five retains and releases each time, which showed in the normaliser's profile.
public final class Token: Sendable {
    /// Unicode-scalar offsets of the whole token in the written text.
    public let start: Int
    public let end: Int
    public let lead: String
    public let core: String
    public let trail: String

    /// The token as written, lead and trail included: what is said when no class reads it.
    public let whole: String
    /// Letters and apostrophes only, all lowercase: most of any text, and no class starts on one.
    let isLowercaseWord: Bool
    /// Letters and apostrophes only.
    let isPlainWord: Bool
    let startsUppercase: Bool
    /// Has an ASCII digit: most classes start only on such a token.
    let hasDigit: Bool

    /// The core with the period that follows it, for abbreviations ("Inc.", "a.m.").
    var dotted: String { trail.hasPrefix(".") ? core + "." : core }
    var isAllCaps: Bool { core.count > 1 && core.allSatisfy { $0.isUppercase || $0 == "." } && core.contains { $0.isLetter } }
    /// True when the token ends a clause, so a multi-token pattern must not run past it.
    var endsClause: Bool { trail.contains { ",;:!?)".contains($0) } || trail.hasPrefix(".") }

    /// Splits text on whitespace, keeping each token's Unicode-scalar offsets. Works on UTF-8
    /// bytes: it runs over every word of every article.
    public static func tokenise(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var text = text
        text.withUTF8 { bytes in
            var index = 0, scalar = 0
            var tokenStart = -1, tokenScalar = 0
            while index < bytes.count {
                let space = whitespaceLength(bytes, index)
                if space > 0 {
                    if tokenStart >= 0 {
                        tokens.append(Token(bytes[tokenStart..<index], start: tokenScalar, end: scalar))
                        tokenStart = -1
                    }
                    index += space
                    scalar += 1
                    continue
                }
                if tokenStart < 0 {
                    tokenStart = index
                    tokenScalar = scalar
                }
                if bytes[index] & 0xC0 != 0x80 { scalar += 1 }
                index += 1
                // Continuation bytes were counted with their lead byte.
                while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            }
            if tokenStart >= 0 { tokens.append(Token(bytes[tokenStart..<bytes.count], start: tokenScalar, end: scalar)) }
        }
        return tokens
    }

    /// The byte length of the whitespace scalar at `index`, or 0.
    private static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (0x09...0x0D).contains(byte) ? 1 : 0 }
        guard byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 else { return 0 }
        var iterator = bytes[index...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        guard case let .valid(encoded) = parser.parseScalar(from: &iterator) else { return 0 }
        return Unicode.UTF8.decode(encoded).properties.isWhitespace ? encoded.count : 0
    }

    private static let leadingBytes: [[UInt8]] = ["(", "[", "\"", "“", "‘", "«", "'"].map { Array($0.utf8) }
    private static let trailingBytes: [[UInt8]] = [".", ",", ";", ":", "!", "?", ")", "]", "\"", "”", "’", "»", "'", "…"].map { Array($0.utf8) }

    convenience init(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence, start: Int, end: Int) {
        var lower = bytes.startIndex, upper = bytes.endIndex
        func punctuation(_ set: [[UInt8]], at position: Int) -> Int {
            for candidate in set where position + candidate.count <= upper
                && bytes[position..<(position + candidate.count)].elementsEqual(candidate) { return candidate.count }
            return 0
        }
        // Strip leading marks while more than one character is left. An apostrophe before
        // digits is part of the token ('80s), not a quote.
        while lower < upper {
            let length = punctuation(Self.leadingBytes, at: lower)
            guard length > 0, lower + length < upper,
                  !(bytes[lower] == 0x27 && (0x30...0x39).contains(bytes[lower + 1])) else { break }
            lower += length
        }
        while upper > lower {
            var length = 0
            for candidate in Self.trailingBytes where upper - candidate.count > lower
                && bytes[(upper - candidate.count)..<upper].elementsEqual(candidate) {
                length = candidate.count
                break
            }
            guard length > 0 else { break }
            upper -= length
        }
        self.init(start: start, end: end,
                  lead: String(decoding: bytes[bytes.startIndex..<lower], as: UTF8.self),
                  core: String(decoding: bytes[lower..<upper], as: UTF8.self),
                  trail: String(decoding: bytes[upper..<bytes.endIndex], as: UTF8.self),
                  whole: lower == bytes.startIndex && upper == bytes.endIndex ? nil : String(decoding: bytes, as: UTF8.self))
    }

    init(start: Int, end: Int, lead: String, core: String, trail: String, whole: String? = nil) {
        self.start = start
        self.end = end
        self.lead = lead
        self.core = core
        self.trail = trail
        self.whole = whole ?? (lead.isEmpty && trail.isEmpty ? core : lead + core + trail)
        (isLowercaseWord, isPlainWord, startsUppercase) = Self.shape(core)
        hasDigit = core.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Computed once per token, on bytes when the core is ASCII.
    private static func shape(_ core: String) -> (lowercase: Bool, plain: Bool, uppercase: Bool) {
        let utf8 = core.utf8
        guard let first = utf8.first else { return (false, false, false) }
        if utf8.allSatisfy({ $0 < 0x80 }) {
            let plain = utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x27 }
            let lowercase = plain && utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x27 }
            return (lowercase, plain, first >= 0x41 && first <= 0x5A)
        }
        let plain = core.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "'" || $0 == "’" }
        let lowercase = plain && core.allSatisfy { $0.isLowercase || $0 == "'" || $0 == "’" }
        return (lowercase, plain, core.first?.isUppercase ?? false)
    }
}
