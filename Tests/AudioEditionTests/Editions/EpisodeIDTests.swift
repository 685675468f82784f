import Foundation
import Testing
@testable import AudioEdition

@Suite struct EpisodeIDTests {
    @Test func oldIdsComeFromThePathNotTheContent() {
        let id = EpisodeID.forSource(path: "/news/Kyiv Independent 2023-11-17.txt")
        #expect(id.hasPrefix("kyiv-independent-2023-11-17-"))
        #expect(id.count == "kyiv-independent-2023-11-17-".count + 8)
        #expect(EpisodeID.forSource(path: "/news/./Kyiv Independent 2023-11-17.txt") == id)
        #expect(EpisodeID.forSource(path: "/other/Kyiv Independent 2023-11-17.txt") != id)
    }

    @Test func newIdsAreTheHeadlineCutAtAWordAndAHashOfTheIdentity() {
        let id = EpisodeID.make(title: "US and Ukraine to attend joint defense industry conference in December", identity: "https://example.com/a")
        #expect(id.hasPrefix("us-and-ukraine-to-attend-joint-defense-"))
        #expect(id.count == "us-and-ukraine-to-attend-joint-defense-".count + 8)
        #expect(EpisodeID.make(title: "Other words", identity: "https://example.com/a").hasSuffix(String(id.suffix(8))))
    }

    @Test(arguments: [("Київ", "kyiv"), ("—", "episode"), ("  A--B  c ", "a-b-c"), ("Zelensky’s plan", "zelensky-s-plan"),
                      // Every other script through ICU's Any-Latin; Latin-ASCII (these were "z-rich-caf-ffnet-wieder",
                      // "episode", "stra-e-r-d"); Cyrillic keeps our table ("Уряд" is "uriad", not ICU's "urad").
                      ("Zürich café öffnet wieder", "zurich-cafe-offnet-wieder"), ("Αθήνα: νέα μέτρα", "athena-nea-metra"),
                      ("北京新闻", "bei-jing-xin-wen"), ("القاهرة اليوم", "alqahrt-alywm"), ("Straße Ærø Łódź", "strasse-aero-lodz"),
                      ("Уряд ухвалив", "uriad-ukhvalyv"), ("Zürich Київ", "zurich-kyiv")])
    func slugs(input: String, slug: String) {
        #expect(EpisodeID.slug(input) == slug)
    }

    private func source(_ path: String, url: String?) -> ArticleSource {
        ArticleSource(path: path, sha256: "", format: .text,
                      article: Article(title: "Harbour ferry returns", sourceURL: url, blocks: [.init(.paragraph, "The ferry is back.")]))
    }

    @Test func anArticleIsItsCanonicalAddressElseItsPath() {
        #expect(EpisodeID.identity(of: source("/a/ferry.html", url: "https://example.com/ferry")) == "https://example.com/ferry")
        #expect(EpisodeID.identity(of: source("/a/./ferry.html", url: nil)) == "/a/ferry.html")
        #expect(EpisodeID.identity(of: source("/a/ferry.html", url: "ferry.html")) == "/a/ferry.html", "a relative address is no identity")
    }

    /// A manifest from before identities: its article episode is found by its path and
    /// keeps its old id; a second copy of a page with the same address is the same episode.
    @Test func plansFindTheEpisodeByIdentityThenByPath() throws {
        let folder = try TemporaryFolder()
        let output = OutputFolder(folder.url)
        let old = Manifest.Episode(id: "ferry-0a1b2c3d", kind: "article", title: "Harbour ferry returns", revision: 1,
                                   source: .init(path: "/a/ferry.txt", sha256: "x"), voice: .init(name: "newsreader", sha256: "y"),
                                   engine: "espeak-ng", files: [], transcript: "ferry-0a1b2c3d/ferry-0a1b2c3d-r1.vtt", segments: [],
                                   created: Date(), updated: Date())
        var byURL = old
        byURL.id = "harbour-ferry-returns-99999999"
        byURL.source = .init(path: "/b/first-copy.html", sha256: "x", identity: "https://example.com/ferry")
        let manifest = Manifest(episodes: [old, byURL])
        let editor = ArticleEditor(output: output)
        func id(_ source: ArticleSource) throws -> String? {
            guard case let .needed(plan) = try editor.plan(source: source, voice: VoiceProfile(name: "newsreader"), formats: [.mp3], engine: "espeak-ng", sampleRate: 22050,
                                                           manifest: manifest) else { return nil }
            return plan.id
        }
        #expect(try id(source("/a/ferry.txt", url: nil)) == "ferry-0a1b2c3d")
        #expect(try id(source("/c/second-copy.html", url: "https://example.com/ferry")) == "harbour-ferry-returns-99999999")
        #expect(try id(source("/d/new.txt", url: nil)) == EpisodeID.make(title: "Harbour ferry returns", identity: "/d/new.txt"))
    }
}
