import Foundation
import Testing
@testable import AudioEdition

@Suite struct PLSTests {
    let alphabets = PhonemeAlphabets.english

    @Test func ipaAndXSampaBecomeEspeakMnemonics() throws {
        #expect(try alphabets.espeak("kɪˈjiːv", from: .ipa) == "kI'ji:v")
        // Tie bars, syllable breaks and a decomposed length mark are read as one symbol or none.
        #expect(try alphabets.espeak("ˈt͡ʃɜː.tʃɪl", from: .ipa) == "'tS3:tSIl")
        #expect(try alphabets.espeak("ˌnjuː ˈjɔːk", from: .ipa) == ",nju: 'jO:k")
        #expect(try alphabets.espeak("\"tS3:tSIl", from: .xSampa) == "'tS3:tSIl")
        #expect(try alphabets.espeak("%{nt@\"lOn", from: .xSampa) == ",ant@'lO:n")
        // Only what is not IPA at all is refused, by name.
        #expect(throws: PhonemeError(symbol: "7", alphabet: "an IPA")) { try alphabets.espeak("pa7i", from: .ipa) }
        #expect(throws: PhonemeError(symbol: "Q", alphabet: "an IPA")) { try alphabets.espeak("Qa", from: .ipa) }
    }

    /// Foreign names as newsrooms write them: every IPA symbol becomes English espeak-ng's
    /// nearest phoneme (these four were refused whole), diacritics, tones and ties are said by
    /// the sounds around them, and a symbol precomposed or decomposed reads the same.
    @Test(arguments: [
        ("zɐˈluʒnɪj", "zV'lu:ZnIj"), ("ʃmɨˈɦalʲ", "SmI'hal"), ("ˈsøːɐn", "'s3:Vn"), ("ˈʎosa", "'ljoUsa"),
        ("paʁi", "pari"), ("ˈbɛ̃ʒ", "'bEZ"), ("ˈbe\u{0303}ʒ", "'beIZ"), ("ˈtsʰa˥˩", "'tsa"), ("ɲ͡ɟ", "njg"),
        ("ˈçøːn", "'h3:n"), ("kʼa", "ka"), ("ˈʂʈʂɛ", "'StSE"), ("ǃxo", "kxoU"), ("ʦar", "tsar"),
    ])
    func theWholeIPAChartImportsAsItsNearestEnglishPhoneme(ipa: String, espeak: String) throws {
        #expect(try alphabets.espeak(ipa, from: .ipa) == espeak)
        #expect(try alphabets.espeak(ipa.decomposedStringWithCanonicalMapping, from: .ipa) == espeak)
    }

    /// A lexicon row may keep the IPA its phonemes were imported from: a neural voice reads that,
    /// espeak-ng reads the phonemes, the hash covers both, and espeak-ng's text keeps its length.
    @Test func theImportedIPAIsKeptForNeuralVoices() throws {
        let lexicon = Lexicon.parse("Zaluzhnyi\t[[zV'lu:ZnIj]]\tzɐˈluʒnɪj\nKyiv\tKeev\n")
        #expect(lexicon.entries["Zaluzhnyi"] == "[[zV'lu:ZnIj]]" && lexicon.ipa == ["Zaluzhnyi": "zɐˈluʒnɪj"])
        #expect(lexicon.forNeuralVoice().entries == ["Zaluzhnyi": "[[ipa:zɐˈluʒnɪj]]", "Kyiv": "Keev"])
        #expect(lexicon.sha256 != Lexicon.parse("Zaluzhnyi\t[[zV'lu:ZnIj]]\nKyiv\tKeev\n").sha256)
        let text = "General [[ipa:zɐˈluʒnɪj]] spoke."
        let spoken = try ESpeakEngine.espeakPhonemes(in: text)
        #expect(spoken == "General [[zV'lu:ZnIj   ]] spoke.")
        #expect(spoken.unicodeScalars.count == text.unicodeScalars.count)
        #expect(throws: SpeechError.self) { try ESpeakEngine.espeakPhonemes(in: "[[ipa:pa7i]]") }
    }

    @Test func espeakMnemonicsBecomeIPA() {
        #expect(alphabets.ipa("kI'ji:v") == "kɪˈjiːv")
        #expect(alphabets.ipa("zE'lEnski") == "zɛˈlɛnski")
        #expect(alphabets.ipa("h'aIm@:z") == nil)
    }

    @Test func thePreferredPronunciationAndEveryGraphemeAreTaken() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("a.pls", """
            <?xml version="1.0" encoding="UTF-8"?>
            <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-GB">
              <lexeme>
                <grapheme>Nato</grapheme>
                <grapheme> NATO </grapheme>
                <alias>nay toe</alias>
                <phoneme prefer="true">ˈneɪtəʊ</phoneme>
              </lexeme>
            </lexicon>
            """)
        let pls = try PLSLexicon.read(path: file.path)
        #expect(pls.language == "en-GB" && pls.languageFile == "en")
        #expect(pls.entries.map(\.grapheme) == ["Nato", "NATO"])
        #expect(pls.entries.allSatisfy { $0.replacement == "[['neItoU]]" && $0.line == 3 })
    }

    @Test func mergingReplacesInPlaceAndAppendsTheRest() {
        let merged = Lexicon.merging([("Kyiv", "Keev"), ("Lviv", "Lveev"), ("Lviv", "Lvyiv")],
                                     into: "# comment\nKyiv\tKeeyiv\nOdesa\tOdessa\n", heading: "imported from a.pls")
        #expect(merged.text == "# comment\nKyiv\tKeev\nOdesa\tOdessa\n# imported from a.pls\nLviv\tLvyiv\n")
        #expect(merged.added == 1 && merged.replaced == 1)
    }
}
