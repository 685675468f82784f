import Foundation
import Testing
@testable import AudioEdition

@Suite struct BriefingProfileTests {
    /// A profile's templates filled in, and text made inert for the feed and pages.
    @Test func templatesAndEscaping() throws {
        let profile = try BriefingProfile.load("morning", voices: voicesFolder)
        #expect(profile.fill(profile.intro, title: "Morning Briefing", date: "2023-12-15", count: 6)
            == "Morning Briefing for Friday, December 15, 2023. 6 stories today.")
        #expect(profile.fill("{stories}", title: "", date: "2024-02-29", count: 1) == "1 story")
        #expect(BriefingProfile.weekday(year: 2024, month: 2, day: 29) == "Thursday")
        #expect(Publishing.escape("A & B <script>\"x\"</script>\u{1}") == "A &amp; B &lt;script&gt;&quot;x&quot;&lt;/script&gt;")
    }
}
