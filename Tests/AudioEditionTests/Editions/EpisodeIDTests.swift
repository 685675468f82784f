import Testing
@testable import AudioEdition

@Suite struct EpisodeIDTests {
    @Test func idComesFromThePathNotTheContent() {
        let id = EpisodeID.forSource(path: "/news/Kyiv Independent 2023-11-17.txt")
        #expect(id.hasPrefix("kyiv-independent-2023-11-17-"))
        #expect(id.count == "kyiv-independent-2023-11-17-".count + 8)
        #expect(EpisodeID.forSource(path: "/news/./Kyiv Independent 2023-11-17.txt") == id)
        #expect(EpisodeID.forSource(path: "/other/Kyiv Independent 2023-11-17.txt") != id)
    }

    @Test(arguments: [("Київ", "episode"), ("  A--B  c ", "a-b-c"), ("Zelensky’s plan", "zelensky-s-plan")])
    func slugs(input: String, slug: String) {
        #expect(EpisodeID.slug(input) == slug)
    }
}
