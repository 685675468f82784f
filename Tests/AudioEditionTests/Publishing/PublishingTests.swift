import Foundation
import Testing
@testable import AudioEdition

/// Podcasting 2.0's own example: the guid of `https://mp3s.nashownotes.com/pc20rss.xml`.
@Suite struct PodcastGUIDTests {
    @Test func theSpecificationsExample() {
        #expect(Publishing.podcastGUID(feedURL: "https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810")
        #expect(Publishing.podcastGUID(feedURL: "http://mp3s.nashownotes.com/pc20rss.xml/") == "917393e3-1b1e-5cef-ace4-edaa54e1f810")
    }
}
