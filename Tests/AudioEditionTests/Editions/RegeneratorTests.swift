import Foundation
import Testing
@testable import AudioEdition

/// `Regenerator` through its own API: episodes brought up to date with their sources, only
/// the sentences that changed spoken again.
@Suite struct RegeneratorTests {
    /// Two article episodes, made by a run; their sources' paths.
    private func edition(in folder: TemporaryFolder) throws -> (output: (folder: OutputFolder, cache: SegmentCache), ferry: URL, orchestra: URL) {
        let ferry = try folder.write("ferry.txt", Stories.ferry), orchestra = try folder.write("orchestra.txt", Stories.orchestra)
        let output = outputFolder(in: folder)
        let voice = try VoiceLibrary(folder: voicesFolder).load("newsreader")
        let options = EditionRun.Options(output: .init(folder: output.folder, cache: output.cache, formats: [.wav]),
                                         speech: .init(voices: VoiceCast(.init(profile: voice)), workers: try oneWorker()))
        let made = try EditionRun(options: options).run(paths: [ferry.path, orchestra.path])
        #expect(made.rendered.count == 2)
        return (output, ferry, orchestra)
    }

    /// Every line one pass reports.
    private func regenerate(_ output: (folder: OutputFolder, cache: SegmentCache), ids: [String] = [], dryRun: Bool = false) throws -> [Regenerator.Line] {
        final class Lines: @unchecked Sendable {
            let lock = NSLock()
            var all: [Regenerator.Line] = []
        }
        let lines = Lines()
        let options = Regenerator.Options(output: output.folder, cache: output.cache, library: VoiceLibrary(folder: voicesFolder),
                                          speaking: try oneWorker(), dryRun: dryRun)
        try Regenerator(options: options).run(ids: ids) { line in lines.lock.withLock { lines.all.append(line) } }
        return lines.lock.withLock { lines.all }
    }

    private func episode(_ output: OutputFolder, titled title: String) throws -> Manifest.Episode {
        try #require(try manifest(of: output).episodes.first { $0.title == title })
    }

    @Test func anEditRemakesItsEpisodeSpeakingOnlyTheChangedSentence() throws {
        let folder = try TemporaryFolder()
        let (output, ferry, _) = try edition(in: folder)
        let before = try episode(output.folder, titled: "Harbour ferry returns after winter repairs")
        let untouched = try episode(output.folder, titled: "Youth orchestra wins national title")
        try Data(Stories.ferry.replacingOccurrences(of: "Fares are unchanged.", with: "Fares will rise by ten cents.").utf8).write(to: ferry)

        let lines = try regenerate(output)
        let remade = lines.compactMap { if case let .remade(episode) = $0 { episode } else { nil } }
        let current = lines.compactMap { if case let .upToDate(episode) = $0 { episode.id } else { nil } }
        #expect(remade.map(\.id) == [before.id])
        #expect(current == [untouched.id])

        let after = try episode(output.folder, titled: "Harbour ferry returns after winter repairs")
        #expect(after.revision == 2)
        let history = try #require(after.history?.last)
        #expect(history.segmentsSynthesised == 1 && history.segmentsChanged == 1)
        #expect(Set(after.segments.map(\.key)).subtracting(before.segments.map(\.key)).count == 1)
        #expect(try episode(output.folder, titled: "Youth orchestra wins national title") == untouched)
    }

    @Test func aDryRunSaysWhatItWouldSpeakAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        let (output, ferry, _) = try edition(in: folder)
        try Data(Stories.ferry.replacingOccurrences(of: "Fares are unchanged.", with: "Fares will rise by ten cents.").utf8).write(to: ferry)
        let manifestBefore = try Data(contentsOf: ManifestStore(output: output.folder).url)

        let lines = try regenerate(output, dryRun: true)
        let plans = lines.compactMap { if case let .plan(id, segments, seconds, _) = $0 { (id, segments, seconds) } else { nil } }
        #expect(plans.count == 1)
        #expect(plans.first?.1 == 1 && (plans.first?.2 ?? 0) > 0)
        #expect(try Data(contentsOf: ManifestStore(output: output.folder).url) == manifestBefore)
    }

    @Test func aSourceThatHasGoneLeavesItsEpisodeStaleAndItsFilesInPlace() throws {
        let folder = try TemporaryFolder()
        let (output, _, orchestra) = try edition(in: folder)
        let made = try episode(output.folder, titled: "Youth orchestra wins national title")
        try FileManager.default.removeItem(at: orchestra)

        let lines = try regenerate(output, ids: [made.id])
        let stale = lines.compactMap { if case let .stale(id, reason) = $0 { (id, reason) } else { nil } }
        #expect(stale.map(\.0) == [made.id])
        #expect(stale.first?.1.contains("orchestra.txt") == true)
        let kept = try episode(output.folder, titled: "Youth orchestra wins national title")
        #expect(kept.stale != nil && kept.revision == made.revision)
        #expect(FileManager.default.fileExists(atPath: output.folder.url(relative: made.files[0].path).path))
    }

    @Test func anIdNotInTheManifestIsRefusedByName() throws {
        let folder = try TemporaryFolder()
        let (output, _, _) = try edition(in: folder)
        #expect { try regenerate(output, ids: ["no-such-episode"]) } throws: { "\($0)".contains("no episode 'no-such-episode'") }
    }
}
