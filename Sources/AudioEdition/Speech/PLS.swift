import Foundation

/// Problems reading a W3C Pronunciation Lexicon (PLS) or writing it into a lexicon file.
public struct LexiconError: Error, Equatable, CustomStringConvertible {
    public var path: String
    /// The line in `path` the problem is on, when it is on one.
    public var line: Int?
    public var problem: String

    public init(path: String, line: Int? = nil, problem: String) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String { line.map { "\(path):\($0): \(problem)" } ?? "\(path): \(problem)" }
}

/// Phoneme strings between espeak-ng's English mnemonics and the IPA and X-SAMPA alphabets
/// that PLS files use, by the table in `Resources/en/phonemes.tsv`; IPA symbols English has no
/// phoneme for (the rest of the IPA chart: its consonants, vowels, diacritics, tones and ties)
/// import as the nearest English phoneme, by `Resources/en/ipa_nearest.tsv`.
public struct PhonemeAlphabets: Sendable {
    public enum Alphabet: String, Sendable, CaseIterable {
        case ipa, xSampa = "x-sampa"
        var title: String { self == .ipa ? "an IPA" : "an X-SAMPA" }
    }

    /// Symbol to mnemonic ("" for a symbol that says nothing), for each alphabet.
    private let toEspeak: [Alphabet: [String: String]]
    /// Mnemonic to its first IPA symbol.
    private let toIPA: [String: String]
    private let longest: Int

    public init(data: NormaliserData = .english) {
        var toEspeak: [Alphabet: [String: String]] = [.ipa: [:], .xSampa: [:]]
        var toIPA: [String: String] = [:]
        // Symbols are matched decomposed, so a diacritic is a symbol of its own whichever way
        // the file wrote it, and ç is one symbol, not c and a cedilla.
        for row in data.tables["phonemes"] ?? [] where row.count >= 3 {
            let espeak = row[0] == "-" ? "" : row[0]
            let ipa = row[1].decomposedStringWithCanonicalMapping, xSampa = row[2].decomposedStringWithCanonicalMapping
            if toEspeak[.ipa]?[ipa] == nil { toEspeak[.ipa]?[ipa] = espeak }
            if toEspeak[.xSampa]?[xSampa] == nil { toEspeak[.xSampa]?[xSampa] = espeak }
            if !espeak.isEmpty, toIPA[espeak] == nil { toIPA[espeak] = row[1] }
        }
        for row in data.tables["ipa_nearest"] ?? [] where row.count >= 2 {
            let ipa = row[0].decomposedStringWithCanonicalMapping
            if toEspeak[.ipa]?[ipa] == nil { toEspeak[.ipa]?[ipa] = row[1] == "-" ? "" : row[1] }
        }
        self.toEspeak = toEspeak
        self.toIPA = toIPA
        longest = (toEspeak.values.flatMap(\.keys) + toIPA.keys).map(\.unicodeScalars.count).max() ?? 1
    }

    public static let english = PhonemeAlphabets()

    /// "kɪˈjiːv" in IPA -> "kI'ji:v". Spaces are kept as word breaks; a symbol not in the table
    /// is an error naming it.
    public func espeak(_ text: String, from alphabet: Alphabet) throws(PhonemeError) -> String {
        guard let table = toEspeak[alphabet] else { return text }
        return try convert(text, table, alphabet.title)
    }

    /// "kI'ji:v" -> "kɪˈjiːv"; nil when a mnemonic has no IPA symbol in the table.
    public func ipa(_ espeak: String) -> String? {
        try? convert(espeak, toIPA, "an espeak-ng")
    }

    private func convert(_ text: String, _ table: [String: String], _ name: String) throws(PhonemeError) -> String {
        // Longest match over Unicode scalars: IPA ties and length marks are scalars of their own.
        let scalars = Array(text.decomposedStringWithCanonicalMapping.unicodeScalars)
        var out = "", index = 0
        while index < scalars.count {
            if scalars[index].properties.isWhitespace {
                if !out.hasSuffix(" "), !out.isEmpty { out += " " }
                index += 1
                continue
            }
            var matched = false
            for length in stride(from: min(longest, scalars.count - index), through: 1, by: -1) {
                var symbol = String.UnicodeScalarView()
                symbol.append(contentsOf: scalars[index..<(index + length)])
                if let mnemonic = table[String(symbol)] {
                    out += mnemonic
                    index += length
                    matched = true
                    break
                }
            }
            if !matched { throw PhonemeError(symbol: String(scalars[index]), alphabet: name) }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }
}

public struct PhonemeError: Error, Equatable, CustomStringConvertible {
    public var symbol: String
    public var alphabet: String
    public var description: String {
        "'\(symbol)' (U+\(String(symbol.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true))) is not \(alphabet) symbol AudioEdition knows"
    }
}

/// A W3C Pronunciation Lexicon Specification 1.0 document: lexemes of one or more graphemes,
/// each said by an alias (other words) or a phoneme string.
public struct PLSLexicon: Sendable, Equatable {
    /// One grapheme and what replaces it in a lexicon file: the alias, or `[[phonemes]]`.
    public struct Entry: Sendable, Equatable {
        public var grapheme: String
        public var replacement: String
        public var line: Int
        /// The IPA of a `<phoneme>` in the ipa alphabet, kept beside its espeak-ng phonemes
        /// for the neural voices, which speak IPA.
        public var ipa: String?
    }

