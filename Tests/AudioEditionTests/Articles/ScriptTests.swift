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

    @Test func blocksWithoutWordsAreSkippedAndTitleOnlyGetsTheTail() {
        let article = Article(title: "T", blocks: [.init(.paragraph, "* * *")])
        let script = Script(article: article, pauses: pauses)
        #expect(script.segments.count == 1)
        #expect(script.segments[0].pauseAfter == 0.9)
    }
}
