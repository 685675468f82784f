import Foundation
import Testing
@testable import AudioEdition

/// Ukrainian numbers agree with their nouns: the development set, then the grammar it rests on.
@Suite struct UkrainianNormaliserTests {
    let normaliser = UkrainianNormaliser()
    let numbers = UkrainianNumbers(tables: UkrainianTables(.bundled("uk")))

    /// Hyphens and dashes between words are spacing to espeak-ng; so are doubled spaces.
    static func words(_ text: String) -> String {
        text.replacingOccurrences(of: "–", with: " ").replacingOccurrences(of: "-", with: " ")
            .split(whereSeparator: { $0 == " " || $0 == "." }).joined(separator: " ")
    }

    /// Every case of our development set is said as one of its references, word for word
    /// (the phoneme scorer, tn_eval.py --voice uk, is kinder than this).
    @Test func developmentSet() throws {
        let text = try String(contentsOf: fixture("normalisation/uk_cases.tsv"), encoding: .utf8)
        let rows = NormaliserData.parse(text).filter { $0.count >= 3 && $0[0] != "category" }
        #expect(rows.count >= 150)
        for row in rows {
            let spoken = Self.words(normaliser.normalise(row[1]).spoken)
            #expect(row.dropFirst(2).map(Self.words).contains(spoken), "\(row[0]): \(row[1]) -> \(spoken)")
        }
    }

    @Test func cardinalsAgreeInGenderAndCase() {
        #expect(numbers.cardinal(21, .feminine) == "двадцять одна")
        #expect(numbers.cardinal(2, .feminine) == "дві")
        #expect(numbers.cardinal(2, .neuter) == "два")
        #expect(numbers.cardinal(1, .neuter) == "одне")
        #expect(numbers.cardinal(200, .masculine, .genitive) == "двохсот")
        #expect(numbers.cardinal(2_021_000) == "два мільйони двадцять одна тисяча")
        #expect(numbers.cardinal(5000, .masculine, .instrumental) == "п'ятьма тисячами")
        #expect(numbers.cardinal(1000) == "тисяча")
        #expect(numbers.cardinal(0) == "нуль")
    }

    @Test func ordinalsTakeTheirLastWordsEnding() {
        #expect(numbers.ordinal(2023, .masculine, .genitive) == "дві тисячі двадцять третього")
        #expect(numbers.ordinal(2022, .masculine, .locative) == "дві тисячі двадцять другому")
        #expect(numbers.ordinal(2000) == "двохтисячний")
        #expect(numbers.ordinal(1990, .masculine, .genitive) == "тисяча дев'ятсот дев'яностого")
        #expect(numbers.ordinal(3, .feminine, .locative) == "третій")
        #expect(numbers.ordinal(14, .feminine, .locative) == "чотирнадцятій")
        #expect(numbers.ordinal(300) == "трьохсотий")
        #expect(numbers.ordinal(90, .plural, .genitive) == "дев'яностих")
    }

    @Test func countFormsOfANoun() throws {
        let tables = UkrainianTables(.bundled("uk"))
        let hryvnia = try #require(tables.nouns["гривня"])
        #expect([1, 2, 5, 11, 12, 21, 22, 25, 111].map { hryvnia.counted(CountForm($0), in: .nominative) }
            == ["гривня", "гривні", "гривень", "гривень", "гривень", "гривня", "гривні", "гривень", "гривень"])
        #expect(hryvnia.counted(.few, in: .locative) == "гривнях")
        #expect(hryvnia.counted(.fraction, in: .nominative) == "гривні")
        let person = try #require(tables.nouns["людина"])
        #expect(person.counted(.few, in: .nominative) == "людини")
        #expect(person.counted(.many, in: .nominative) == "людей")
    }

    /// A period after an abbreviation ends the sentence only before a capital.
    @Test func abbreviationPeriods() {
        #expect(normaliser.normalise("У 2022 р. Україна").spoken == "У дві тисячі двадцять другому році. Україна")
        #expect(normaliser.normalise("5 тис. грн на місяць").spoken == "п'ять тисяч гривень на місяць")
        #expect(normaliser.normalise("м. Київ").spoken == "місто Київ")
    }

    /// What no class reads passes through as written: words, Latin text, odd numbers.
    @Test func unknownTextPassesThrough() {
        for text in ["Верховна Рада", "NATO", "ЗСУ", "12:345", "1//2", "Х", "І"] {
            #expect(normaliser.normalise(text).spoken == text)
        }
    }

    @Test func piecesMapBackToTheWrittenWords() {
        let text = "Загинула 21 людина 17 листопада"
        let pieces = normaliser.normalise(text).pieces
        let written = pieces.map { String(text.unicodeScalars.dropFirst($0.written.lowerBound).prefix($0.written.count)) }
        #expect(written == ["Загинула", "21", "людина", "17 листопада"])
        #expect(pieces.map(\.spoken) == ["Загинула", "двадцять одна", "людина", "сімнадцятого листопада"])
    }

    /// English is not touched by any of this: the same class list and tables as before.
    @Test func otherLanguagesGetTheirOwnRules() {
        #expect(LanguageText.forLanguage("uk-UA").normaliser is UkrainianNormaliser)
        #expect(LanguageText.forLanguage(nil).normaliser.normalise("$55 billion").spoken == "fifty five billion dollars")
        // German keeps its digits for espeak-ng, and says its abbreviations.
        let german = LanguageText.forLanguage("de").normaliser.normalise("z.B. 17 Häuser, Dr. Weber")
        #expect(german.spoken == "zum Beispiel 17 Häuser, Doktor Weber")
        #expect(LanguageText.forLanguage("de").credit.line(for: Article(title: "T", byline: ["A", "B"], published: "2024-03-01", blocks: []))
            == "Von A und B. 1. März 2024.")
        #expect(LanguageText.forLanguage("uk").credit.line(for: Article(title: "T", byline: ["Ірина Коваль"], published: "2023-11-17", blocks: []))
            == "Автор: Ірина Коваль. 17 листопада 2023 року.")
    }
}
