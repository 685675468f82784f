/// Splits text into sentences. A period after an abbreviation ("Nov.", "U.S.", "Dr.") ends
/// nothing unless the next word plainly starts a sentence.
public struct SentenceSplitter: Sendable {
    let tables: NormaliserTables

    public init(data: NormaliserData = .english) { tables = NormaliserTables(data) }

    /// The sentences, trimmed, in order.
    public func split(_ text: String) -> [String] {
        let tokens = Token.tokenise(text)
        let scalars = Array(text.unicodeScalars)
        var sentences: [String] = []
        var start = 0
        for (index, token) in tokens.enumerated() where endsSentence(tokens, index) {
            sentences.append(Self.text(scalars[(tokens[start].start)..<token.end]))
            start = index + 1
        }
        if start < tokens.count, let last = tokens.last {
            sentences.append(Self.text(scalars[tokens[start].start..<last.end]))
        }
        return sentences
    }

    func endsSentence(_ tokens: [Token], _ index: Int) -> Bool {
        let token = tokens[index]
        let closing = token.trail.drop { ")\"”’'»".contains($0) == false && !".!?…".contains($0) }
        guard token.trail.contains(where: { ".!?…".contains($0) }), !closing.isEmpty else { return false }
        guard index + 1 < tokens.count else { return true }
        let next = tokens[index + 1]
        let startsSentence = next.startsUppercase || next.core.first?.isNumber == true || !next.lead.isEmpty
        guard startsSentence else { return false }
        if token.trail.hasPrefix("."), isAbbreviation(token) {
            // "Dr. Patel", "Nov. 17", "U.S. Senate": only a capitalised function word starts a new sentence.
            return next.startsUppercase && tables.functionWords.contains(next.core.lowercased())
                && tables.abbreviations[token.dotted]?.isTitle != true
        }
        return true
    }

    private func isAbbreviation(_ token: Token) -> Bool {
        let core = token.core
        return tables.abbreviations[token.dotted] != nil || tables.months[core] != nil
            || ["St", "No"].contains(core) || (core.count == 1 && core.first?.isUppercase == true)
            || (core.utf8.contains(UInt8(ascii: ".")) && core.count <= 8)
    }

    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}
