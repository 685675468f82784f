import Foundation
import Testing
@testable import AudioEdition

/// `BriefingEditor` through its own API: many stories made into one mastered episode with
/// a chapter each, in espeak-ng voices so that each run sounds the same.
@Suite struct BriefingEditorTests {
    private func request(_ sources: [URL], dryRun: Bool = false) throws -> BriefingEditor.Request {
        var profile = try BriefingProfile.load("morning", voices: voicesFolder)
        profile.voices = .init(host: "newsreader", headline: "newsreader", body: "newsreader", quote: "quotes")
        var request = BriefingEditor.Request(sources: sources.map(\.path), title: "Town news", date: "2024-01-05", formats: [.mp3], profile: profile)
        request.dryRun = dryRun
        return request
    }

    private func editor(_ output: (folder: OutputFolder, cache: SegmentCache)) throws -> BriefingEditor {
        BriefingEditor(output: output.folder, cache: output.cache, library: VoiceLibrary(folder: voicesFolder), speaking: try oneWorker())
    }

    @Test func storiesBecomeOneEpisodeWithAChapterEachAndAgainNothingIsMade() throws {
        let folder = try TemporaryFolder()
        let sources = [try folder.write("ferry.txt", Stories.ferry), try folder.write("orchestra.txt", Stories.orchestra)]
        let output = outputFolder(in: folder)
        var skipped: [BriefingEditor.Skipped] = []
        guard case let .made(episode) = try editor(output).make(try request(sources), skipped: &skipped) else {
            Issue.record("the briefing was not made")
            return
        }
        #expect(skipped.isEmpty)
        #expect(episode.id == "town-news-2024-01-05" && episode.kind == "briefing")
        #expect(episode.stories?.map(\.title) == ["Harbour ferry returns after winter repairs", "Youth orchestra wins national title"])
        let chapters = try #require(episode.chapters)
        let titles = chapters.map(\.title)
        #expect(titles.contains("Harbour ferry returns after winter repairs") && titles.contains("Youth orchestra wins national title"))
        #expect(zip(chapters, chapters.dropFirst()).allSatisfy { $0.start < $1.start })
        let file = try #require(episode.files.first)
        #expect(file.format == "mp3" && file.duration > (chapters.last?.start ?? 0))
        #expect(try manifest(of: output.folder).episodes.map(\.id) == [episode.id])

        guard case let .upToDate(same) = try editor(output).make(try request(sources), skipped: &skipped) else {
            Issue.record("an unchanged briefing was made again")
            return
        }
        #expect(same == episode)
    }

    @Test func aDryRunSaysWhatItWouldSpeakAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let sources = [try folder.write("ferry.txt", Stories.ferry)]
        let output = outputFolder(in: folder)
        var skipped: [BriefingEditor.Skipped] = []
        guard case let .wouldMake(id, segments, characters, _) = try editor(output).make(try request(sources, dryRun: true), skipped: &skipped) else {
            Issue.record("a dry run made the briefing")
            return
        }
        #expect(id == "town-news-2024-01-05")
        #expect(segments >= 4 && characters > Stories.ferry.count)
        #expect(!FileManager.default.fileExists(atPath: ManifestStore(output: output.folder).url.path))
        #expect(!FileManager.default.fileExists(atPath: output.folder.url(relative: id).path))
    }

    @Test func aStoryThatCannotBeReadIsSkippedByNameAndTheRestAreMade() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("gone.txt")
        let sources = [try folder.write("ferry.txt", Stories.ferry), missing]
        let output = outputFolder(in: folder)
        var skipped: [BriefingEditor.Skipped] = []
        guard case let .made(episode) = try editor(output).make(try request(sources), skipped: &skipped) else {
            Issue.record("the briefing was not made")
            return
        }
        #expect(skipped.map(\.path) == [missing.path])
        #expect(skipped.first?.description.contains("gone.txt") == true)
        #expect(episode.stories?.count == 1)
    }
}
