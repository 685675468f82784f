import Foundation
import Testing
@testable import AudioEdition

@Suite struct FeedReaderTests {
    private func items(_ name: String, _ text: String) throws -> [FeedReader.Item] {
        let folder = try TemporaryFolder()
        let url = try folder.write(name, text)
        let file = try SourceFile.load(path: url.path)
        #expect(FeedReader.isFeed(file.data))
        return try FeedReader().read(file)
    }

    @Test func atomEntriesInOrderWithTheirContent() throws {
        let items = try items("feed.atom", """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
            <entry><title>First &amp; foremost</title><id>urn:one</id><published>2024-03-02T07:00:00Z</published>
            <author><name>Ana Lopez</name></author>
            <content type="html">&lt;p&gt;A first paragraph, long enough.&lt;/p&gt;&lt;blockquote&gt;A quote.&lt;/blockquote&gt;</content></entry>
            <entry><title>Second</title><id>urn:two</id><summary>Only a plain summary here.</summary></entry>
            </feed>
            """)
        #expect(items.map(\.id) == ["urn:one", "urn:two"])
        #expect(items[0].article.title == "First & foremost")
        #expect(items[0].article.byline == ["Ana Lopez"] && items[0].article.published == "2024-03-02")
        #expect(items[0].article.blocks == [.init(.paragraph, "A first paragraph, long enough."), .init(.quote, "A quote.")])
        #expect(items[1].article.blocks == [.init(.paragraph, "Only a plain summary here.")])
    }

    @Test func jsonFeedItemsWithHTMLTextOrSummary() throws {
        let items = try items("feed.json", """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Example", "items": [
              {"id": "1", "title": "One", "content_html": "<p>Hello <b>there</b>.</p>", "date_published": "2024-01-09T08:00:00+01:00",
               "authors": [{"name": "Leo Okafor"}]},
              {"id": "2", "title": "Two", "content_text": "First paragraph.\\n\\nSecond <not markup> paragraph."},
              {"id": "3", "summary": "No title: skipped."}
            ]}
            """)
        #expect(items.map(\.id) == ["1", "2"])
        #expect(items[0].article.blocks.map(\.text) == ["Hello there."] && items[0].article.published == "2024-01-09")
        #expect(items[1].article.blocks.map(\.text) == ["First paragraph.", "Second <not markup> paragraph."])
        // An edited item is a changed story.
        let edited = try self.items("feed.json", """
            {"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "One", "content_html": "<p>Hello there!</p>"}]}
            """)
        #expect(edited[0].sha256 != items[0].sha256)
    }

    /// Every prefix of a feed, and one whose item nests past libxml2's limit: items or a
    /// clear error, never a crash.
    @Test func truncatedAndHostileFeedsNeverCrash() throws {
        let feed = """
            <?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
            <item><title>One &amp; two</title><guid>a</guid><content:encoded><![CDATA[<p>First, a paragraph.</p><blockquote>Quote.</blockquote>]]></content:encoded></item>
            <item><title>Deep</title><guid>b</guid><description>\(String(repeating: "&lt;div&gt;", count: 400))text&lt;p&gt;x&lt;/p&gt;</description></item>
            </channel></rss>
            """
        let folder = try TemporaryFolder()
        var read = 0
        for end in stride(from: 0, through: feed.utf8.count, by: 11) {
            let url = try folder.write("f.rss", Data(feed.utf8.prefix(end)))
            do {
                let items = try FeedReader().read(SourceFile.load(path: url.path))
                read += items.isEmpty ? 0 : 1
            } catch is ArticleError {
            }
        }
        #expect(read > 0)
    }

    @Test func aFeedWithoutItemsHasNoArticleText() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("empty.rss", "<rss version=\"2.0\"><channel><title>Nothing</title></channel></rss>")
        #expect(throws: ArticleError(path: url.path, problem: .noArticleText)) { try FeedReader().read(SourceFile.load(path: url.path)) }
    }
}
