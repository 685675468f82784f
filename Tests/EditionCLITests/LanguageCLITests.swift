import AudioEdition
import Foundation
import Testing

/// Articles in other languages: told apart, read by their own voices, normalised by their
/// own rules, and published with their language.
@Suite struct LanguageCLITests {
    static let ukrainian = """
        Уряд виділив 5 млн грн на школи

        17 листопада 2023 року Кабінет міністрів ухвалив рішення про відновлення шкіл. За даними міністерства, у 2022 році було пошкоджено понад 300 шкіл, а 21 школа зруйнована повністю.

        Засідання розпочалося о 14:30 і тривало 2 години.
        """

    static let german = """
        <!doctype html><html lang="de"><head><title>Schulen werden wieder aufgebaut</title></head><body><article>
        <h1>Schulen werden wieder aufgebaut</h1>
        <p>Die Regierung hat Geld für den Wiederaufbau der Schulen bereitgestellt, die bei den Angriffen zerstört wurden.</p>
        <p>Das teilte das Bildungsministerium mit. Die Arbeiten sollen bis zum Ende des Jahres dauern.</p>
        </article></body></html>
        """

    @Test func articlesAreSpokenInTheirOwnLanguagesAndVoices() throws {
        let folder = try TemporaryFolder()
        let text = try folder.write("shkoly.txt", Data(Self.ukrainian.utf8))
        let page = try folder.write("schulen.html", Data(Self.german.utf8))
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", text.path, page.path, "--output", output.path, "--format", "wav,mp3", "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        let uk = try #require(manifest.episodes.first { $0.language == "uk" })
        let de = try #require(manifest.episodes.first { $0.language == "de" })
        #expect(uk.voice.name == "ukrainian" && de.voice.name == "german")
        #expect(uk.id.hasPrefix("uriad-vydilyv-5-mln-hrn-na-shkoly-"))

        // The headline was normalised in Ukrainian and given to the Ukrainian profile.
        let profile = try VoiceLibrary(folder: voicesFolder).load("ukrainian")
        let headline = "Уряд виділив п'ять мільйонів гривень на школи"
        #expect(UkrainianNormaliser().normalise("Уряд виділив 5 млн грн на школи").spoken == headline)
        #expect(uk.segments.first?.key == SegmentKey.make(text: headline, voice: profile.sha256, engine: uk.engine, sampleRate: 22050))

        // Speech of the length its words take at the profile's rate: about 50 words at 165 a minute.
        let file = try #require(uk.files.first)
        let stats = try AudioStats.measure(output.appendingPathComponent(file.path))
        #expect(stats.sampleRate == 22050)
        #expect(stats.duration > 15 && stats.duration < 45, "\(stats.duration)")
        #expect(stats.rmsDBFS > -40, "\(stats.rmsDBFS)")

        // The feed item and the player page carry the episode's language.
        let feed = try String(contentsOf: output.appendingPathComponent("feed.xml"), encoding: .utf8)
        #expect(feed.contains("<dc:language>uk</dc:language>") && feed.contains("<dc:language>de</dc:language>"))
        #expect(feed.contains("type=\"text/vtt\" language=\"uk\""))
        let pageHTML = try String(contentsOf: output.appendingPathComponent("\(uk.id)/index.html"), encoding: .utf8)
        #expect(pageHTML.contains("<html lang=\"uk\">"))
    }

    /// --voice wins over the language's voice; --language over what the text shows.
    @Test func voiceAndLanguageOptionsWin() throws {
        let folder = try TemporaryFolder()
        let text = try folder.write("shkoly.txt", Data(Self.ukrainian.utf8))
        let read = try edition("read", "--json", text.path)
        #expect(read.status == 0 && read.stdout.contains("\"language\" : \"uk\""), "\(read.stdout)")
        let forced = try edition("read", "--json", "--language", "ru_RU", text.path)
        #expect(forced.stdout.contains("\"language\" : \"ru-RU\""), "\(forced.stdout)")
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", text.path, "--output", output.path, "--format", "wav", "--voice", "newsreader",
                                 "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try #require(try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json"))).episodes.first)
        #expect(episode.voice.name == "newsreader" && episode.language == "uk")
        let bad = try edition("article", text.path, "--output", output.path, "--language", "not a tag", "--voices", voicesFolder.path)
        #expect(bad.status != 0 && bad.stderr.contains("--language 'not a tag' is not a language tag"), "\(bad.stderr)")
    }

    /// A briefing mixes languages story by story; --language takes them all to be one.
    @Test func briefingMixesLanguages() throws {
        let folder = try TemporaryFolder()
        let stories = folder.url.appendingPathComponent("stories")
        try FileManager.default.createDirectory(at: stories, withIntermediateDirectories: true)
        try Data(Self.ukrainian.utf8).write(to: stories.appendingPathComponent("b-shkoly.txt"))
        try FileManager.default.copyItem(at: fixture("example-article.txt"), to: stories.appendingPathComponent("a-ferry.txt"))
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("briefing", stories.path, "--output", output.path, "--format", "wav", "--date", "2024-03-01",
                                 "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try #require(try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json"))).episodes.first)
        #expect(episode.stories?.map(\.language) == ["en", "uk"])
        #expect(Set(episode.segments.compactMap(\.voice)) == ["natural", "ukrainian"])
        // The Ukrainian story's chapter is spoken by the Ukrainian voice from its start to the outro.
        let chapters = try #require(episode.chapters)
        let story = try #require(chapters.firstIndex { $0.title.hasPrefix("Уряд") })
        let inStory = episode.segments.filter { $0.start >= chapters[story].start && $0.end <= chapters[story + 1].start }
        #expect(!inStory.isEmpty && inStory.allSatisfy { $0.voice == "ukrainian" })
        let stats = try AudioStats.measure(output.appendingPathComponent(try #require(episode.files.first).path))
        #expect(stats.duration > 30 && stats.duration < 180, "\(stats.duration)")

        let english = try edition("briefing", stories.path, "--output", output.path, "--format", "wav", "--date", "2024-03-01",
                                  "--language", "en", "--voices", voicesFolder.path)
        #expect(english.status == 0, "\(english.stderr)")
        let again = try #require(try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json"))).episodes.first)
        #expect(again.revision == 2 && again.stories?.map(\.language) == ["en", "en"] && again.request?.language == "en")
        #expect(!again.segments.contains { $0.voice == "ukrainian" })
    }

    /// The contract tn_eval.py --voice uk relies on: one spoken line for each line read.
    @Test func normaliseUkrainianLines() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("lines.txt", Data("17 листопада 2023 року\nо 14:30\n\n21 людина\n".utf8))
        let result = try edition("normalise", "--language", "uk", "--lines", input.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "сімнадцятого листопада дві тисячі двадцять третього року\nо чотирнадцятій тридцять\n\nдвадцять одна людина\n")
    }
}
