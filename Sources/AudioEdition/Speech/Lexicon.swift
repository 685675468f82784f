import Foundation

/// Pronunciations users edit in `Voices/lexicon/<language>.tsv`: a word or phrase, a tab, then
/// a respelling espeak-ng reads better ("Kyiv	Keev") or espeak phonemes in `[[...]]`.
///
/// Lexicon entries are the only text that reaches espeak-ng as phoneme input: article text is
/// stripped of brackets by the `Sanitiser` before it gets here.
public struct Lexicon: Sendable, Equatable {
    public private(set) var entries: [String: String]
    /// Longest phrase, in words, so matching can stop early.
    private var longest = 1

    public init(entries: [String: String] = [:]) {
        self.entries = entries
        longest = entries.keys.map { $0.split(separator: " ").count }.max() ?? 1
    }

    public static func load(_ url: URL) throws -> Lexicon {
        let rows = NormaliserData.parse(try String(contentsOf: url, encoding: .utf8))
        var entries: [String: String] = [:]
        for row in rows where row.count >= 2 && !row[0].isEmpty && !row[1].isEmpty { entries[row[0]] = row[1] }
        return Lexicon(entries: entries)
    }

    /// A hash of the entries, for the manifest and cache keys.
    public var sha256: String {
        SHA256.hex(entries.keys.sorted().map { "\($0)\t\(entries[$0] ?? "")" }.joined(separator: "\n"))
    }

    /// Replaces whole words and phrases, keeping punctuation around them and a possessive "'s".
    public func apply(_ text: String) -> String {
        guard !entries.isEmpty else { return text }
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var index = 0
        while index < words.count {
            var replaced = false
            for length in stride(from: min(longest, words.count - index), through: 1, by: -1) {
                let phrase = words[index..<(index + length)]
                var key = phrase.joined(separator: " ")
                let lead = String(key.prefix { "(\"“‘'".contains($0) })
                key.removeFirst(lead.count)
                var trail = String(key.reversed().prefix { ".,;:!?)\"”’'".contains($0) }.reversed())
                key.removeLast(trail.count)
                for possessive in ["'s", "’s"] where entries[key] == nil && key.hasSuffix(possessive) {
                    key.removeLast(2)
                    trail = possessive + trail
                }
                if let replacement = entries[key] {
                    out.append(lead + replacement + trail)
                    index += length
                    replaced = true
                    break
                }
            }
            if !replaced {
                out.append(words[index])
                index += 1
            }
        }
        return out.joined(separator: " ")
    }
}
