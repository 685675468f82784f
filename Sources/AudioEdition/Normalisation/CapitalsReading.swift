/// Whether a run of capitals is said as a word (NATO, FEMA, NASAMS) or spelled letter by letter
/// (BBC, OECD, UNHCR). The word lists decide first (`acronyms.tsv`, `initialisms.tsv`); three
/// letters or fewer are spelled; a longer run is said as a word when it splits wholly into
/// syllables of an onset, a vowel group and a coda (`syllables.tsv`), with a cluster closing
/// only the last syllable (USPTO is spelled) and, in runs under five letters, no vowel meeting
/// another across a syllable boundary (IAEA is spelled).
struct CapitalsReading: Sendable {
    let words: Set<String>
    let spelled: Set<String>
    let vowels: Set<String>
    let onsets: Set<String>
    let codas: Set<String>
    let longest: Int

    init(_ data: NormaliserData) {
        words = data.set("acronyms")
        spelled = data.set("initialisms")
        var parts: [String: Set<String>] = [:]
        for row in data.tables["syllables"] ?? [] where row.count >= 2 { parts[row[0], default: []].insert(row[1]) }
        vowels = parts["vowel"] ?? []
        onsets = parts["onset"] ?? []
        codas = parts["coda"] ?? []
        longest = (vowels.union(onsets).union(codas)).map(\.count).max() ?? 1
    }

    /// Said as a word, from the lists, else from the syllable shape.
    func isWord(_ letters: String) -> Bool {
        if words.contains(letters) { return true }
        if spelled.contains(letters) || letters.count < 4 { return false }
        return isSayable(letters)
    }

    /// Splits the letters into syllables; true when some split covers them all.
    func isSayable(_ letters: String) -> Bool {
        let text = Array(letters.utf8)
        guard text.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return false }
        // reachable[i]: a syllable can end at i (and the next one start there).
        var reachable = [Bool](repeating: false, count: text.count + 1)
        reachable[0] = true
        for start in 0..<text.count where reachable[start] {
            // Only the first syllable may start on its vowel (IAEA is spelled), but in a run of
            // five or more, vowels may meet (OPTIONS, RADIO): initialisms that long are rare.
            let onsetEnds = consonantClusters(text, from: start, in: onsets).union(start == 0 || text.count >= 5 ? [start] : [])
            for vowelStart in onsetEnds {
                for vowelEnd in matches(text, from: vowelStart, in: vowels) {
                    reachable[vowelEnd] = true
                    // A cluster closes only the last syllable: USPTO is not "usp-to".
                    for codaEnd in consonantClusters(text, from: vowelEnd, in: codas) where codaEnd == vowelEnd + 1 || codaEnd == text.count {
                        reachable[codaEnd] = true
                    }
                }
            }
        }
        return reachable[text.count]
    }

    /// Ends of the one-consonant runs and of the listed clusters starting at `start`.
    private func consonantClusters(_ text: [UInt8], from start: Int, in clusters: Set<String>) -> Set<Int> {
        var ends: Set<Int> = []
        guard start < text.count, !Self.isVowelLetter(text[start]) else { return ends }
        ends.insert(start + 1)
        ends.formUnion(matches(text, from: start, in: clusters).filter { $0 > start + 1 })
        return ends
    }

    private func matches(_ text: [UInt8], from start: Int, in set: Set<String>) -> [Int] {
        guard start < text.count else { return [] }
        return (1...min(longest, text.count - start)).compactMap { length in
            set.contains(String(decoding: text[start..<(start + length)], as: UTF8.self)) ? start + length : nil
        }
    }

    private static func isVowelLetter(_ byte: UInt8) -> Bool { "AEIOU".utf8.contains(byte) }
}