    /// The document's `xml:lang`, as written ("en-US").
    public var language: String
    public var entries: [Entry]
    /// The lexemes left out, each with its line and problem, when bad ones are skipped.
    public var skipped: [LexiconError] = []

    /// The lexicon file this one belongs in: `en` for `en-US`.
    public var languageFile: String { language.split(separator: "-").first.map { $0.lowercased() } ?? language.lowercased() }

    static let namespace = "http://www.w3.org/2005/01/pronunciation-lexicon"

    /// Reads and checks a whole PLS file. Any problem is an error naming the file and line.
    /// With `skipBad`, a lexeme that cannot be taken is left out and listed in `skipped`; a
    /// document that is not a PLS file is still refused whole.
    public static func read(path: String, alphabets: PhonemeAlphabets = .english, skipBad: Bool = false) throws(LexiconError) -> PLSLexicon {
        // The readers' checks: a regular file, under the size limit, not empty, not binary.
        let file: SourceFile
        do { file = try SourceFile.load(path: path) } catch { throw LexiconError(path: path, problem: error.reason) }
        return try parse(file.data, path: path, alphabets: alphabets, skipBad: skipBad)
    }

    /// Reads and checks a PLS document's bytes; `path` names it in errors.
    public static func parse(_ data: Data, path: String, alphabets: PhonemeAlphabets = .english, skipBad: Bool = false) throws(LexiconError) -> PLSLexicon {
        let root: HTMLElement
        do {
            root = try HTMLDocument(bytes: Array(data), path: path, xml: true, strict: true).root()
        } catch {
            guard case let .malformed(_, reason) = error.problem else { throw LexiconError(path: path, problem: error.reason) }
            throw LexiconError(path: path, line: error.line, problem: "not well-formed XML: \(reason)")
        }
        return try parse(root, path: path, alphabets: alphabets, skipBad: skipBad)
    }

