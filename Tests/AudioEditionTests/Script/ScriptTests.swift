import Testing
@testable import AudioEdition

@Suite struct ScriptTests {
    let pauses = VoiceProfile.Pauses(leadIn: 0.2, afterTitle: 1.1, betweenParagraphs: 0.6, tail: 0.9)

    @Test func titleThenOneSegmentPerParagraphWithProfilePauses() {
        let article = Article(title: "T", blocks: [.init(.paragraph, "One."), .init(.quote, "Two."), .init(.paragraph, "Three.")])
        let script = Script(article: article, pauses: pauses)
        #expect(script.leadIn == 0.2)
        #expect(script.segments.map(\.role) == [.title, .body, .quote, .body])
        #expect(script.segments.map(\.text) == ["T", "One.", "Two.", "Three."])
        #expect(script.segments.map(\.pauseAfter) == [1.1, 0.6, 0.6, 0.9])
        #expect(script.segments.map(\.block) == [0, 1, 2, 3])
    }

    /// "By A and B. November 18, 2023." follows the headline, and the pause after the
    /// headline comes after it.
    @Test func bylineAndDateAreSpokenAfterTheHeadline() {
        let article = Article(title: "T", byline: ["Ann Lee", "Bo Chan"], published: "2023-11-18", blocks: [.init(.paragraph, "One.")])
        let script = Script(article: article, pauses: pauses)
        #expect(script.segments.map(\.role) == [.title, .byline, .body])
        #expect(script.segments[1].text == "By Ann Lee and Bo Chan. November 18, 2023.")
        #expect(script.segments[1].spoken == "By Ann Lee and Bo Chan. November eighteenth, twenty twenty three.")
        #expect(script.segments.map(\.pauseAfter) == [0.6, 1.1, 0.9])
        #expect(script.segments.map(\.block) == [0, 0, 1])

        let dateOnly = Script(article: Article(title: "T", published: "2024-02-29", blocks: [.init(.paragraph, "One.")]), pauses: pauses)
        #expect(dateOnly.segments[1].text == "February 29, 2024.")
        let nameOnly = Script(article: Article(title: "T", byline: ["Ann Lee"], blocks: [.init(.paragraph, "One.")]), pauses: pauses)
        #expect(nameOnly.segments[1].text == "By Ann Lee.")
    }

    @Test func blocksWithoutWordsAreSkippedAndTitleOnlyGetsTheTail() {
        let article = Article(title: "T", blocks: [.init(.paragraph, "* * *")])
        let script = Script(article: article, pauses: pauses)
        #expect(script.segments.count == 1)
        #expect(script.segments[0].pauseAfter == 0.9)
    }
}
