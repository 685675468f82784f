import Foundation
import Testing
@testable import AudioEdition

/// Written in, spoken out: one fixture file per semiotic class drives these tables.
@Suite struct NormaliserTests {
    static let classes = ["abbreviation", "cardinal", "date", "decimal", "electronic", "fraction", "measure", "money",
                          "ordinal", "percent", "plain", "range", "roman", "score", "serial", "telephone", "time", "year",
                          "acronym", "slash", "dateline"]

    @Test(arguments: classes)
    func fixtureTable(semioticClass: String) throws {
        let text = try String(contentsOf: fixture("normalisation/\(semioticClass).tsv"), encoding: .utf8)
        let rows = NormaliserData.parse(text)
        #expect(rows.count >= 3)
        for row in rows {
            #expect(Normaliser.english.normalise(row[0]).spoken == row[1], "\(semioticClass): \(row[0])")
        }
    }

    @Test func numberWords() {
        #expect(NumberWords.cardinal(digits: "2876415") == "two million eight hundred seventy six thousand four hundred fifteen")
        #expect(NumberWords.cardinal(0) == "zero")
        #expect(NumberWords.ordinal(digits: "40") == "fortieth")
        #expect(NumberWords.year(1800) == "eighteen hundred")
        #expect(NumberWords.year(2100) == "twenty one hundred")
        #expect(NumberWords.year(2009) == "two thousand nine")
        #expect(NumberWords.designator("777") == "seven seventy seven")
        #expect(NumberWords.designator("300") == "three hundred")
    }

    @Test func piecesMapSpokenTextBackToWrittenWords() {
        let text = "Pay $55 billion by Nov. 17 please"
        let normalised = Normaliser.english.normalise(text)
        #expect(normalised.spoken == "Pay fifty five billion dollars by November seventeenth please")
        let written = normalised.pieces.map { piece in
            String(text.unicodeScalars.dropFirst(piece.written.lowerBound).prefix(piece.written.count))
        }
        #expect(written == ["Pay", "$55 billion", "by", "Nov. 17", "please"])
        let offset = normalised.spoken.unicodeScalars.count - "seventeenth please".count
        #expect(normalised.piece(atSpokenOffset: offset)?.spoken == "November seventeenth")
    }

    @Test func unclassifiableTextPassesThroughUnchanged() {
        let text = "Zorya’s xyzzy ~~ {ok} ¿qué? 🙂 — so-called"
        #expect(Normaliser.english.normalise(text).spoken == text)
    }
}

@Suite struct SentenceSplitterTests {
    let splitter = SentenceSplitter()

    @Test func abbreviationsInsideASentenceEndNothing() {
        #expect(splitter.split("On Nov. 17 the U.S. Senate met Dr. Patel. Then it rained!") ==
            ["On Nov. 17 the U.S. Senate met Dr. Patel.", "Then it rained!"])
    }

    @Test func quotesAndQuestionsEndSentences() {
        #expect(splitter.split("\"Will it hold?\" she asked. It did.") == ["\"Will it hold?\" she asked.", "It did."])
        #expect(splitter.split("Prices fell 2.5 percent. Sales rose.") == ["Prices fell 2.5 percent.", "Sales rose."])
    }

    @Test func anAbbreviationBeforeAFunctionWordEndsTheSentence() {
        #expect(splitter.split("He moved to the U.S. The move was quick.") == ["He moved to the U.S.", "The move was quick."])
    }
}

@Suite struct LexiconTests {
    let lexicon = Lexicon(entries: ["Kyiv": "Keeyiv", "New York": "Noo York", "HIMARS": "[[h'aIm@:z]]"])

    @Test func replacesWholeWordsAndPhrasesKeepingPunctuation() {
        #expect(lexicon.apply("In Kyiv, Kyiv's mayor met (HIMARS) crews from New York.")
            == "In Keeyiv, Keeyiv's mayor met ([[h'aIm@:z]]) crews from Noo York.")
        #expect(lexicon.apply("Kyivan food") == "Kyivan food")
        // A phrase behind opening marks, with a possessive and closing marks; a word that starts
        // no phrase, and a phrase's first word alone, are left as they are.
        #expect(lexicon.apply("(\u{201C}New York's\u{201D}), New Yorkers, New, York") == "(\u{201C}Noo York's\u{201D}), New Yorkers, New, York")
    }

    @Test func bundledLexiconLoads() throws {
        let bundled = try Lexicon.load(voicesFolder.appendingPathComponent("lexicon/en.tsv"))
        #expect(bundled.entries["Kyiv"] != nil)
        #expect(bundled.sha256.count == 64)
    }

    @Test func articleTextCannotReachPhonemeMode() {
        let script = Script(article: Article(title: "T [[h'@loU]] <speak>", blocks: []), pauses: .init(), lexicon: lexicon)
        #expect(!script.segments[0].spoken.contains("[["))
        #expect(script.segments[0].spoken.contains("(h'@loU"))
    }
}

@Suite struct SanitiserTests {
    @Test func collapsesDegenerateRunsAndControlCharacters() {
        let dots = Sanitiser.clean(String(repeating: "a . ", count: 100))
        #expect(dots == "a . a . a .")
        #expect(Sanitiser.clean(String(repeating: "s'", count: 80)) == "s's's'")
        #expect(Sanitiser.clean("one\u{0}two\u{7}\u{200B}three") == "onetwothree")
        #expect(Sanitiser.clean("very very very very good") == "very very very good")
        #expect(Sanitiser.clean(String(repeating: "x", count: 200)).split(separator: " ").allSatisfy { $0.count <= Sanitiser.maxTokenLength })
        // A million digits keep four pieces' worth; a long word in Cyrillic is cut between letters.
        let digits = String((0..<1_000_000).map { Character(String($0 * 7 % 10)) })
        #expect(Sanitiser.clean(digits).split(separator: " ").map(\.count) == [80, 80, 80, 80])
        #expect(Sanitiser.clean(String(repeating: "їжак", count: 100)).utf8.count == 4 * 80 + 3)
    }

    @Test func leavesOrdinaryTextAlone() {
        let text = "The 3-1 win, on Nov. 17 — “a big day” — drew 40,000 fans."
        #expect(Sanitiser.clean(text) == text)
    }
}
