import Foundation
import Testing
@testable import AudioEdition

@Suite struct HTMLReaderTests {
    private func read(_ html: String, name: String = "page.html") throws -> Article {
        let folder = try TemporaryFolder()
        return try ArticleReader().read(path: folder.write(name, html).path).article
    }

    private let story = """
        <p>The first paragraph of the story is long enough to count, with a comma or two, and a full stop.</p>
        <p>The second paragraph carries on the story in the same way, with more words and another comma.</p>
        """

    @Test func jsonLDComesBeforeOpenGraphAndTheTitleTag() throws {
        let article = try read("""
            <html><head><title>Tag title | Site</title>
            <meta property="og:title" content="Open Graph title">
            <meta property="article:published_time" content="2020-01-01T00:00:00Z">
            <meta name="author" content="Meta Author">
            <script type="application/ld+json">[{"@type": ["NewsArticle"], "headline": "LD headline",
              "author": {"@type": "Person", "name": "Ld Author"}, "datePublished": "2021-02-03T23:30:00-05:00"}]</script>
            </head><body><article>\(story)</article></body></html>
            """)
        #expect(article.title == "LD headline")
        #expect(article.byline == ["Ld Author"])
        // The page's own local date, not converted to UTC.
        #expect(article.published == "2021-02-03")
    }

    @Test func openGraphThenTimeThenTitleTag() throws {
        let og = try read("""
            <html><head><title>Tag title | Site</title><meta property="og:title" content="Open Graph title | Site">
            <meta property="og:site_name" content="Site"></head>
            <body><time datetime="2022-05-06">6 May</time><div>\(story)</div></body></html>
            """)
        #expect(og.title == "Open Graph title")
        #expect(og.published == "2022-05-06")
        let tag = try read("<html><head><title>Only the tag - Site</title></head><body><div>\(story)</div></body></html>")
        #expect(tag.title == "Only the tag")
        #expect(tag.published == nil)
    }

