import Foundation
import Testing
@testable import AudioEdition

/// The failure classes real scraped pages showed the page-text reader, each on a page of
/// our own: captions, furniture inside the story, headlines, bylines and dates.
@Suite struct PageTextStoryTests {
    private func read(_ lines: [String]) throws -> Article {
        try PageTextReader().read(SourceText(path: "page.txt", text: lines.joined(separator: "\n"), sha256: ""))
    }

    private let story = [
        "The city council approved the new river bridge on Monday, ending a debate that has run for six years.",
        "",
        "Work will start in the spring, and the bridge is expected to open to traffic in late 2027, officials said.",
        "",
        "Residents said they were pleased that the long wait was over, and hoped the works would bring few delays.",
    ]
    private var storyTexts: [String] { story.filter { !$0.isEmpty } }

    @Test(arguments: [
        "Workers at the site of the old bridge in Riverside. EPA",
        "The old bridge seen from the river on March 9, 2024. (Source: Riverside Council/Telegram)",
        "The mayor opens the works. PHOTO/Riverside Council/Twitter",
        "Traffic queues on the old bridge during the morning rush - Sam Taylor/Gazette",
        "Traffic queues on the old bridge. [ SAM TAYLOR | Gazette ]",
        "WATCH ABOVE: The council is asking residents for their views on how the new bridge should be built. The works start in spring and, as Sam Taylor reports, the road along the river will close for most of the year.",
    ])
    func photoCaptionsAreNeitherHeadlineNorStory(caption: String) throws {
        let article = try read(["Council approves new river bridge after six years", "", caption, ""] + story)
        #expect(article.title == "Council approves new river bridge after six years")
        #expect(article.blocks.map(\.text) == storyTexts)
    }

    @Test func aLiveBlogWhosePageOpensWithABylineIsRead() throws {
        // The header's search for a post's heading reaches the page's first line.
        let article = try read(["By Jane Doe", "", "Live coverage", "", "Storm closes harbour", "", "By Mara Ellison", "",
                                "Ferry services across the harbour stopped on Tuesday morning after a storm forced the port to close.", "",
                                "The port authority said all routes would stay closed until the wind drops below gale force.", "",
                                "Library opens as warm space", "", "By Staff Reporters", "",
                                "The council opened the main library hall as a warm space on Tuesday for residents without power."])
        #expect(article.blocks.filter { $0.kind == .paragraph }.count == 3)
        #expect(article.blocks.contains { $0.kind == .subheading && $0.text == "Library opens as warm space" })
    }

    @Test func aWireCreditClosingAParagraphIsNotACaption() throws {
        let last = "The council will meet again in June to set the tolls for the new bridge and its cycle path. (Sputnik/ANI)"
        let article = try read(["Council approves new river bridge after six years", ""] + story + ["", last])
        #expect(article.blocks.last?.text == last)
    }

    @Test func aCaptionGivenTwiceWithAndWithoutItsCreditIsLeftOut() throws {
        let article = try read(["Council approves new river bridge after six years", "",
                                "Workers clear the site of the old bridge in Riverside on Monday.",
                                "Workers clear the site of the old bridge in Riverside on Monday. [ SAM TAYLOR | Gazette ]", ""] + story)
        #expect(article.blocks.map(\.text) == storyTexts)
    }

