import Foundation
import Testing
@testable import AudioEdition

/// The story finder through its own API: which element it takes for the story, and what it
/// removes from it before the reader reads it.
@Suite struct StoryFinderTests {
    private let paragraph = "<p>The city council approved the new river bridge on Monday, ending a debate that has run for six years, officials said, and work will start in the spring.</p>"

    private func find(_ body: String) throws -> StoryFinder.Found? {
        let html = "<html><head><title>Bridge</title></head><body>\(body)</body></html>"
        let document = try HTMLDocument(bytes: Array(html.utf8), path: "page.html")
        return StoryFinder(classes: .english, title: "Bridge").find { document.root() }
    }

    @Test func theContainerWithTheMostProseIsTheStoryWhateverItsNesting() throws {
        let found = try #require(try find("""
            <div class="sidebar"><p>Short teaser, one line.</p></div>
            <div><div><div id="story">\(String(repeating: paragraph, count: 4))</div></div></div>
            """))
        #expect(found.content.text.contains("river bridge"))
        #expect(!found.content.text.contains("Short teaser"))
        #expect(found.textLength >= StoryFinder.minimumLength)
        #expect(found.rules == .all)
    }

    @Test func furnitureInsideTheStoryIsCleanedAway() throws {
        let found = try #require(try find("""
            <article>\(String(repeating: paragraph, count: 3))
            <div class="related"><ul><li><a href="/a">Town hall to close</a></li><li><a href="/b">New bus lanes</a></li></ul></div>
            <form><input name="email"><input type="submit"></form>
            \(paragraph)</article>
            """))
        #expect(!found.content.text.contains("Town hall to close"))
        #expect(found.content.descendants(named: "input").isEmpty)
        #expect(found.content.text.components(separatedBy: "river bridge").count == 5)
    }

    @Test func aPageWithoutProseFindsNothingToRead() throws {
        let found = try find("<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div class='menu'><a href='/x'>Sport</a></div>")
        #expect(found == nil, "\(found?.content.text ?? "")")
    }
}
