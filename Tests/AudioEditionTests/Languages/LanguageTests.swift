import Foundation
import Testing
@testable import AudioEdition

/// An article's language: from its metadata, checked against its script, or from its text.
@Suite struct LanguageTests {
    let detector = LanguageDetector.shared

    static let texts: [(String, String)] = [
        ("uk", "Уряд виділив кошти на відновлення шкіл, які були зруйновані під час обстрілів. Про це повідомили в міністерстві освіти, де також зазначили, що роботи триватимуть до кінця року."),
        ("ru", "Правительство выделило деньги на ремонт школ, которые были разрушены во время обстрелов. Об этом сообщили в министерстве образования, где также отметили, что работы продлятся до конца года."),
        ("en", "The government has set aside money to rebuild the schools that were destroyed in the shelling, the education ministry said, adding that the work would last until the end of the year."),
        ("de", "Die Regierung hat Geld für den Wiederaufbau der Schulen bereitgestellt, die bei den Angriffen zerstört wurden. Das teilte das Bildungsministerium mit, die Arbeiten würden bis zum Jahresende dauern."),
        ("fr", "Le gouvernement a débloqué des fonds pour reconstruire les écoles détruites par les bombardements, a indiqué le ministère de l'Éducation, qui précise que les travaux dureront jusqu'à la fin de l'année."),
        ("es", "El gobierno ha destinado fondos para reconstruir las escuelas que fueron destruidas durante los bombardeos, según informó el ministerio de Educación, que añadió que las obras durarán hasta fin de año."),
        ("pl", "Rząd przeznaczył pieniądze na odbudowę szkół, które zostały zniszczone podczas ostrzałów. Poinformowało o tym ministerstwo edukacji, dodając, że prace potrwają do końca roku."),
    ]

    @Test(arguments: texts.map(\.0))
    func toldFromTheText(language: String) throws {
        let text = try #require(Self.texts.first { $0.0 == language }).1
        #expect(detector.detect(text) == language)
    }

    @Test func otherScripts() {
        #expect(detector.detect("谷歌在2014年收购的人工智能公司开发出一款能够用自己的记忆学习新知识的电脑") == "zh")
        #expect(detector.detect("肉をくわえたイヌが、橋を渡っていました。ふと下を見ると、川の中にも肉をくわえたイヌがいます。") == "ja")
        #expect(detector.detect("Η κυβέρνηση διέθεσε χρήματα για την ανοικοδόμηση των σχολείων που καταστράφηκαν") == "el")
    }

    @Test func tooLittleTextTellsNothing() {
        #expect(detector.detect("Так") == nil)
        #expect(detector.detect("12 345 — 17:00") == nil)
    }