    @Test func furnitureIsRemovedBeforeScoring() throws {
        let article = try read("""
            <html><head><title>Story</title></head><body>
            <nav><p>Navigation text that is long enough to be a paragraph, with commas, and more.</p></nav>
            <div class="story">\(story)
            <div class="share-bar"><p>Share this story with your friends, family, colleagues and everyone else.</p></div>
            <p hidden>A hidden paragraph that is long enough to count, with a comma, and more words.</p>
            <script>var paragraph = "Script text that must never be spoken, however long it is.";</script>
            <style>p { color: red; }</style>
            </div>
            <footer><p>Footer text that is long enough to be a paragraph, with commas, and more.</p></footer>
            </body></html>
            """)
        #expect(article.blocks.map(\.text) == [
            "The first paragraph of the story is long enough to count, with a comma or two, and a full stop.",
            "The second paragraph carries on the story in the same way, with more words and another comma.",
        ])
    }

    @Test func windows1252IsDecodedAsDeclared() throws {
        let article = try ArticleReader().read(path: fixture("pages/html-windows-1252.html").path).article
        #expect(article.title == "Café owners fight €2,000 fine over terrace chairs")
        #expect(article.blocks[1].text.hasPrefix("“We have had the same chairs"))
        #expect(article.blocks[3].text.contains("café’s support"))
    }

    /// No declaration: UTF-8 when the bytes are UTF-8, else Windows-1252. A wrong
    /// declaration is read as best libxml2 can, never refused.
    @Test func undeclaredAndMisdeclaredCharsets() throws {
        let body = "<p>The café on the corner charges £3 for a coffee, which regulars say is fair enough, really.</p>"
        let folder = try TemporaryFolder()
        let pages: [(String, Data)] = [
            ("utf8.html", Data("<html><head><title>Café prices</title></head><body>\(body)</body></html>".utf8)),
            ("cp1252.html", "<html><head><title>Café prices</title></head><body>\(body)</body></html>".data(using: .windowsCP1252)!),
            ("wrong.html", "<html><head><meta charset=utf-8><title>Café prices</title></head><body>\(body)</body></html>".data(using: .windowsCP1252)!),
        ]
        for (name, data) in pages {
            let article = try ArticleReader().read(path: folder.write(name, data).path).article
            #expect(article.title == "Café prices", "\(name)")
            #expect(article.blocks.map(\.text) == ["The café on the corner charges £3 for a coffee, which regulars say is fair enough, really."], "\(name)")
        }
    }

    @Test func entitiesAreDecoded() throws {
        let article = try read("<html><head><title>Fish &amp; chips &#8216;best&#8217; in &ldquo;town&rdquo;</title></head><body><div>\(story)<p>Prices rose by &pound;2 &amp; more, the owners of the shop said on Monday.</p></div></body></html>")
        #expect(article.title == "Fish & chips ‘best’ in “town”")
        #expect(article.blocks.last?.text == "Prices rose by £2 & more, the owners of the shop said on Monday.")
    }

    /// 100,000 nested elements: libxml2 stops at its depth limit, and the reader says so
    /// with libxml2's message, in bounded time and stack.
    @Test func deepNestingNeitherCrashesNorHangs() throws {
        let depth = 100_000
        let html = "<html><head><title>Deep page</title></head><body>" + String(repeating: "<div>", count: depth)
            + "<p>A paragraph at the very bottom of a very deep page, with a comma, and a full stop.</p>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        let start = Date()
        do {
            _ = try read(html)
            Issue.record("text below libxml2's depth limit was read")
        } catch let error as ArticleError {
            guard case let .malformed(format, reason) = error.problem else {
                Issue.record("\(error)")
                return
            }
            #expect(format == "HTML" && reason.contains("Excessive depth"))
        }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    /// Deeper than the copied tree's own limit but within libxml2's: the text is kept,
    /// flattened into the deepest element copied.
    @Test func textBelowTheTreeDepthLimitIsKept() throws {
        let depth = HTMLDocument.maxDepth + 60
        let html = "<html><head><title>Deep page</title></head><body>" + String(repeating: "<div>", count: depth)
            + "<p>A paragraph at the very bottom of a deep page, with a comma, and a <b>bold</b> full stop.</p>"
            + "<p>Another paragraph follows it, with a comma.</p>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        let article = try read(html)
        #expect(article.blocks.map(\.text) == ["A paragraph at the very bottom of a deep page, with a comma, and a bold full stop. Another paragraph follows it, with a comma."])
    }

    @Test func truncatedPageIsReadAsFarAsItGoes() throws {
        let full = try String(contentsOf: fixture("pages/html-jsonld-news.html"), encoding: .utf8)
        let cut = String(full.prefix(upTo: full.range(of: "The agency says the scheme")!.lowerBound))
        let article = try read(cut)
        #expect(article.title == "Flood defences to be raised along the Severn after record winter")
        #expect(article.blocks.first?.text.hasPrefix("The Environment Agency will spend £95 million") == true)
        #expect(!article.blocks.contains { $0.text.contains("cookie") })
    }

    @Test func pagesWithoutAStoryAreRefusedByName() throws {
        let folder = try TemporaryFolder()
        for (name, html) in [("nav.html", "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav><ul><li><a href='/a'>A</a></li></ul></body></html>"),
                             ("script.html", "<html><body><script>document.write('hello')</script></body></html>"),
                             ("tags.html", "<html></html>")] {
            let path = try folder.write(name, html).path
            #expect(throws: ArticleError(path: path, problem: .noArticleText)) { try ArticleReader().read(path: path) }
            #expect("\(ArticleError(path: path, problem: .noArticleText))" == "no article text found in \(path)")
        }
    }

    @Test func oversizedPageIsRefusedBeforeParsing() throws {
        let folder = try TemporaryFolder()
        let big = Data(repeating: UInt8(ascii: "a"), count: SourceText.sizeLimit + 1)
        let path = try folder.write("big.html", big).path
        #expect(throws: ArticleError(path: path, problem: .tooLarge(bytes: SourceText.sizeLimit + 1, limit: SourceText.sizeLimit))) {
            try ArticleReader().read(path: path)
        }
    }

    @Test func quotesListsAndSubheadingsKeepTheirKinds() throws {
        let article = try read("""
            <html><head><title>Kinds</title></head><body><article>\(story)
            <h2>A subheading</h2><blockquote><p>A quoted line from someone.</p></blockquote>
            <ul><li>First item of the list</li><li>Second item of the list</li></ul></article></body></html>
            """)
        #expect(article.blocks.map(\.kind) == [.paragraph, .paragraph, .subheading, .quote, .listItem, .listItem])
    }
}
