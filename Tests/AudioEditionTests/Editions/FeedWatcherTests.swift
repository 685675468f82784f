import Foundation
import Testing
@testable import AudioEdition

/// `FeedWatcher` through its own API, against a real HTTP server (Python's `http.server`
/// on 127.0.0.1, which answers `If-Modified-Since`) serving a feed the test rewrites.
@Suite struct FeedWatcherTests {
    /// A folder served over HTTP on a free port, for as long as the value lives.
    final class Site {
        let folder: TemporaryFolder
        let base: String
        private let server = Process()

        init() throws {
            folder = try TemporaryFolder()
            server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            server.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.url.path]
            let out = Pipe()
            server.standardOutput = out
            server.standardError = FileHandle.nullDevice
            try server.run()
            // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
            var said = ""
            while !said.contains(") ...") {
                let data = out.fileHandleForReading.availableData
                guard !data.isEmpty else { break }
                said += String(decoding: data, as: UTF8.self)
            }
            guard let port = said.split(separator: " ").drop(while: { $0 != "port" }).dropFirst().first else {
                kill(server.processIdentifier, SIGKILL)
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "http.server did not start: \(said)"])
            }
            base = "http://127.0.0.1:\(port)/"
        }

        /// SIGKILL: the test process blocks SIGTERM in its threads, and its children inherit that.
        deinit {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }

        /// Writes the feed of `items` (guid, title, paragraphs), dated `modified` seconds
        /// after the epoch so that each version is newer than the last, to the second.
        func feed(_ items: [(String, String, [String])], modified: TimeInterval) throws {
            var xml = #"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Coast News</title>"#
            for (guid, title, paragraphs) in items {
                xml += "<item><title>\(title)</title><guid>\(guid)</guid><content:encoded><![CDATA["
                    + paragraphs.map { "<p>\($0)</p>" }.joined() + "]]></content:encoded></item>"
            }
            let file = try folder.write("feed.xml", xml + "</channel></rss>")
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: modified)], ofItemAtPath: file.path)
        }
    }

    static let lanes = ("lanes", "Council approves new cycle lanes",
                        ["The council approved four new cycle lanes on Tuesday after a long debate.", "Work on the first lane starts in the spring."])
    static let library = ("library", "Library extends its opening hours",
                          ["The town library will open until nine in the evening from next month.", "Volunteers will staff the reading room on Sundays."])

    private func watcher(_ site: Site, _ output: (folder: OutputFolder, cache: SegmentCache)) throws -> FeedWatcher {
        let voice = try VoiceLibrary(folder: voicesFolder).load("newsreader")
        let run = EditionRun.Options(output: .init(folder: output.folder, cache: output.cache, formats: [.wav]),
                                     speech: .init(voices: VoiceCast(.init(profile: voice)), workers: try oneWorker()))
        return FeedWatcher(options: .init(feeds: [site.base + "feed.xml"], run: run))
    }

    @Test func newItemsBecomeEpisodesAndAFeedAsItWasSpeaksNothing() throws {
        let site = try Site()
        try site.feed([Self.lanes, Self.library], modified: 1_700_000_000)
        let scratch = try TemporaryFolder()
        let output = outputFolder(in: scratch)

        let first = try watcher(site, output).pass()
        #expect(first.failures.isEmpty)
        #expect((first.items, first.new, first.changed) == (2, 2, 0))
        let episodes = try manifest(of: output.folder).episodes
        #expect(Set(episodes.map(\.title)) == [Self.lanes.1, Self.library.1])
        #expect(Set(episodes.compactMap(\.source.item)) == ["lanes", "library"])

        let second = try watcher(site, output).pass()
        #expect((second.items, second.new, second.changed, second.unchanged) == (2, 0, 0, 2))
        #expect(try manifest(of: output.folder).episodes == episodes)
    }

    @Test func anEditedItemIsMadeAgainAndADroppedOneKeepsItsEpisodeMarkedDelisted() throws {
        let site = try Site()
        try site.feed([Self.lanes, Self.library], modified: 1_700_000_000)
        let scratch = try TemporaryFolder()
        let output = outputFolder(in: scratch)
        _ = try watcher(site, output).pass()
        let library = try #require(try manifest(of: output.folder).episodes.first { $0.source.item == "library" })

        var edited = Self.lanes
        edited.2[1] = "Work on the first lane starts in the autumn."
        try site.feed([edited], modified: 1_700_000_100)
        let pass = try watcher(site, output).pass()
        #expect(pass.failures.isEmpty)
        #expect((pass.items, pass.new, pass.changed, pass.delisted) == (1, 0, 1, 1))

        let after = try manifest(of: output.folder).episodes
        #expect(after.first { $0.source.item == "lanes" }?.revision == 2)
        let kept = try #require(after.first { $0.id == library.id })
        #expect(kept.delisted != nil && kept.revision == library.revision)
        #expect(FileManager.default.fileExists(atPath: output.folder.url(relative: library.files[0].path).path))
    }

    @Test func aFeedThatCannotBeFetchedIsReportedAndChangesNothing() throws {
        let site = try Site()
        let scratch = try TemporaryFolder()
        let output = outputFolder(in: scratch)
        let pass = try watcher(site, output).pass()
        #expect(pass.failures.count == 1)
        #expect(pass.failures.first?.contains("feed.xml") == true && pass.failures.first?.contains("404") == true)
        #expect(try manifest(of: output.folder).episodes.isEmpty)
    }
}
