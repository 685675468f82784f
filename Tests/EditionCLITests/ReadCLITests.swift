import AudioEdition
import Foundation
import Testing

@Suite struct ReadCLITests {
    /// The `read --json` contract outside tools score against.
    @Test func jsonContractForTheSeedPage() throws {
        let result = try edition("read", "--json", fixture("kyiv-independent-2023-11-17.txt").path)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schema", "path", "format", "title", "standfirst", "byline", "authors", "published", "updated",
                                     "url", "publisher", "language", "paragraphs", "blocks"])
        #expect(object["schema"] as? Int == 1)
        #expect(object["format"] as? String == "text")
        #expect(object["title"] as? String == "US and Ukraine to attend joint defense industry conference in December")
        #expect(object["byline"] as? String == "Rachel Amran")
        #expect(object["authors"] as? [String] == ["Rachel Amran"])
        #expect(object["published"] as? String == "2023-11-18")
        #expect(object["standfirst"] is NSNull && object["url"] is NSNull)
        let paragraphs = try #require(object["paragraphs"] as? [String])
        #expect(paragraphs.count == 7)
        #expect(paragraphs.first?.hasPrefix("The United States and Ukraine will attend") == true)
        #expect(paragraphs.last?.hasSuffix("defend against outside aggression.") == true)
        let blocks = try #require(object["blocks"] as? [[String: String]])
        #expect(blocks.map { $0["text"] } == paragraphs)
        #expect(blocks.map { $0["kind"] ?? "" }.filter { $0 == "quote" }.count == 1)
    }

    @Test func textOutputShowsTheHeaderThenTheBlocks() throws {
        let folder = try TemporaryFolder()
        let page = try folder.write("a.md", Data("---\ntitle: A title\nauthor: Jane Smith\ndate: 2024-01-02\n---\n\nOne paragraph here.\n\n> A quote.\n\n## Sub\n\n- item one\n".utf8))
        let result = try edition("read", page.path)
        #expect(result.status == 0)
        #expect(result.stdout == "title: A title\nbyline: Jane Smith\npublished: 2024-01-02\nformat: markdown\n\nOne paragraph here.\n\n> A quote.\n\n## Sub\n\n- item one\n")
    }

    @Test func noArticleTextIsAnErrorNamingTheFile() throws {
        let folder = try TemporaryFolder()
        let page = try folder.write("menu.html", Data("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>".utf8))
        let read = try edition("read", "--json", page.path)
        #expect(read.status == 1)
        #expect(read.stdout.isEmpty)
        #expect(read.errors == "edition: error: no article text found in \(page.path)\n")

        let output = folder.url.appendingPathComponent("out")
        let render = try edition("article", page.path, "--output", output.path, "--voices", voicesFolder.path)
        #expect(render.status == 1)
        #expect(render.errors == "edition: error: no article text found in \(page.path)\n")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func unknownReaderFormatIsAUsageError() throws {
        let result = try edition("read", "--as", "pdf", fixture("example-article.txt").path)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown format 'pdf'; known: html, text, markdown, json\n"))
    }

    /// An HTML page becomes an episode whose transcript opens with headline, byline and date.
    @Test func htmlArticleIsSpokenWithItsByline() throws {
        let folder = try TemporaryFolder()
        let page = try folder.write("story.html", Data("""
            <!doctype html><html><head><title>Pier reopens after storm repairs | Coast Times</title>
            <meta property="og:site_name" content="Coast Times"><meta name="author" content="Lena Hart">
            <meta property="article:published_time" content="2024-02-29T08:00:00Z"></head>
            <body><nav><a href="/">Home</a></nav><article><h1>Pier reopens after storm repairs</h1>
            <p>The town's Victorian pier reopened on Thursday, three months after a storm tore away part of its deck.</p>
            <div class="newsletter"><p>Sign up to our newsletter for the latest news from the coast, every morning.</p></div>
            <p>Repairs cost about £2 million, and the café at the end of the pier will open again at Easter.</p></article>
            <footer>© Coast Times</footer></body></html>
            """.utf8))
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", page.path, "--output", output.path, "--format", "wav", "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        let episode = try #require(manifest.episodes.first)
        #expect(episode.title == "Pier reopens after storm repairs")
        let vtt = withoutWordTimes(try String(contentsOf: output.appendingPathComponent(episode.transcript), encoding: .utf8))
        let text = vtt.split(separator: "\n").dropFirst().filter { !$0.contains(" --> ") }.joined(separator: " ")
        #expect(text == "Pier reopens after storm repairs By Lena Hart. February 29, 2024. The town's Victorian pier reopened on Thursday, "
            + "three months after a storm tore away part of its deck. Repairs cost about £2 million, and the café at the end of the pier will open again at Easter.")
        let file = try #require(episode.files.first)
        let stats = try AudioStats.measure(output.appendingPathComponent(file.path))
        // Headline, credit and two sentences: about 40 words at 170 a minute, plus pauses.
        #expect(stats.duration > 10 && stats.duration < 25, "\(stats.duration)")
    }
}
