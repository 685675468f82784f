import Foundation
import Testing
@testable import AudioEdition

/// `EditionRun` through its own API: articles planned, spoken by a real worker through the
/// cache, assembled and committed one by one.
@Suite struct EditionRunTests {
    private func options(_ output: (folder: OutputFolder, cache: SegmentCache), channel: BriefingProfile.Feed? = nil,
                         formats: [AudioFormat] = [.wav]) throws -> EditionRun.Options {
        let voice = try VoiceLibrary(folder: voicesFolder).load("newsreader")
        return EditionRun.Options(output: .init(folder: output.folder, cache: output.cache, formats: formats),
                                  speech: .init(voices: VoiceCast(.init(profile: voice)), workers: try oneWorker()),
                                  publishing: .init(channel: channel))
    }

    /// Events are reported from the run's threads.
    private final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [EditionRun.Event] = []
        func add(_ event: EditionRun.Event) { lock.withLock { all.append(event) } }
        var planned: [EditionRun.Totals] { lock.withLock { all.compactMap { if case let .planned(totals) = $0 { totals } else { nil } } } }
        var finished: [String] { lock.withLock { all.compactMap { if case let .finished(_, path) = $0 { path } else { nil } } } }
    }

    @Test func eachArticleBecomesAnEpisodeAndARunAgainSpeaksNothing() throws {
        let folder = try TemporaryFolder()
        let paths = [try folder.write("ferry.txt", Stories.ferry).path, try folder.write("orchestra.txt", Stories.orchestra).path]
        let output = outputFolder(in: folder)
        let events = Events()
        let first = try EditionRun(options: try options(output), events: events.add).run(paths: paths)
        #expect(first.failures.isEmpty)
        #expect(first.rendered.count == 2)
        #expect(first.segmentsSpoken > 0 && first.segmentsCached == 0)
        #expect(events.planned.last?.episodes == 2)
        #expect(Set(events.finished) == Set(paths))

        let episodes = try manifest(of: output.folder).episodes
        #expect(Set(episodes.map(\.title)) == ["Harbour ferry returns after winter repairs", "Youth orchestra wins national title"])
        for episode in episodes {
            let file = try #require(episode.files.first)
            #expect(file.format == "wav" && file.duration > 1)
            #expect(try SHA256.hex(fileAt: output.folder.url(relative: file.path)) == file.sha256)
        }

        let again = try EditionRun(options: try options(output)).run(paths: paths)
        #expect(again.rendered.isEmpty && again.upToDate.count == 2)
        #expect(again.segmentsSpoken == 0)
        #expect(try manifest(of: output.folder).episodes == episodes)
    }

    @Test func aSentenceTwoArticlesShareIsSpokenOnce() throws {
        let folder = try TemporaryFolder()
        let shared = "\n\nThe council will meet again on Thursday evening.\n"
        let paths = [try folder.write("ferry.txt", Stories.ferry + shared).path, try folder.write("orchestra.txt", Stories.orchestra + shared).path]
        let output = outputFolder(in: folder)
        let summary = try EditionRun(options: try options(output)).run(paths: paths)
        #expect(summary.rendered.count == 2)
        let keys = summary.rendered.map { Set($0.segments.map(\.key)) }
        #expect(!keys[0].isDisjoint(with: keys[1]))
        #expect(summary.segmentsSpoken == keys[0].union(keys[1]).count)
    }

    @Test func anArticleThatCannotBeReadFailsAloneAndNamesItsPath() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("ferry.txt", Stories.ferry).path
        let empty = try folder.write("empty.txt", "").path
        let output = outputFolder(in: folder)
        let summary = try EditionRun(options: try options(output)).run(paths: [empty, good])
        #expect(summary.rendered.map(\.title) == ["Harbour ferry returns after winter repairs"])
        #expect(summary.failures.map(\.path) == [empty])
        #expect(try manifest(of: output.folder).episodes.count == 1)
    }

    /// The feed and playlist carry the MP3s (WAV is the master, not for listeners).
    @Test func withAChannelEveryEpisodeIsPublishedInTheFeedAndPlaylist() throws {
        let folder = try TemporaryFolder()
        let paths = [try folder.write("ferry.txt", Stories.ferry).path, try folder.write("orchestra.txt", Stories.orchestra).path]
        let output = outputFolder(in: folder)
        let channel = try BriefingProfile.load("morning", voices: voicesFolder).feed
        let summary = try EditionRun(options: try options(output, channel: channel, formats: [.wav, .mp3])).run(paths: paths)
        let feed = try String(contentsOf: output.folder.url(relative: "feed.xml"), encoding: .utf8)
        let playlist = try String(contentsOf: output.folder.url(relative: "playlist.m3u8"), encoding: .utf8)
        #expect(summary.rendered.count == 2)
        for episode in summary.rendered {
            let mp3 = try #require(episode.files.first { $0.format == "mp3" })
            #expect(feed.contains(channel.base + mp3.path))
            #expect(playlist.contains(mp3.path))
        }
    }
}