    @Test func tagsAreCanonicalised() {
        #expect(LanguageTag.normalise("uk_UA") == "uk-UA")
        #expect(LanguageTag.normalise("EN-us") == "en-US")
        #expect(LanguageTag.normalise("uk-UA.UTF-8") == "uk-UA")
        #expect(LanguageTag.normalise("de, en;q=0.5") == "de")
        #expect(LanguageTag.normalise("sr-cyrl-rs") == "sr-Cyrl-RS")
        for bad in ["", "und", "x", "english language", "1234"] { #expect(LanguageTag.normalise(bad) == nil, "\(bad)") }
    }

    /// Metadata wins, unless the text is plainly in another script than it declares.
    @Test func declaredLanguageIsCheckedAgainstTheScript() throws {
        let ukrainian = try #require(Self.texts.first { $0.0 == "uk" }).1
        let german = try #require(Self.texts.first { $0.0 == "de" }).1
        #expect(detector.resolve(declared: "de-DE", text: german) == "de-DE")
        #expect(detector.resolve(declared: "en", text: ukrainian) == "uk")
        #expect(detector.resolve(declared: "ru", text: ukrainian) == "ru")
        #expect(detector.resolve(declared: nil, text: ukrainian) == "uk")
        #expect(detector.resolve(declared: "not a tag", text: german) == "de")
    }

    @Test func readersReportTheLanguage() throws {
        let folder = try TemporaryFolder()
        let german = try #require(Self.texts.first { $0.0 == "de" }).1
        let ukrainian = try #require(Self.texts.first { $0.0 == "uk" }).1
        let page = try folder.write("seite.html", "<!doctype html><html lang=\"de\"><head><title>Schulen</title></head><body><article><h1>Schulen werden wieder aufgebaut</h1><p>\(german)</p><p>\(german)</p></article></body></html>")
        let locale = try folder.write("og.html", "<!doctype html><html><head><meta property=\"og:locale\" content=\"uk_UA\"><title>Школи</title></head><body><article><h1>Школи відновлять</h1><p>\(ukrainian)</p><p>\(ukrainian)</p></article></body></html>")
        let text = try folder.write("stattia.txt", "Школи відновлять\n\n\(ukrainian)\n\n\(ukrainian)\n")
        let markdown = try folder.write("story.md", "---\ntitle: Schools\nlang: pl\n---\n\n\(try #require(Self.texts.first { $0.0 == "pl" }).1)\n")
        let json = try folder.write("story.json", "{\"title\": \"Schools\", \"language\": \"es-ES\", \"body\": [\"\(try #require(Self.texts.first { $0.0 == "es" }).1)\"]}")
        #expect(try ArticleReader().read(path: page.path).article.language == "de")
        #expect(try ArticleReader().read(path: locale.path).article.language == "uk-UA")
        #expect(try ArticleReader().read(path: text.path).article.language == "uk")
        #expect(try ArticleReader().read(path: markdown.path).article.language == "pl")
        #expect(try ArticleReader().read(path: json.path).article.language == "es-ES")
        #expect(try ArticleReader(language: "ru").read(path: text.path).article.language == "ru")
    }

    /// The page-text reader knows Ukrainian furniture, bylines and dates as well as English.
    @Test func ukrainianScrapedPage() throws {
        let article = try ArticleReader().read(path: fixture("pages/ukrainian-style-defence.txt").path).article
        #expect(article.title == "США та Україна проведуть спільну конференцію оборонної промисловості в грудні")
        #expect(article.byline == ["Ірина Коваль"] && article.published == "2023-11-17" && article.language == "uk")
        #expect(article.blocks.count == 4)
        for furniture in ["Читайте також", "помилку", "Telegram", "Головна", "Теги", "права захищені"] {
            #expect(!article.blocks.contains { $0.text.contains(furniture) }, "\(furniture)")
        }
        #expect(DateFinder.shared.firstDate(in: "Оновлено 5 березня 2024 року, 10:15") == "2024-03-05")
    }

    @Test func feedItemsTakeTheFeedsLanguage() throws {
        let ukrainian = try #require(Self.texts.first { $0.0 == "uk" }).1
        let english = try #require(Self.texts.first { $0.0 == "en" }).1
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Новини</title><language>uk-UA</language>
            <item><title>Школи</title><description>&lt;p&gt;\(ukrainian)&lt;/p&gt;</description></item>
            <item><title>Schools</title><description>&lt;p&gt;\(english)&lt;/p&gt;</description></item>
            </channel></rss>
            """
        let folder = try TemporaryFolder()
        let items = try FeedReader().read(SourceFile.load(path: folder.write("news.rss", rss).path))
        // An item in another script than the feed declares is taken at its text's word.
        #expect(items.map(\.article.language) == ["uk-UA", "en"])
        let untagged = try folder.write("plain.rss", rss.replacingOccurrences(of: "<language>uk-UA</language>", with: ""))
        #expect(try FeedReader().read(SourceFile.load(path: untagged.path)).map { $0.article.language } == ["uk", "en"])
    }

    @Test func episodeIdsSpellCyrillicInLatin() {
        #expect(EpisodeID.slug("Уряд виділив 5 млн грн на відновлення") == "uriad-vydilyv-5-mln-hrn-na-vidnovlennia")
        #expect(EpisodeID.slug("П'ять шкіл") == "piat-shkil")
        #expect(EpisodeID.slug("Don't stop") == "don-t-stop")
    }

    /// The language map picks each article's voice; a full tag's row wins over its primary's.
    @Test func voicesByLanguage() throws {
        let folder = try TemporaryFolder()
        for name in ["newsreader", "ukrainian"] {
            try FileManager.default.copyItem(at: voicesFolder.appendingPathComponent("\(name).json"), to: folder.url.appendingPathComponent("\(name).json"))
        }
        try folder.write("brazil.json", String(decoding: try Data(contentsOf: voicesFolder.appendingPathComponent("newsreader.json")), as: UTF8.self)
            .replacingOccurrences(of: "\"en-us\"", with: "\"pt-br\""))
        try folder.write("languages.tsv", "# map\nuk\tukrainian\npt-BR\tbrazil\n*\tnewsreader\n")
        let cast = try VoiceCast(library: VoiceLibrary(folder: folder.url))
        #expect(try cast.voice(for: "uk-UA").profile.name == "ukrainian")
        #expect(try cast.voice(for: "pt-BR").profile.name == "brazil")
        #expect(try cast.voice(for: "pt").profile.name == "newsreader")
        #expect(try cast.voice(for: nil).profile.name == "newsreader")
        try folder.write("languages.tsv", "uk\tmissing\n")
        #expect(throws: VoiceError.self) { try VoiceCast(library: VoiceLibrary(folder: folder.url)) }
        try folder.write("languages.tsv", "uk ukrainian\n")
        #expect(throws: VoiceError.self) { try VoiceCast(library: VoiceLibrary(folder: folder.url)) }
        // The shipped map names a profile for every language the issue asks for.
        let shipped = try VoiceCast(library: VoiceLibrary(folder: voicesFolder))
        for (language, espeak) in [("uk", "uk"), ("ru", "ru"), ("de", "de"), ("fr", "fr-fr"), ("es", "es"), ("pl", "pl"), ("en", "en-us")] {
            #expect(try shipped.voice(for: language).profile.espeakVoice == espeak)
        }
    }

    /// A briefing may mix languages: a story in another language than the host's is read by
    /// its own voice, normalised by its own rules.
    @Test func briefingStoriesInTheirOwnVoices() throws {
        let library = VoiceLibrary(folder: voicesFolder)
        let profile = try BriefingProfile.load("morning", voices: voicesFolder)
        let host = try library.load(profile.voices.host)
        let ukrainian = try library.load("ukrainian")
        let voices = BriefingScript.Voices(host: host, headline: host, body: host, quote: host)
        let stories = [Article(title: "Pier reopens", blocks: [.init(.paragraph, "It cost $2 million.")]),
                       Article(title: "Школи відновлять", language: "uk", blocks: [.init(.paragraph, "Це коштуватиме 5 млн грн.")])]
        let script = BriefingScript(stories: stories, title: "Morning", date: "2024-03-01", summary: nil, profile: profile, voices: voices,
                                    storyVoices: [nil, VoiceCast.Voice(profile: ukrainian)])
        let spoken = script.items.compactMap { item -> (String, String)? in
            if case let .speech(segment, voice) = item { return (segment.spoken, voice.name) }
            return nil
        }
        #expect(spoken.contains { $0 == ("It cost two million dollars.", host.name) })
        #expect(spoken.contains { $0 == ("Школи відновлять", "ukrainian") })
        #expect(spoken.contains { $0 == ("Це коштуватиме п'ять мільйонів гривень.", "ukrainian") })
        #expect(spoken.first?.1 == host.name && spoken.last?.1 == host.name)
    }
}
