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
        #expect(throws: PhonemeError(symbol: "ʁ", alphabet: "an IPA")) { try alphabets.espeak("paʁi", from: .ipa) }
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