    /// Furniture between paragraphs (an author's headshot, a one-word label, an ad slot, a
    /// prompt before a live blog's entries) does not end the story.
    @Test func furnitureInsideTheStoryIsPassedOver() throws {
        let article = try read(["Council approves new river bridge after six years", "", story[0], "",
                                "Sam Taylor", "Sam Taylor [ Provided ]", "", story[2], "", "Advertisement", "", "Key findings", "",
                                story[4], "", "Follow the latest updates here:", "",
                                "9.15am: Council publishes the tender", "",
                                "The tender for the bridge works was published on the council's website this morning, officials said."])
        #expect(article.blocks.map(\.text) == storyTexts + ["9.15am: Council publishes the tender",
                                                             "The tender for the bridge works was published on the council's website this morning, officials said."])
        #expect(article.byline == ["Sam Taylor"])
    }

    @Test func anAuthorBoxEndsTheStoryAndGivesTheByline() throws {
        let article = try read(["Council approves new river bridge after six years", ""] + story
            + ["", "Avatar", "Sam Taylor", "", "Reporter", "", "Sam Taylor is a reporter for the Gazette, covering transport and the council since 2019."])
        #expect(article.blocks.map(\.text) == storyTexts)
        #expect(article.byline == ["Sam Taylor"])
    }

    @Test func aBylineAfterTheStoryIsTheByline() throws {
        let article = try read(["Council approves new river bridge after six years", ""] + story + ["", "By: S. T. TAYLOR, Riverside Gazette"])
        #expect(article.byline == ["S. T. Taylor"])
    }

    @Test func anAgencyCreditAloneIsTheByline() throws {
        #expect(try read(["Council approves new river bridge after six years", "By Reuters", ""] + story).byline == ["Reuters"])
    }

    /// A page's headline often stands twice, as the page title and over the story, where a
    /// menu's items also repeat; a long repeated line is the headline.
    @Test func aRepeatedLongLineIsTheHeadlineAndARepeatedShortOneIsNot() throws {
        let article = try read(["News Feed", "", "Council approves new river bridge after six years", "", "1 min read",
                                "Council approves new river bridge after six years", "Workers at the site of the old bridge. EPA", ""] + story
                               + ["", "News Feed"])
        #expect(article.title == "Council approves new river bridge after six years")
    }

    @Test func buttonLabelsRunTogetherAreNotTheHeadline() throws {
        let article = try read(["Council approves new river bridge after six years", "September 22, 2024 8:28 am",
                                "Go to the source of this storySEE ALL OUR NEWS", ""] + story)
        #expect(article.title == "Council approves new river bridge after six years")
        #expect(article.published == "2024-09-22")
    }

    /// The scraper's ` date YYYY-MM-DD ` stamp dates a page that shows no date, and a date
    /// the page shows wins over it.
    @Test func theScrapersDateStampIsTheLastResortForTheDate() throws {
        #expect(try read([" date 2023-03-20 Council approves new river bridge after six years", ""] + story).published == "2023-03-20")
        #expect(try read([" date 2023-03-20 Council approves new river bridge after six years", "Published 18 March 2023", ""] + story).published == "2023-03-18")
        #expect(try read([" date 2023-03-20 Council approves new river bridge after six years", ""] + story).title == "Council approves new river bridge after six years")
    }

    @Test func aStampedDateLineWithItsUpdateIsADateLine() throws {
        let article = try read(["Council approves new river bridge after six years", "",
                                "Posted at 7:22 AM, May 21, 2015", "and last updated 2015-05-21 07:52:59-04", ""] + story)
        #expect(article.published == "2015-05-21")
        #expect(article.blocks.map(\.text) == storyTexts)
    }

    /// Items that carry the story, a line introducing them, and a teaser or an image label
    /// inside the story that is read as neither.
    @Test func listItemsIntroductionsTeasersAndImageLabels() throws {
        let article = try read(["Council approves new river bridge after six years", "", story[0],
                                "Here is what the council decided on Monday, item by item:",
                                "- The bridge will have two lanes for cars and a wide path for cyclists and walkers.",
                                "- It will cost about forty million pounds, paid for by the region and the state.", "",
                                "Riverside bridge works 04", "", story[2], "",
                                "Town hall to close for three months of repairs this winter, council says", "", story[4]])
        #expect(article.blocks.map(\.kind) == [.paragraph, .paragraph, .listItem, .listItem, .paragraph, .paragraph])
        #expect(!article.blocks.contains { $0.text.contains("Town hall") || $0.text.contains("works 04") })
    }

    @Test func headlinesRunTogetherAreNotAParagraph() throws {
        let related = "Bridge latest news and results Riverside 2024 - Stage two preview Council: Mayor wins the vote on the plan How to watch the council meeting live tonight"
        let article = try read(["Council approves new river bridge after six years", "", related, ""] + story)
        #expect(article.blocks.map(\.text) == storyTexts)
    }
}
