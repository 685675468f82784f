/// Initialisms said letter by letter: "BBC" -> "B B C", "CIA" -> "C.I.A.", "NGOs" -> "N G O's",
/// "U.S." -> "U S". Acronyms said as words (NATO, FEMA, NASAMS) stay words, as `CapitalsReading`
/// decides; a line in capitals is read as words.
struct InitialismClass: SemioticClass {
    var needsDigit: Bool { false }
    var startsOnPlainWords: Bool { true }

    struct Value { var letters: String; var suffix: String }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let token = context.tokens[index]
        let core = token.core
        // "MoD", "DfE", "DfID": capitals with one lowercase letter between them.
        if let last = core.utf8.last, last >= 0x41, last <= 0x5A, (3...4).contains(core.utf8.count), token.startsUppercase,
           core.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }),
           core.utf8.filter({ $0 >= 0x61 }).count == 1, !context.tables.capitals.words.contains(core) {
            return (Value(letters: core.uppercased(), suffix: ""), Match(length: 1, spoken: ""))
        }
        // "U.S." or "BBC": the second byte is a period or a capital.
        let utf8 = Array(core.utf8.prefix(2))
        guard token.startsUppercase, utf8.count == 2, utf8[1] == 0x2E || (0x41...0x5A).contains(utf8[1]) else { return nil }
        // "U.S." and "U.K.": letters separated by periods.
        if core.count >= 3, core.count % 2 == 1, core.enumerated().allSatisfy({ $0.offset % 2 == 1 ? $0.element == "." : $0.element.isUppercase }) {
            let letters = core.filter { $0 != "." }
            return (Value(letters: letters, suffix: ""), Match(length: 1, spoken: "", consumesPeriod: token.trail.hasPrefix(".")))
        }
        var letters = Substring(core), suffix = ""
        for ending in ["'s", "’s", "s"] where letters.hasSuffix(ending) && letters.count > ending.count + 1 {
            letters = letters.dropLast(ending.count)
            suffix = "'s"
            break
        }
        guard (2...8).contains(letters.count), letters.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
        if let respelling = context.tables.respellings[String(letters)] {
            return (Value(letters: "", suffix: respelling + suffix), Match(length: 1, spoken: ""))
        }
        guard !context.tables.capitals.isWord(String(letters)) else { return nil }
        // A dateline opens the text: "KYIV, Ukraine", "KHARKIV. Aug. 15", "MANILA —".
        if index == 0, letters.count >= 4, suffix.isEmpty, !context.tables.capitals.spelled.contains(String(letters)),
           let next = context.token(1), token.trail == "," || token.trail == "." ? next.startsUppercase : ["—", "–", "-"].contains(next.whole) {
            return nil
        }
        // Several words in capitals in a row are a shouted line or a dateline ("DES MOINES, Iowa",
        // "BY DANIEL ORTEGA"), not initialisms: a word there is said as a word when it can be.
        let neighbours = [context.token(index - 1), context.token(index + 1)].compactMap { $0 }
        let capitals = context.tables.capitals
        if neighbours.contains(where: { $0.isAllCaps && $0.core.count > 3 && !capitals.words.contains($0.core) && capitals.isSayable($0.core) }),
           context.tables.functionWords.contains(letters.lowercased()) || (letters.count >= 3 && capitals.isSayable(String(letters))) {
            return nil
        }
        return (Value(letters: String(letters), suffix: suffix), Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        value.letters.isEmpty ? value.suffix : NormaliserTables.spell(value.letters) + value.suffix
    }
}
