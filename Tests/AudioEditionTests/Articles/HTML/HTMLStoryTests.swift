import Foundation
import Testing
@testable import AudioEdition

/// The failure classes real pages showed the HTML reader, each on a page of our own: story
/// text kept whatever its markup, titles reconciled, lying charsets, and every fallback stage.
@Suite struct HTMLStoryTests {
    private func read(_ html: String, name: String = "page.html") throws -> ArticleSource {
        let folder = try TemporaryFolder()
        return try ArticleReader().read(path: folder.write(name, html).path)
    }

    private func page(title: String = "Council approves new bridge", head: String = "", _ body: String) -> String {
        "<html><head><meta charset=\"utf-8\"><title>\(title)</title>\(head)</head><body>\(body)</body></html>"
    }

    private let lead = """
        <p>The city council approved the new river bridge on Monday, ending a debate that has run for six years, officials said.</p>
        <p>Work will start in the spring, and the bridge is expected to open to traffic, cyclists and walkers in late 2027.</p>
        """

    private let navigation = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"

    // MARK: What a listener needs

    @Test func listItemsInTheStoryAreSpokenAsItems() throws {
        let article = try read(page("\(navigation)<article>\(lead)<ul><li>The bridge will have two lanes for cars and a wide path.</li>"
            + "<li>It will cost about forty million pounds, paid by the region.</li></ul>"
            + "<p>Residents said they were pleased that the long wait was finally over, and hoped for few delays.</p></article>")).article
        #expect(article.blocks.map(\.kind) == [.paragraph, .paragraph, .listItem, .listItem, .paragraph])
        #expect(article.blocks[2].text == "The bridge will have two lanes for cars and a wide path.")
    }

