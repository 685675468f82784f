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

    /// RSS 1.0: RDF, its items outside the channel, in the RSS 1.0 namespace, Dublin Core
    /// for the author and date, and `content:encoded` under a prefix of the feed's choosing.
    @Test func rss10ItemsAreReadFromTheirNamespace() throws {
        let items = try items("feed.rdf", """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:c="http://purl.org/rss/1.0/modules/content/">
              <channel rdf:about="https://news.example/"><title>Harbour News</title><link>https://news.example/</link>
                <dc:language>en-GB</dc:language>
                <items><rdf:Seq><rdf:li rdf:resource="https://news.example/ferry"/></rdf:Seq></items></channel>
              <item rdf:about="https://news.example/ferry"><title>Ferry returns</title><link>https://news.example/ferry</link>
                <dc:creator>Ana Lopez</dc:creator><dc:date>2024-03-02T07:00:00Z</dc:date>
                <description>A short summary.</description>
                <c:encoded><![CDATA[<p>The whole story of the ferry, long enough to read.</p>]]></c:encoded></item>
            </rdf:RDF>
            """)
        #expect(items.map(\.id) == ["https://news.example/ferry"])
        #expect(items[0].article.title == "Ferry returns" && items[0].article.byline == ["Ana Lopez"])
        #expect(items[0].article.published == "2024-03-02" && items[0].article.language == "en-GB")
        #expect(items[0].article.blocks == [.init(.paragraph, "The whole story of the ferry, long enough to read.")])
        #expect(items[0].isFull)
    }

    /// RSS 2.0 binding the content namespace to another prefix, and an item with only a title,
    /// a link and a guid: kept, to be read from its page, not the end of the feed.
    @Test func contentUnderAnyPrefixAndItemsWithOnlyALink() throws {
        let items = try items("feed.xml", """
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:body="http://purl.org/rss/1.0/modules/content/" xmlns:content="urn:not-the-content-module">
            <channel><title>Harbour News</title><link>https://news.example/</link>
              <item><title>Ferry returns</title><link>https://news.example/ferry</link><guid>ferry-1</guid>
                <description>A summary.</description><body:encoded>&lt;p&gt;The whole story, under its own prefix.&lt;/p&gt;</body:encoded>
                <content:encoded>&lt;p&gt;Not the content module: ignored.&lt;/p&gt;</content:encoded></item>
              <item><title>Tide tables change</title><link>https://news.example/tides</link><guid isPermaLink="false">tides-2</guid></item>
              <item><title>No link, no text</title><guid>nothing-3</guid></item>
            </channel></rss>
            """)
        #expect(items.map(\.id) == ["ferry-1", "tides-2"])
        #expect(items[0].article.blocks == [.init(.paragraph, "The whole story, under its own prefix.")] && items[0].isFull)
        #expect(items[1].article.blocks.isEmpty && !items[1].isFull && FeedSources.readsPage(items[1]))
    }

    /// Atom 1.0's three content types, xml:base on the feed and the entry, relative links,
    /// the alternate link among others, and Atom 0.3's escaped content.
    @Test func atomContentTypesAndRelativeLinks() throws {
        let items = try items("feed.atom", """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/world/"><title>World</title>
              <entry><title type="html">Ferry &lt;em&gt;returns&lt;/em&gt;</title><id>urn:1</id>
                <link rel="self" href="/api/1"/><link rel="alternate" href="ferry"/><updated>2024-03-04T07:00:00Z</updated>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The ferry is <b>back</b> in service.</p><blockquote>A quote.</blockquote></div></content></entry>
              <entry xml:base="https://other.example/a/b/"><title>Plain &lt;text&gt;</title><id>urn:2</id><link href="../tides"/>
                <content type="text">Text content with &lt;angle&gt; brackets.</content></entry>
            </feed>
            """)
        #expect(items.map(\.article.title) == ["Ferry returns", "Plain <text>"])
        #expect(items.map(\.link) == ["https://news.example/world/ferry", "https://other.example/a/tides"])
        #expect(items[0].article.blocks == [.init(.paragraph, "The ferry is back in service."), .init(.quote, "A quote.")])
        #expect(items[0].article.published == "2024-03-04")
        #expect(items[1].article.blocks == [.init(.paragraph, "Text content with <angle> brackets.")])
        let old = try self.items("old.atom", """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
              <entry><title>Escaped</title><id>tag:old,2004:1</id><issued>2004-05-06T07:00:00Z</issued><link rel="alternate" href="https://old.example/1"/>
                <content type="text/html" mode="escaped">&lt;p&gt;An Atom 0.3 story, escaped.&lt;/p&gt;</content></entry>
            </feed>
            """)
        #expect(old.map(\.id) == ["tag:old,2004:1"] && old[0].article.published == "2004-05-06")
        #expect(old[0].article.blocks == [.init(.paragraph, "An Atom 0.3 story, escaped.")] && old[0].link == "https://old.example/1")
    }

    /// RSS 0.91: no namespace, a description for the story.
    @Test func rss091ItemsAreRead() throws {
        let items = try items("old.xml", """
            <?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Old</title><language>en-us</language>
              <item><title>Harbour plan</title><link>https://old.example/plan</link><description>The council approved the plan.</description></item>
            </channel></rss>
            """)
        #expect(items.map(\.id) == ["https://old.example/plan"] && items[0].article.language == "en-US")
        #expect(items[0].article.blocks == [.init(.paragraph, "The council approved the plan.")] && !items[0].isFull)
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
            } catch {
                // A cut feed may be refused (its error is typed: ArticleError), never crash.
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
