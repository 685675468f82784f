import Foundation
import Testing
@testable import AudioEdition

/// The player pages through `PlayerPages` itself: what the index lists and in what order, one
/// set of controls on an episode page, its icon, and every text made inert.
@Suite struct PlayerPagesTests {
    private let channel = BriefingProfile.Feed(title: "Town <news>", description: "d", language: "en", author: "a", category: "News",
                                               explicit: false, image: "", baseURL: "https://example.com/podcast/")

    private func episode(_ id: String, title: String, created: TimeInterval) -> Manifest.Episode {
        var episode = ManifestTests.sampleEpisode(id: id)
        episode.title = title
        episode.created = Date(timeIntervalSince1970: created)
        episode.files.append(.init(path: "\(id)/\(id)-r1.mp3", format: "mp3", sampleRate: 44100, duration: 12.5, bytes: 900,
                                   sha256: String(repeating: "e", count: 64)))
        return episode
    }

    @Test func theIndexListsEpisodesNewestFirstWithTheirTitlesEscaped() {
        let older = episode("older-1", title: "Older story", created: 1_700_000_000)
        let newer = episode("newer-2", title: "Newer <script>alert(1)</script>", created: 1_700_100_000)
        let page = PlayerPages.index([newer, older], channel: channel)
        let first = page.range(of: "newer-2/index.html"), second = page.range(of: "older-1/index.html")
        #expect(first != nil && second != nil && first!.lowerBound < second!.lowerBound)
        #expect(page.contains("Newer &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("<title>Town &lt;news&gt;</title>"))
        #expect(page.contains("<link rel=\"icon\" href=\"cover.jpg\">"))
    }

    @Test func anEpisodePageHasOneSetOfControlsTheBrowsersUntilTheScriptRuns() {
        let (head, tail) = PlayerPages.page(episode("bridge-3", title: "Bridge", created: 1_700_000_000), embed: false, transcript: false,
                                            cover: "cover.png")
        let page = head + tail
        // The browser's bar is there for a reader without script; ours waits, hidden, for it.
        #expect(page.components(separatedBy: "<audio controls").count == 2)
        #expect(page.contains("<div class=\"controls\" hidden>"))
        #expect(page.contains("controls.hidden = false") && page.contains("audio.removeAttribute(\"controls\")"))
        #expect(page.contains("<input type=\"range\" class=\"position\""))
        #expect(page.contains("<source src=\"bridge-3-r1.mp3\" type=\"audio/mpeg\">"))
        #expect(page.contains("<link rel=\"icon\" href=\"../cover.png\">"))
    }
}
