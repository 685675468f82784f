import Foundation

/// Pronunciations users edit in `Voices/lexicon/<language>.tsv`: a word or phrase, a tab, then
/// a respelling espeak-ng reads better ("Kyiv	Keev") or espeak phonemes in `[[...]]`, and
/// after phonemes, optionally, a tab and the IPA they were imported from (a PLS file's), which
/// a neural voice is given as it is (`forNeuralVoice`).
///
/// Lexicon entries are the only text that reaches espeak-ng as phoneme input: article text is
/// stripped of brackets by the `Sanitiser` before it gets here.
public struct Lexicon: Sendable, Equatable {
    public private(set) var entries: [String: String]
    /// The IPA a phoneme entry was imported from, by word.
    public private(set) var ipa: [String: String] = [:]
    /// Longest phrase, in words, so matching can stop early.
    private var longest = 1
    /// The first word of every phrase of more than one word: a word no phrase starts with is
    /// looked up alone.
    private var phraseStarts: Set<Substring> = []
    private static let opening: Set<Character> = ["(", "\"", "“", "‘", "'"]

    public init(entries: [String: String] = [:], ipa: [String: String] = [:]) {
        self.entries = entries
        self.ipa = ipa
        longest = entries.keys.map { $0.split(separator: " ").count }.max() ?? 1
        phraseStarts = Set(entries.keys.filter { $0.contains(" ") }.map { $0.prefix { $0 != " " } })
    }

    public static func load(_ url: URL) throws -> Lexicon {
        parse(try String(contentsOf: url, encoding: .utf8))
    }

    /// A lexicon file's text: rows of a word or phrase, a tab and its replacement; `#` comments.
    public static func parse(_ text: String) -> Lexicon {
        let rows = NormaliserData.parse(text)
        var entries: [String: String] = [:], ipa: [String: String] = [:]
        for row in rows where row.count >= 2 && !row[0].isEmpty && !row[1].isEmpty {
            entries[row[0]] = row[1]
            if row.count >= 3, !row[2].isEmpty, row[1].hasPrefix("[["), !row[2].contains("]") { ipa[row[0]] = row[2] }
        }
        return Lexicon(entries: entries, ipa: ipa)
    }

    /// A hash of the entries, for the manifest and cache keys.
    public var sha256: String {
        SHA256.hex(entries.keys.sorted().map { "\($0)\t\(entries[$0] ?? "")" + (ipa[$0].map { "\t" + $0 } ?? "") }.joined(separator: "\n"))
    }

    /// The lexicon a neural voice reads with: an entry imported from IPA is `[[ipa:…]]`, which
    /// the engine hands to the model as it is, instead of espeak-ng's nearest phonemes.
    public func forNeuralVoice() -> Lexicon {
        guard !ipa.isEmpty else { return self }
        var entries = entries
        for (word, phonemes) in ipa { entries[word] = "[[ipa:\(phonemes)]]" }
        return Lexicon(entries: entries, ipa: ipa)
    }

    /// Replaces whole words and phrases, keeping punctuation around them and a possessive "'s".
    /// Text with nothing to replace comes back as it was.
    public func apply(_ text: String) -> String {
        guard !entries.isEmpty else { return text }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var out: [String] = []
        var kept = 0  // words before this one are in `out`
        var index = 0
        while index < words.count {
            // A phrase's key starts with its first word, less the opening marks.
            let first = words[index].drop { Self.opening.contains($0) }
            let longest = phraseStarts.contains(first) ? min(self.longest, words.count - index) : 1
            var match: (length: Int, text: String)?
            for length in stride(from: longest, through: 1, by: -1) {
                if let replaced = replacement(of: words[index..<(index + length)]) {
                    match = (length, replaced)
                    break
                }
            }
            guard let match else {
                index += 1
                continue
            }
            out += words[kept..<index].map(String.init)
            out.append(match.text)
            index += match.length
            kept = index
        }
        guard kept > 0 else { return text }
        out += words[kept...].map(String.init)
        return out.joined(separator: " ")
    }

    /// The phrase's replacement with its opening and closing marks, if it has one.
    private func replacement(of phrase: ArraySlice<Substring>) -> String? {
        var key = phrase.joined(separator: " ")
        let lead = String(key.prefix { Self.opening.contains($0) })
        key.removeFirst(lead.count)
        var trail = String(key.reversed().prefix { ".,;:!?)\"”’'".contains($0) }.reversed())
        key.removeLast(trail.count)
        for possessive in ["'s", "’s"] where entries[key] == nil && key.hasSuffix(possessive) {
            key.removeLast(2)
            trail = possessive + trail
        }
        return entries[key].map { lead + $0 + trail }
    }
}

extension Lexicon {
    /// A lexicon file's text with `entries` merged in: a word already there has its line
    /// replaced where it stands, new words are appended under `heading`. Comments and order
    /// are kept. Returns the text and how many words were added and replaced.
    public static func merging(_ entries: [(word: String, replacement: String)], into text: String,
                               heading: String) -> (text: String, added: Int, replaced: Int) {
        var pending: [String: String] = [:]
        var order: [String] = []
        for (word, replacement) in entries {
            if pending[word] == nil { order.append(word) }
            pending[word] = replacement
        }
        var lines = text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var replaced = 0
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            let word = line.split(separator: "\t", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let replacement = pending.removeValue(forKey: word) else { continue }
            lines[index] = "\(word)\t\(replacement)"
            replaced += 1
        }
        let added = order.filter { pending[$0] != nil }
        if !added.isEmpty {
            lines.append("# \(heading)")
            lines += added.map { "\($0)\t\(pending[$0]!)" }
        }
        return (lines.joined(separator: "\n") + "\n", added.count, replaced)
    }
}

extension NormalisedText {
    /// The pieces with the lexicon applied: what the engine is given. A word the normaliser
    /// read ("WHO" said "W H O") is looked up as written first, so a lexicon entry for it
    /// wins; every other piece is looked up as said. `written` is the normalised text.
    public func applying(_ lexicon: Lexicon, written: String) -> NormalisedText {
        guard !lexicon.entries.isEmpty else { return self }
        let scalars = Array(written.unicodeScalars)
        return NormalisedText(pieces: pieces.map { piece in
            if piece.written.upperBound <= scalars.count {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[piece.written])
                let token = String(view)
                if token != piece.spoken, !token.contains(" ") {
                    let replaced = lexicon.apply(token)
                    if replaced != token { return .init(spoken: replaced, written: piece.written) }
                }
            }
            return .init(spoken: lexicon.apply(piece.spoken), written: piece.written)
        })
    }
}
