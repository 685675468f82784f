import Testing
@testable import AudioEdition

@Suite struct PageTextReaderTests {
    private func read(_ text: String) throws -> Article {
        try PageTextReader().read(SourceText(path: "t.txt", text: text, sha256: ""))
    }

    @Test func titleIsFirstNonEmptyLineAndBlankLinesSeparateParagraphs() throws {
        let article = try read("\n\n  Headline here  \n\nFirst  para\ncontinues here.\n\n\n\nSecond para.\n")
        #expect(article.title == "Headline here")
        #expect(article.blocks == [.init(.paragraph, "First para continues here."), .init(.paragraph, "Second para.")])
    }

    @Test func bodyDirectlyUnderTheTitleIsItsOwnParagraph() throws {
        let article = try read("Headline\nBody line one\nline two\n\nNext.")
        #expect(article.title == "Headline")
        #expect(article.blocks.map(\.text) == ["Body line one line two", "Next."])
    }

    @Test func textWithoutLettersOrDigitsHasNoWords() {
        #expect(throws: ArticleError(path: "t.txt", problem: .noWords)) { try read("***\n\n--- ... ---\n\n!!!") }
    }

    @Test func aHeadlineWithoutAStoryIsNoArticle() {
        #expect(throws: ArticleError(path: "t.txt", problem: .noArticleText)) { try read("Just a headline") }
        #expect(throws: ArticleError(path: "t.txt", problem: .noArticleText)) {
            try read("Home\nNews\nSport\n\nSubscribe\n\nShare this article\n\nMost popular")
        }
    }
}