    static func parse(_ root: HTMLElement, path: String, alphabets: PhonemeAlphabets, skipBad: Bool) throws(LexiconError) -> PLSLexicon {
        guard let lexicon = root.elementChildren.first, lexicon.name == "lexicon" else {
            throw LexiconError(path: path, line: root.elementChildren.first?.line, problem: "the root element is not <lexicon>, so this is not a PLS file")
        }
        guard lexicon["version"] == "1.0" else {
            throw LexiconError(path: path, line: lexicon.line, problem: "<lexicon> needs version=\"1.0\" (found \(lexicon["version"].map { "\"\($0)\"" } ?? "none"))")
        }
        guard let language = lexicon["lang"], !language.isEmpty else {
            throw LexiconError(path: path, line: lexicon.line, problem: "<lexicon> has no xml:lang, which picks the lexicon file")
        }
        let documentAlphabet = lexicon["alphabet"]
        var entries: [Entry] = []
        var skipped: [LexiconError] = []
        for lexeme in lexicon.elementChildren where lexeme.name == "lexeme" {
            do {
                entries += try self.entries(of: lexeme, path: path, alphabets: alphabets, documentAlphabet: documentAlphabet)
            } catch {
                guard skipBad else { throw error }
                skipped.append(error)
            }
        }
        return PLSLexicon(language: language, entries: entries, skipped: skipped)
    }

    /// One lexeme's entries: a line for each grapheme, all said its preferred way.
    private static func entries(of lexeme: HTMLElement, path: String, alphabets: PhonemeAlphabets,
                                documentAlphabet: String?) throws(LexiconError) -> [Entry] {
        let graphemes = lexeme.elementChildren.filter { $0.name == "grapheme" }.map(\.text).filter { !$0.isEmpty }
        guard !graphemes.isEmpty else { throw LexiconError(path: path, line: lexeme.line, problem: "<lexeme> has no <grapheme>") }
        // A lexicon file line that starts with # is a comment.
        if let comment = graphemes.first(where: { $0.hasPrefix("#") }) {
            throw LexiconError(path: path, line: lexeme.line, problem: "<grapheme> \"\(comment)\" starts with #, which a lexicon file reads as a comment")
        }
        // The preferred pronunciation: one marked prefer="true", else the first.
        let sayings = lexeme.elementChildren.filter { $0.name == "alias" || $0.name == "phoneme" }
        guard let saying = sayings.first(where: { $0["prefer"] == "true" }) ?? sayings.first else {
            throw LexiconError(path: path, line: lexeme.line, problem: "<lexeme> for \"\(graphemes[0])\" has no <alias> or <phoneme>")
        }
        let text = saying.text
        guard !text.isEmpty else { throw LexiconError(path: path, line: saying.line, problem: "<\(saying.name)> is empty") }
        let replacement: String
        var ipa: String?
        if saying.name == "alias" {
            guard !text.contains("[[") && !text.contains("]]") else {
                throw LexiconError(path: path, line: saying.line, problem: "<alias> \"\(text)\" contains [[ or ]], which would switch the engine to phonemes")
            }
            replacement = text
        } else {
            let name = saying["alphabet"] ?? documentAlphabet ?? ""
            guard let alphabet = PhonemeAlphabets.Alphabet(rawValue: name.lowercased()) else {
                throw LexiconError(path: path, line: saying.line,
                                   problem: "phoneme alphabet \"\(name)\" is not supported (use ipa or x-sampa)")
            }
            do {
                replacement = "[[" + (try alphabets.espeak(text, from: alphabet)) + "]]"
                if alphabet == .ipa { ipa = text.precomposedStringWithCanonicalMapping.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            } catch {
                throw LexiconError(path: path, line: saying.line, problem: "<phoneme> \"\(text)\": \(error)")
            }
        }
        return graphemes.map { Entry(grapheme: $0, replacement: replacement, line: lexeme.line, ipa: ipa) }
    }

    /// A PLS 1.0 document for lexicon-file entries: respellings become `<alias>`, `[[...]]`
    /// phonemes become IPA (the IPA they were imported from, when kept; or espeak-ng mnemonics,
    /// as `x-espeak`, when a mnemonic has no IPA symbol). Words said the same way share a lexeme.
    public static func document(entries: [String: String], ipa: [String: String] = [:], language: String,
                                alphabets: PhonemeAlphabets = .english) -> String {
        var graphemes: [String: [String]] = [:]
        // Words said the same way share a lexeme; an entry imported from IPA is exported as that IPA.
        for (grapheme, replacement) in entries { graphemes[replacement + (ipa[grapheme].map { "\t" + $0 } ?? ""), default: []].append(grapheme) }
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <lexicon version="1.0" xmlns="\(namespace)" alphabet="ipa" xml:lang="\(Publishing.escape(language))">

        """
        // Lexemes in the order of their first grapheme; each list has one grapheme at least.
        for (replacement, spellings) in graphemes.sorted(by: { ($0.value.min() ?? "") < ($1.value.min() ?? "") }) {
            out += "  <lexeme>\n"
            for grapheme in spellings.sorted() { out += "    <grapheme>\(Publishing.escape(grapheme))</grapheme>\n" }
            if let tab = replacement.firstIndex(of: "\t") {
                out += "    <phoneme>\(Publishing.escape(String(replacement[replacement.index(after: tab)...])))</phoneme>\n"
            } else if replacement.hasPrefix("[["), replacement.hasSuffix("]]") {
                let mnemonics = String(replacement.dropFirst(2).dropLast(2))
                if let ipa = alphabets.ipa(mnemonics) {
                    out += "    <phoneme>\(Publishing.escape(ipa))</phoneme>\n"
                } else {
                    out += "    <phoneme alphabet=\"x-espeak\">\(Publishing.escape(mnemonics))</phoneme>\n"
                }
            } else {
                out += "    <alias>\(Publishing.escape(replacement))</alias>\n"
            }
            out += "  </lexeme>\n"
        }
        return out + "</lexicon>\n"
    }
}

extension VoiceLibrary {
    /// The lexicon file for a language: `lexicon/en.tsv`.
    public func lexiconFile(language: String) -> URL {
        folder.appendingPathComponent("lexicon/\(language.lowercased()).tsv")
    }

    /// Merges a PLS lexicon into its language's lexicon file, written whole under a temporary
    /// name and renamed into place: the file is either as it was or fully updated.
    public func importLexicon(_ pls: PLSLexicon, from source: String) throws(LexiconError) -> (file: URL, added: Int, replaced: Int) {
        let file = lexiconFile(language: pls.languageFile)
        var existing = ""
        if FileManager.default.fileExists(atPath: file.path) {
            do {
                existing = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw LexiconError(path: file.path, problem: "cannot read the lexicon file: \((error as NSError).localizedDescription)")
            }
        }
        let merged = Lexicon.merging(pls.entries.map { ($0.grapheme, $0.replacement + ($0.ipa.map { "\t" + $0 } ?? "")) }, into: existing,
                                     heading: "imported from \(URL(fileURLWithPath: source).lastPathComponent)")
        do {
            let scratch = folder.appendingPathComponent("lexicon/.tmp")
            try AtomicFile.write(Data(merged.text.utf8), to: file, scratch: scratch)
            rmdir(scratch.path)  // only when empty: another import may be writing there
        } catch {
            throw LexiconError(path: file.path, problem: "cannot write the lexicon file: \(error)")
        }
        return (file, merged.added, merged.replaced)
    }

    /// A language's lexicon file as a PLS 1.0 document.
    public func exportLexicon(language: String) throws(LexiconError) -> String {
        let file = lexiconFile(language: language)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw LexiconError(path: file.path, problem: "no lexicon for language '\(language)'")
        }
        do {
            let lexicon = try Lexicon.load(file)
            return PLSLexicon.document(entries: lexicon.entries, ipa: lexicon.ipa, language: language)
        } catch {
            throw LexiconError(path: file.path, problem: "cannot read the lexicon file: \((error as NSError).localizedDescription)")
        }
    }
}
