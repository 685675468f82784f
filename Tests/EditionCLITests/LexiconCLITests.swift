import AudioEdition
import Foundation
import Testing

/// `edition lexicon import/export` with W3C PLS files, and `edition normalise --voice`.
@Suite struct LexiconCLITests {
    static func pls(_ lexemes: String, language: String = "en-US", alphabet: String = "ipa") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
                 alphabet="\(alphabet)" xml:lang="\(language)">
        \(lexemes)
        </lexicon>

        """
    }

    static let zelensky = """
          <lexeme>
            <grapheme>Zelensky</grapheme>
            <grapheme>Zelenskyy</grapheme>
            <phoneme>zɛˈlɛnski</phoneme>
          </lexeme>
          <lexeme>
            <grapheme>WHO</grapheme>
            <alias>World Health Organization</alias>
          </lexeme>
          <lexeme>
            <grapheme>Kyiv</grapheme>
            <phoneme alphabet="x-sampa">"ki:Iv</phoneme>
          </lexeme>
        """

    private func copyVoices(into folder: TemporaryFolder) throws -> URL {
        let voices = folder.url.appendingPathComponent("Voices")
        try FileManager.default.copyItem(at: voicesFolder, to: voices)
        return voices
    }

    @Test func importMergesAliasesAndPhonemesAndNormaliseShowsThem() throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let file = try folder.write("names.pls", Data(Self.pls(Self.zelensky).utf8))
        let result = try edition("lexicon", "import", file.path, "--voices", voices.path)
        #expect(result.status == 0, "\(result.stderr)")
        // Kyiv was in the bundled lexicon already: replaced where it stood.
        #expect(result.stdout.contains("4 words") && result.stdout.contains("3 added, 1 replaced"), "\(result.stdout)")
        let lexicon = try String(contentsOf: voices.appendingPathComponent("lexicon/en.tsv"), encoding: .utf8)
        let lines = lexicon.split(separator: "\n")
        // espeak-ng's phonemes, then the IPA they came from, which a neural voice speaks as it is.
        #expect(lines.contains("Zelensky\t[[zE'lEnski]]\tzɛˈlɛnski") && lines.contains("Zelenskyy\t[[zE'lEnski]]\tzɛˈlɛnski"))
        #expect(lines.contains("WHO\tWorld Health Organization") && lines.contains("Kyiv\t[['ki:Iv]]"), "X-SAMPA keeps no IPA")
        #expect(lines.filter { $0.hasPrefix("Kyiv\t") }.count == 1)
        #expect(lexicon.hasPrefix("# Pronunciation lexicon"), "comments are kept")

        // The normaliser would spell WHO; the lexicon entry for the written word wins.
        let input = try folder.write("in.txt", Data("Zelensky met the WHO in Kyiv.\n".utf8))
        let normalised = try edition("normalise", input.path, "--lines", "--voice", "newsreader", "--voices", voices.path)
        #expect(normalised.stdout == "[[zE'lEnski]] met the World Health Organization in [['ki:Iv]].\n", "\(normalised.stderr)")
        let plain = try edition("normalise", input.path, "--lines")
        #expect(plain.stdout == "Zelensky met the W H O in Kyiv.\n")
        let unknown = try edition("normalise", input.path, "--lines", "--voice", "nobody", "--voices", voices.path)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown voice 'nobody'"))
    }

    @Test func exportWritesPLSThatImportsBackToTheSameEntries() throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let source = try folder.write("names.pls", Data(Self.pls(Self.zelensky).utf8))
        #expect(try edition("lexicon", "import", source.path, "--voices", voices.path).status == 0)
        let exported = folder.url.appendingPathComponent("out.pls")
        let export = try edition("lexicon", "export", "--language", "en", "--voices", voices.path, "--output", exported.path)
        #expect(export.status == 0, "\(export.stderr)")
        let document = try String(contentsOf: exported, encoding: .utf8)
        #expect(document.contains("<grapheme>Zelensky</grapheme>\n    <grapheme>Zelenskyy</grapheme>\n    <phoneme>zɛˈlɛnski</phoneme>"))
        #expect(document.contains("<alias>World Health Organization</alias>"))
        // A mnemonic with no IPA symbol in the table stays espeak-ng's own.
        #expect(document.contains("<phoneme alphabet=\"x-espeak\">h&apos;aIm@:z</phoneme>"))

        // Into an empty Voices folder: the same entries come back, but the x-espeak one.
        let other = try TemporaryFolder()
        let fresh = other.url.appendingPathComponent("Voices")
        try FileManager.default.createDirectory(at: fresh.appendingPathComponent("lexicon"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: voices.appendingPathComponent("newsreader.json"), to: fresh.appendingPathComponent("newsreader.json"))
        let stripped = document.replacingOccurrences(of: #"  <lexeme>\n    <grapheme>HIMARS</grapheme>\n[^\n]*\n  </lexeme>\n"#, with: "", options: .regularExpression)
        let back = try other.write("back.pls", Data(stripped.utf8))
        let reimport = try edition("lexicon", "import", back.path, "--voices", fresh.path)
        #expect(reimport.status == 0, "\(reimport.stderr)")
        let original = try Lexicon.load(voices.appendingPathComponent("lexicon/en.tsv")).entries.filter { $0.key != "HIMARS" }
        let roundTrip = try Lexicon.load(fresh.appendingPathComponent("lexicon/en.tsv")).entries
        #expect(roundTrip == original)
    }

    @Test(arguments: [
        ("<lexeme><grapheme>A</grapheme><alias>x</alias></lexem>", 4, "not well-formed XML"),
        ("<lexeme>\n<alias>nobody</alias></lexeme>", 4, "<lexeme> has no <grapheme>"),
        ("<lexeme><grapheme>Paris</grapheme></lexeme>", 4, "has no <alias> or <phoneme>"),
        ("<lexeme><grapheme>Paris</grapheme><phoneme>pa7i</phoneme></lexeme>", 4, "'7' (U+37) is not an IPA symbol"),
        ("<lexeme><grapheme>Paris</grapheme><phoneme alphabet=\"klingon\">x</phoneme></lexeme>", 4, "phoneme alphabet \"klingon\" is not supported"),
        ("<lexeme><grapheme>Paris</grapheme><alias>[[p'ari]]</alias></lexeme>", 4, "would switch the engine to phonemes"),
        ("<lexeme><grapheme>Paris</grapheme><alias> </alias></lexeme>", 4, "<alias> is empty"),
        ("<lexeme><grapheme>#Paris</grapheme><alias>Paree</alias></lexeme>", 4, "starts with #"),
    ])
    func aBadPLSIsRefusedWithItsLineAndTheLexiconIsUntouched(lexeme: String, line: Int, message: String) throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let lexicon = voices.appendingPathComponent("lexicon/en.tsv")
        let before = try Data(contentsOf: lexicon)
        // A good lexeme first: nothing of the file may be taken when a later one is bad.
        let file = try folder.write("bad.pls", Data(Self.pls(lexeme + "\n" + Self.zelensky).utf8))
        let result = try edition("lexicon", "import", file.path, "--voices", voices.path)
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("edition: error: \(file.path):\(line): "), "\(result.stderr)")
        #expect(result.errors.contains(message), "\(result.stderr)")
        #expect(try Data(contentsOf: lexicon) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: lexicon.deletingLastPathComponent().path) == ["en.tsv"])
    }

    /// A newsroom's file with foreign names in full IPA imports whole; with --skip-bad, one
    /// whose lexemes are partly unusable imports the rest and reports each one left out.
    @Test func foreignNamesImportAndBadLexemesAreSkippedWhenAsked() throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let names = """
            <lexeme><grapheme>Zaluzhnyi</grapheme><phoneme>zɐˈluʒnɪj</phoneme></lexeme>
            <lexeme><grapheme>Shmyhal</grapheme><phoneme>ʃmɨˈɦalʲ</phoneme></lexeme>
            <lexeme><grapheme>Søren</grapheme><phoneme>ˈsøːɐn</phoneme></lexeme>
            <lexeme><grapheme>Llosa</grapheme><phoneme>ˈʎosa</phoneme></lexeme>
            """
        let good = try folder.write("names.pls", Data(Self.pls(names).utf8))
        let imported = try edition("lexicon", "import", good.path, "--voices", voices.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        let lexicon = try Lexicon.load(voices.appendingPathComponent("lexicon/en.tsv")).entries
        #expect(lexicon["Zaluzhnyi"] == "[[zV'lu:ZnIj]]" && lexicon["Shmyhal"] == "[[SmI'hal]]")
        #expect(lexicon["Søren"] == "[['s3:Vn]]" && lexicon["Llosa"] == "[['ljoUsa]]")

        let mixed = try folder.write("mixed.pls", Data(Self.pls("""
            <lexeme><grapheme>Kuleba</grapheme><phoneme>kʊˈlɛbɐ</phoneme></lexeme>
            <lexeme><grapheme>Broken</grapheme><phoneme>br0k3n</phoneme></lexeme>
            <lexeme><grapheme>Empty</grapheme><alias> </alias></lexeme>
            <lexeme><grapheme>Yermak</grapheme><phoneme>jerˈmak</phoneme></lexeme>
            """).utf8))
        let refused = try edition("lexicon", "import", mixed.path, "--voices", voices.path)
        #expect(refused.status == 1 && refused.errors.contains("\(mixed.path):5: <phoneme> \"br0k3n\": '0' (U+30) is not an IPA symbol"))
        let skipping = try edition("lexicon", "import", mixed.path, "--skip-bad", "--voices", voices.path)
        #expect(skipping.status == 0, "\(skipping.stderr)")
        #expect(skipping.stderr.contains("edition: skipped \(mixed.path):5: <phoneme> \"br0k3n\": '0' (U+30) is not an IPA symbol"))
        #expect(skipping.stderr.contains("edition: skipped \(mixed.path):6: <alias> is empty"))
        #expect(skipping.stdout.contains("2 words into") && skipping.stdout.contains("2 lexemes skipped"), "\(skipping.stdout)")
        let after = try Lexicon.load(voices.appendingPathComponent("lexicon/en.tsv")).entries
        #expect(after["Kuleba"] == "[[kU'lEbV]]" && after["Yermak"] == "[[jeIr'mak]]" && after["Broken"] == nil && after["Empty"] == nil)
    }

    @Test func notAPLSFileIsRefused() throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let wrongRoot = try folder.write("feed.pls", Data("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"></rss>\n".utf8))
        #expect(try edition("lexicon", "import", wrongRoot.path, "--voices", voices.path).errors
            .contains("\(wrongRoot.path):2: the root element is not <lexicon>"))
        let noLanguage = try folder.write("nolang.pls", Data(Self.pls(Self.zelensky).replacingOccurrences(of: " xml:lang=\"en-US\"", with: "").utf8))
        #expect(try edition("lexicon", "import", noLanguage.path, "--voices", voices.path).errors.contains("has no xml:lang"))
        let missing = try edition("lexicon", "import", folder.url.appendingPathComponent("none.pls").path, "--voices", voices.path)
        #expect(missing.status == 1 && missing.errors.contains("none.pls: no such file"))
        let unknownLanguage = try edition("lexicon", "export", "--language", "xx", "--voices", voices.path)
        #expect(unknownLanguage.status == 1 && unknownLanguage.errors.contains("no lexicon for language 'xx'"))
    }

    /// An external entity is not fetched and an entity bomb is not expanded: both are refused.
    @Test func hostileXMLIsRefusedWithoutFetchingOrExpanding() throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let lexicon = voices.appendingPathComponent("lexicon/en.tsv")
        let before = try Data(contentsOf: lexicon)
        let secret = try folder.write("secret.txt", Data("Paris\tsecret".utf8))
        let body = "\n  <lexeme><grapheme>Paris</grapheme><alias>&x;</alias></lexeme>"
        let external = Self.pls(body).replacingOccurrences(of: "<lexicon ", with: "<!DOCTYPE lexicon [<!ENTITY x SYSTEM \"file://\(secret.path)\">]>\n<lexicon ")
        let laughs = (1...9).map { "<!ENTITY x\($0) \"" + String(repeating: "&x\($0 - 1);", count: 10) + "\">" }.joined()
        let bomb = Self.pls(body.replacingOccurrences(of: "&x;", with: "&x9;"))
            .replacingOccurrences(of: "<lexicon ", with: "<!DOCTYPE lexicon [<!ENTITY x0 \"lol\">\(laughs)]>\n<lexicon ")
        for (name, text, message) in [("external.pls", external, "<alias> is empty"), ("bomb.pls", bomb, "entity reference loop")] {
            let file = try folder.write(name, Data(text.utf8))
            let result = try edition("lexicon", "import", file.path, "--voices", voices.path)
            #expect(result.status == 1 && result.errors.contains(message), "\(name): \(result.stderr)")
            #expect(try Data(contentsOf: lexicon) == before)
        }
    }

    /// xml:lang picks the file: a Ukrainian lexicon goes to lexicon/uk.tsv, English is untouched.
    @Test func theLanguagePicksTheLexiconFile() throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let english = try Data(contentsOf: voices.appendingPathComponent("lexicon/en.tsv"))
        let file = try folder.write("uk.pls", Data(Self.pls("<lexeme><grapheme>ЗСУ</grapheme><alias>Збройні сили України</alias></lexeme>",
                                                           language: "uk-UA").utf8))
        #expect(try edition("lexicon", "import", file.path, "--voices", voices.path).status == 0)
        #expect(try String(contentsOf: voices.appendingPathComponent("lexicon/uk.tsv"), encoding: .utf8).contains("ЗСУ\tЗбройні сили України\n"))
        #expect(try Data(contentsOf: voices.appendingPathComponent("lexicon/en.tsv")) == english)
    }

    /// An imported entry changes only the segments that say its word: the rest come from the cache.
    @Test func anImportedEntryRemakesOnlyTheSegmentsThatSayIt() throws {
        let folder = try TemporaryFolder()
        let voices = try copyVoices(into: folder)
        let article = try folder.write("visit.txt", Data("""
            Leaders meet in the capital

            The president met Zelensky on Tuesday morning.

            Talks continued late into the evening.

            A statement is expected on Friday.

            """.utf8))
        let output = folder.url.appendingPathComponent("out")
        let first = try edition("article", article.path, "--output", output.path, "--format", "wav", "--voices", voices.path)
        #expect(first.status == 0, "\(first.stderr)")
        let file = try folder.write("names.pls", Data(Self.pls(Self.zelensky).utf8))
        #expect(try edition("lexicon", "import", file.path, "--voices", voices.path).status == 0)
        let again = try edition("regenerate", "--output", output.path, "--voices", voices.path)
        #expect(again.status == 0, "\(again.stderr)")
        let manifest = try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        let episode = try #require(manifest.episodes.first)
        #expect(episode.revision == 2)
        #expect(episode.history?.last?.segmentsSynthesised == 1 && episode.history?.last?.segmentsChanged == 1)
    }
}