    @Test func textBetweenDoubleLineBreaksIsOneParagraphEach() throws {
        let article = try read(page("""
            <div class="story-text">The city council approved the new river bridge on Monday, ending a long debate, officials said.
            <br><br>Work will start in the spring, and the bridge is expected to open in late 2027, they added.
            <br><br>Residents said they were pleased, and hoped the work would bring few delays to the town.</div>
            """)).article
        #expect(article.blocks.map(\.text) == [
            "The city council approved the new river bridge on Monday, ending a long debate, officials said.",
            "Work will start in the spring, and the bridge is expected to open in late 2027, they added.",
            "Residents said they were pleased, and hoped the work would bring few delays to the town.",
        ])
    }

    @Test func textWrittenStraightIntoDivsIsRead() throws {
        let article = try read(page("""
            <div class="content"><div>The city council approved the new river bridge on Monday, ending a long debate, officials said.</div>
            <div>Work will start in the spring, and the bridge is expected to open in late 2027, they added.</div>
            <h2>What residents think</h2>
            <div>Residents said they were <b>pleased</b>, and hoped the work would bring few delays to the town.</div></div>
            """)).article
        #expect(article.blocks.map(\.kind) == [.paragraph, .paragraph, .subheading, .paragraph])
        #expect(article.blocks[3].text == "Residents said they were pleased, and hoped the work would bring few delays to the town.")
    }

    /// Written down in `HTMLReader`: captions, data tables, code and related boxes are not read.
    @Test func captionsDataTablesCodeAndRelatedBoxesAreLeftOut() throws {
        let rows = (1...12).map { "<tr><td>Row \($0)</td><td>\($0 * 3)</td></tr>" }.joined()
        let article = try read(page("""
            <article>\(lead)<figure><img src="b.jpg"><figcaption>The bridge as drawn by its architects. Photo: City</figcaption></figure>
            <table><thead><tr><th>Year</th><th>Cost</th></tr></thead>\(rows)</table>
            <pre>let bridge = Bridge(lanes: 2); bridge.open();</pre>
            <div class="related-stories"><ul><li><a href="/a">Town hall to close for repairs this winter</a></li>
            <li><a href="/b">New bus lanes planned for the high street</a></li></ul></div>
            <p>Residents said they were pleased that the long wait was finally over, and hoped for few delays.</p></article>
            """)).article
        let spoken = article.blocks.map(\.text).joined(separator: " ")
        #expect(article.blocks.count == 3)
        for absent in ["architects", "Row 1", "Bridge(", "Town hall", "bus lanes"] { #expect(!spoken.contains(absent), "\(absent)") }
    }

    @Test func preformattedProseIsReadAndCodeIsNot() throws {
        let prose = (1...8).map { "Paragraph \($0) of a plain-text memo, written in full sentences, about the bridge and its cost." }
        let article = try read(page("<pre>\(prose.joined(separator: "\n\n"))</pre>")).article
        #expect(article.blocks.map(\.text) == prose)
    }

    /// A reference page: headings that link to their own anchors are read, its table of
    /// contents is not, a table whose rows are sentences is read row by row, and a list of
    /// points keeps a point that is mostly a link. A share bar of bare "#" links stays out.
    @Test func aReferencePageReadsItsSectionsProseTablesAndLinkedPoints() throws {
        let figures = (1...12).map { "<tr><td>Span \($0)</td><td>\($0 * 3)</td></tr>" }.joined()
        let article = try read(page("""
            <article><details><summary>Table of contents</summary><ul><li><a href="#history">History</a></li>
            <li><a href="#films">Films</a></li></ul></details>
            <h2 id="history"><a href="#history">History</a></h2>\(lead)
            <h2 id="films"><a href="#films">Films about the bridge</a></h2>
            <table><thead><tr><th>Film</th><th>Year</th><th>Plot</th></tr></thead>
            <tr><td>The Crossing</td><td>1961</td><td>A ferryman loses his trade when the first bridge opens, and sets out to stop it.</td></tr>
            <tr><td>Spans</td><td>1987</td><td>Two engineers argue over the second bridge's design while the river floods the town.</td></tr></table>
            <table><thead><tr><th>Span</th><th>Metres</th></tr></thead>\(figures)</table>
            <ul><li>The council will publish the final design in the spring, after a public meeting.</li>
            <li><a href="/consultation">Residents can comment on the plans online until March</a></li>
            <li>Work on the approach roads will start in the summer.</li></ul>
            <div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div></article>
            """)).article
        #expect(article.blocks.map(\.text) == [
            "History",
            "The city council approved the new river bridge on Monday, ending a debate that has run for six years, officials said.",
            "Work will start in the spring, and the bridge is expected to open to traffic, cyclists and walkers in late 2027.",
            "Films about the bridge",
            "The Crossing, 1961, A ferryman loses his trade when the first bridge opens, and sets out to stop it.",
            "Spans, 1987, Two engineers argue over the second bridge's design while the river floods the town.",
            "The council will publish the final design in the spring, after a public meeting.",
            "Residents can comment on the plans online until March",
            "Work on the approach roads will start in the summer.",
        ])
        #expect(article.blocks.map(\.kind) == [.subheading, .paragraph, .paragraph, .subheading, .listItem, .listItem, .listItem, .listItem, .listItem])
    }

    /// A review's headings name what they review and link to it; each is still the heading of
    /// the paragraphs under it.
    @Test func aHeadingThatLinksToWhatItNamesIsRead() throws {
        let article = try read(page("""
            <article>\(lead)<h3><a href="https://store.example/crossing">“The Crossing” ($20)</a></h3>
            <p>The game puts you in a ferryman's boat on the night the bridge opens, and it is the best of the lot.</p></article>
            """)).article
        #expect(article.blocks.map(\.kind) == [.paragraph, .paragraph, .subheading, .paragraph])
        #expect(article.blocks[2].text == "“The Crossing” ($20)")
    }

    /// A paragraph of the story may trail off with an ellipsis; a teaser cut off the same way
    /// is short or mostly a link.
    @Test func aParagraphThatTrailsOffIsReadAndATeaserIsNot() throws {
        let article = try read(page("""
            <article>\(lead)<p>I asked the engineers whether the old bridge could have been saved, and they only shrugged…</p>
            <p><a href="/other">Town hall to close for repairs this winter, and the mayor says the cost will be high…</a></p>
            <p>Read the whole plan…</p></article>
            """)).article
        #expect(article.blocks.map(\.text).last == "I asked the engineers whether the old bridge could have been saved, and they only shrugged…")
        #expect(article.blocks.count == 3)
    }

    /// An RFC's pages quote requests and paths, so they hold more of code's symbols than a
    /// memo does; they are still sentences, and are read. A shell session is not.
    @Test func preformattedPagesOfAnRFCAreReadAndAShellSessionIsNot() throws {
        let rfc = (1...6).map { "Section \($0): a server must answer a request for /storage/ with the current version of the folder, as [HTTP] says." }
        let shell = (1...12).map { "$ cd ../repo-\($0)\n$ hg pull -u ../public\n[...]\nadded 1 changesets with 1 changes to 1 files" }
        let article = try read(page("<article>\(lead)<pre>\(rfc.joined(separator: "\n\n"))</pre><pre>\(shell.joined(separator: "\n\n"))</pre></article>")).article
        #expect(article.blocks.map(\.text) == lead.split(separator: "\n").map { String($0.dropFirst(3).dropLast(4)) } + rfc)
    }

    @Test func aRepeatedLongParagraphIsReadTwiceAndARepeatedQuoteOnce() throws {
        let paragraph = "The council approved the new river bridge on Monday after a debate that has run for six years, officials said."
        let article = try read(page("""
            <article><p>\(paragraph)</p><blockquote>We waited long enough for this.</blockquote>
            <p>Work will start in the spring, and the bridge is expected to open to traffic in late 2027.</p>
            <blockquote>We waited long enough for this.</blockquote><p>\(paragraph)</p></article>
            """)).article
        #expect(article.blocks.filter { $0.text == paragraph }.count == 2)
        #expect(article.blocks.filter { $0.kind == .quote }.count == 1)
    }

    // MARK: Titles

    @Test func theH1SharingTheDeclaredTitlesWordsIsTheHeadline() throws {
        let source = try read(page(title: "Council approves new bridge after six years | Riverside Gazette",
                                   head: "<meta property=\"og:title\" content=\"Council approves bridge | Riverside Gazette\"><meta property=\"og:site_name\" content=\"Riverside Gazette\">",
                                   "<h1>Council approves new bridge after six years</h1><article>\(lead)</article>"))
        #expect(source.article.title == "Council approves new bridge after six years")
    }

    @Test func aSiteWideH1LosesToTheDeclaredTitleLessItsSiteName() throws {
        let source = try read(page(title: "Riverside Gazette - Council approves new bridge after six years",
                                   head: "<meta name=\"application-name\" content=\"Riverside Gazette\">",
                                   "<h1>Riverside Gazette</h1><article>\(lead)</article>"))
        #expect(source.article.title == "Council approves new bridge after six years")
    }

    @Test func aPageThatNamesItselfNowhereIsTitledByItsOpeningWords() throws {
        let html = "<html><body><article>\(lead)</article></body></html>"
        #expect(try read(html).article.title == "The city council approved the new river bridge on Monday")
    }

    // MARK: Charsets

    /// A declaration that lies: the bytes are UTF-8 whatever the page says, including when
    /// the title before the `<meta>` already holds a non-ASCII character.
    @Test func validUTF8IsUTF8WhateverThePageDeclares() throws {
        let folder = try TemporaryFolder()
        for charset in ["windows-1252", "gb2312", "iso-8859-1"] {
            let html = "<html><head><title>Café owners win — €2,000 fine dropped</title><meta charset=\"\(charset)\"></head><body>"
                + "<p>The café on the corner charges £3 for a coffee, and regulars say «it is fair», the owners of the café said.</p></body></html>"
            let article = try ArticleReader().read(path: folder.write("\(charset).html", Data(html.utf8)).path).article
            #expect(article.title == "Café owners win — €2,000 fine dropped", "\(charset)")
            #expect(article.blocks.first?.text.contains("£3 for a coffee, and regulars say «it is fair»") == true, "\(charset)")
        }
    }

    @Test func languageComesFromLangThenJSONLDThenOpenGraph() throws {
        #expect(try read("<html lang=\"de\"><head><title>Brücke</title></head><body><article>\(lead)</article></body></html>").article.language == "de")
        let ukrainian = "<p>Уряд виділив кошти на відновлення шкіл, які були зруйновані під час обстрілів, повідомили в міністерстві освіти.</p>"
        #expect(try read(page(head: "<meta property=\"og:locale\" content=\"uk_UA\">", "<article>\(ukrainian)\(ukrainian)</article>")).article.language == "uk-UA")
        // A tag whose script the text is plainly not in gives way to the text.
        #expect(try read(page(head: "<meta property=\"og:locale\" content=\"uk_UA\">", "<article>\(lead)</article>")).article.language == "en")
        #expect(try read(page(head: "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"inLanguage\": \"fr\"}</script>",
                              "<article>\(lead)</article>")).article.language == "fr")
    }

    // MARK: Stages

    private func stage(_ source: ArticleSource) -> HTMLReader.Stage? {
        source.extraction.flatMap(HTMLReader.Stage.init(rawValue:))
    }

    private var longLead: String { lead + lead.replacingOccurrences(of: "Monday", with: "Tuesday") + lead.replacingOccurrences(of: "Monday", with: "Friday") }

    @Test func scoringFindsAnOrdinaryStory() throws {
        #expect(stage(try read(page("\(navigation)<div class=\"article-body\">\(longLead)</div>"))) == .finder)
    }

    /// A story inside an element whose class reads as furniture: the first attempt removes
    /// it as unlikely, the second cleans it away for its negative class weight, and the
    /// third, without class weights, reads it.
    @Test func aStoryInAnElementNamedAsFurnitureIsFoundWhenTheRulesAreRelaxed() throws {
        let source = try read(page("\(navigation)<div class=\"sidebar-layout\">\(longLead)</div>"))
        #expect(stage(source) == .finderWithoutWeights)
        #expect(source.article.blocks.count == 6)
    }

    @Test func jsonLDArticleBodyReadsAPageRenderedByScript() throws {
        let body = "The council approved the new river bridge on Monday, officials said.\\n\\nWork will start in the spring, and the bridge is expected to open in late 2027."
        let source = try read(page(head: "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"Council approves bridge\", \"articleBody\": \"\(body)\"}</script>",
                                   "<div id=\"app\">Loading…</div>"))
        #expect(stage(source) == .jsonLD)
        #expect(source.article.blocks.map(\.text) == ["The council approved the new river bridge on Monday, officials said.",
                                                      "Work will start in the spring, and the bridge is expected to open in late 2027."])
    }

    /// Paragraphs too short to score: the `<article>` element holds the story.
    @Test func shortParagraphsAreReadFromTheArticleElement() throws {
        // Each under the 25 characters that a paragraph needs to score.
        let lines = ["Bus fares go up in May.", "Trains cost more too.", "The mayor calls it fair.", "Riders call it unfair."]
        let source = try read(page("\(navigation)<article>" + lines.map { "<p>\($0)</p>" }.joined() + "</article><p>Sign up for our news.</p>"))
        #expect(stage(source) == .articleElement)
        #expect(source.article.blocks.map(\.text) == lines)
    }

    /// Text run straight into the body, as old pages have it: nothing scores, and the body
    /// is the densest block.
    @Test func looseTextInTheBodyIsReadAsTheDensestBlock() throws {
        let source = try read(page("\(navigation)Bus fares go up in May, the council said.<br>Trains will cost more from June, it added."))
        #expect(stage(source) == .densest)
        #expect(source.article.blocks.map(\.text) == ["Bus fares go up in May, the council said. Trains will cost more from June, it added."])
    }

    /// The densest block is a copyright notice, which is not read: the paragraphs are.
    @Test func everyVisibleParagraphIsTheLastResort() throws {
        let source = try read(page("""
            <center>Copyright 2024 Riverside Gazette. All rights reserved. Terms of use. Privacy policy. Contact the newsroom.</center>
            <span><p>Bus fares go up in May.</p></span><span><p>Trains cost more too.</p></span>
            """))
        #expect(stage(source) == .paragraphs)
        #expect(source.article.blocks.map(\.text) == ["Bus fares go up in May.", "Trains cost more too."])
    }
}
