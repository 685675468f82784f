import AudioEdition
import Foundation
import Testing

/// `edition regenerate`, `status`, the output lock and `manifest rebuild`.
@Suite struct RegenerateCLITests {
    /// Three article episodes and a briefing of two of them, made cold.
    private func edition(in folder: TemporaryFolder, voices: URL = voicesFolder) throws -> (sources: [URL], output: URL) {
        let sources = try ["ferry", "orchestra", "database"].enumerated().map { index, name in
            try folder.write("\(name).txt", Data([Self.ferry, Self.orchestra, Self.database][index].utf8))
        }
        let output = folder.url.appendingPathComponent("out")
        let articles = try run(editionBinary, ["article"] + sources.map(\.path) + ["--output", output.path, "--format", "wav", "--voices", voices.path])
        #expect(articles.status == 0, "\(articles.stderr)")
        let briefing = try run(editionBinary, ["briefing", sources[0].path, sources[2].path, "--date", "2023-12-15", "--format", "mp3",
                                               "--output", output.path, "--voices", voices.path])
        #expect(briefing.status == 0, "\(briefing.stderr)")
        return (sources, output)
    }

    static let ferry = "Harbour ferry returns after winter repairs\n\nThe city's oldest ferry went back into service on Monday morning.\n\nCrews replaced both engines and rebuilt the deck.\n\nFares are unchanged.\n"
    static let orchestra = "Youth orchestra wins national title\n\nThe orchestra won the championship for the first time.\n\nThe judges praised its string section.\n"
    static let database = "How we cut our database bill in half\n\nOur bill passed forty thousand dollars last spring.\n\nWe removed one replica and archived cold data.\n"

    private func manifest(_ output: URL) throws -> Manifest {
        try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
    }

    private func audio(_ output: URL) throws -> [String: String] {
        var hashes: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: output.path) where [".wav", ".mp3", ".flac"].contains(where: path.hasSuffix) && !path.hasPrefix(".") {
            hashes[path] = try SHA256.hex(fileAt: output.appendingPathComponent(path))
        }
        return hashes
    }

    /// Every file the manifest names is whole, and every file the feed and playlist name is there.
    private func verify(_ output: URL) throws {
        for episode in try manifest(output).episodes {
            for file in episode.files {
                #expect(try SHA256.hex(fileAt: output.appendingPathComponent(file.path)) == file.sha256, "\(file.path)")
            }
        }
        let feed = (try? String(contentsOf: output.appendingPathComponent("feed.xml"), encoding: .utf8)) ?? ""
        let playlist = (try? String(contentsOf: output.appendingPathComponent("playlist.m3u8"), encoding: .utf8)) ?? ""
        let named = feed.components(separatedBy: "url=\"https://example.com/podcast/").dropFirst().compactMap { $0.split(separator: "\"").first }
            + playlist.split(separator: "\n").filter { !$0.hasPrefix("#") }
        for path in named {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(String(path)).path), "published \(path) is missing")
        }
    }

    @Test func oneEditedSentenceRemakesItsArticleAndTheBriefingOnly() throws {
        let folder = try TemporaryFolder()
        let (sources, output) = try edition(in: folder)
        let before = try audio(output)
        let manifestBefore = try Data(contentsOf: output.appendingPathComponent("manifest.json"))
        let feedBefore = try String(contentsOf: output.appendingPathComponent("feed.xml"), encoding: .utf8)
        try folder.write("ferry.txt", Data(Self.ferry.replacingOccurrences(of: "Fares are unchanged.", with: "Fares will rise by ten cents.").utf8))

        // The plan, and nothing changed.
        let dry = try run(editionBinary, ["regenerate", "--dry-run", "--output", output.path, "--voices", voicesFolder.path])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("ferry") && dry.stdout.contains("would re-speak 1 segment(s)"), "\(dry.stdout)")
        #expect(dry.stdout.contains("paragraph 3 (\"Fares will rise by ten cents.\")"), "\(dry.stdout)")
        #expect(try Data(contentsOf: output.appendingPathComponent("manifest.json")) == manifestBefore)
        #expect(try audio(output) == before)

        let result = try run(editionBinary, ["regenerate", "--output", output.path, "--voices", voicesFolder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let after = try manifest(output)
        let remade = after.episodes.filter { $0.revision == 2 }
        #expect(Set(remade.map(\.kind)) == ["article", "briefing"] && remade.count == 2)
        let synthesised = remade.compactMap { $0.history?.last?.segmentsSynthesised }.reduce(0, +)
        #expect((1...3).contains(synthesised), "\(synthesised)")
        let article = try #require(remade.first { $0.kind == "article" })
        #expect(article.history?.map(\.revision) == [1, 2])
        #expect(article.history?.last.map { ($0.segmentsAdded, $0.segmentsChanged, $0.segmentsRemoved) } ?? (0, 0, 0) == (0, 1, 0))
        #expect(article.created < article.updated || article.created == article.updated)
        // Every other audio file is byte-identical; the old revision's files are gone.
        let now = try audio(output)
        let unchanged = before.filter { path, _ in !remade.contains { path.hasPrefix($0.id + "/") } }
        #expect(unchanged.count == 2 && unchanged.allSatisfy { now[$0.key] == $0.value })
        #expect(!now.keys.contains { path in path.contains("-r1.") && remade.contains { path.hasPrefix($0.id + "/") } })
        try verify(output)
        // The feed keeps the episode's guid and first publication date.
        let feed = try String(contentsOf: output.appendingPathComponent("feed.xml"), encoding: .utf8)
        func field(_ name: String, _ xml: String) -> String? {
            xml.range(of: "<\(name)").flatMap { start in xml[start.lowerBound...].range(of: "</\(name)>").map { String(xml[start.lowerBound..<$0.upperBound]) } }
        }
        #expect(field("guid", feed) == field("guid", feedBefore) && field("pubDate", feed) == field("pubDate", feedBefore))
        #expect(feed.contains("-r2.mp3"))

        // Again: everything is up to date and nothing is touched.
        let stable = try Data(contentsOf: output.appendingPathComponent("manifest.json"))
        let again = try run(editionBinary, ["regenerate", "--output", output.path, "--voices", voicesFolder.path])
        #expect(again.status == 0)
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.contains("up to date") }, "\(again.stdout)")
        #expect(try Data(contentsOf: output.appendingPathComponent("manifest.json")) == stable)
        _ = sources
    }

    @Test func aLexiconEntryRemakesOnlyTheSegmentsItMatches() throws {
        let folder = try TemporaryFolder()
        let voices = folder.url.appendingPathComponent("Voices")
        try FileManager.default.copyItem(at: voicesFolder, to: voices)
        let (_, output) = try edition(in: folder, voices: voices)
        let lexicon = voices.appendingPathComponent("lexicon/en.tsv")
        try (String(contentsOf: lexicon, encoding: .utf8) + "orchestra\torkestra\n").write(to: lexicon, atomically: true, encoding: .utf8)
        let result = try run(editionBinary, ["regenerate", "--keep", "2", "--output", output.path, "--voices", voices.path])
        #expect(result.status == 0, "\(result.stderr)")
        let episodes = try manifest(output).episodes
        let orchestra = try #require(episodes.first { $0.id.hasPrefix("youth-orchestra") })
        #expect(orchestra.revision == 2)
        // --keep 2: the first revision's audio is still there.
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(orchestra.id)/\(orchestra.id)-r1.wav").path))
        // The headline and the first paragraph say "orchestra"; the second does not.
        #expect(orchestra.history?.last?.segmentsSynthesised == 2 && orchestra.history?.last?.segmentsChanged == 2)
        #expect(episodes.filter { !$0.id.hasPrefix("youth-orchestra") }.allSatisfy { $0.revision == 1 })
    }

    @Test func aMissingSourceIsReportedAndItsEpisodeKeptStale() throws {
        let folder = try TemporaryFolder()
        let (sources, output) = try edition(in: folder)
        try FileManager.default.removeItem(at: sources[1])
        let result = try run(editionBinary, ["regenerate", "--output", output.path, "--voices", voicesFolder.path])
        #expect(result.status == 1)
        #expect(result.errors.contains("source missing: \(sources[1].standardizedFileURL.path); the episode is kept as it was, flagged stale"), "\(result.stderr)")
        let episodes = try manifest(output).episodes
        let orchestra = try #require(episodes.first { $0.id.hasPrefix("youth-orchestra") })
        #expect(orchestra.stale?.hasPrefix("source missing") == true && orchestra.revision == 1)
        try verify(output)
        let status = try run(editionBinary, ["status", "--output", output.path])
        #expect(status.stdout.split(separator: "\n").first { $0.hasPrefix("youth-orchestra") }?.hasSuffix("\tsource missing") == true, "\(status.stdout)")
        #expect(status.stdout.split(separator: "\n").filter { $0.hasSuffix("\tup to date") }.count == 3)
    }

    @Test func aSecondWriterWaitsThenGivesUpAndADeadOnesLockIsTakenOver() throws {
        let folder = try TemporaryFolder()
        let article = try folder.write("a.txt", Data(Self.ferry.utf8))
        let output = folder.url.appendingPathComponent("out")
        do {
            let held = try OutputLock(OutputFolder(output), wait: 0)
            let started = Date()
            let blocked = try run(editionBinary, ["article", article.path, "--output", output.path, "--wait", "1", "--voices", voicesFolder.path])
            #expect(blocked.status == 1)
            #expect(blocked.errors.contains("another edition run (pid \(getpid())) is writing here; gave up after waiting 1 s"), "\(blocked.stderr)")
            #expect(Date().timeIntervalSince(started) >= 1)
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("manifest.json").path))
            withExtendedLifetime(held) {}
        }
        // A lock file left by a process that is gone holds nothing.
        try "99999999\n".write(to: output.appendingPathComponent(".lock"), atomically: true, encoding: .utf8)
        let free = try run(editionBinary, ["article", article.path, "--output", output.path, "--wait", "0", "--voices", voicesFolder.path])
        #expect(free.status == 0, "\(free.stderr)")
    }

    /// SIGKILL after each file put in place or removed: the manifest always parses and
    /// names only whole files, and a rerun finishes the job.
    @Test func killedAtEveryStepLeavesAConsistentEditionAndARerunCompletes() throws {
        let folder = try TemporaryFolder()
        let (_, output) = try edition(in: folder)
        try folder.write("ferry.txt", Data(Self.ferry.replacingOccurrences(of: "Fares are unchanged.", with: "Fares will rise by ten cents.").utf8))
        let template = folder.url.appendingPathComponent("template")
        try FileManager.default.copyItem(at: output, to: template)
        var point = 1
        while point < 60 {
            try? FileManager.default.removeItem(at: output)
            try FileManager.default.copyItem(at: template, to: output)
            let killed = try run(editionBinary, ["regenerate", "--output", output.path, "--voices", voicesFolder.path],
                                 environment: ["EDITION_CRASH_AT": "\(point)"])
            try verify(output)
            let rerun = try run(editionBinary, ["regenerate", "--output", output.path, "--voices", voicesFolder.path])
            #expect(rerun.status == 0, "after a kill at point \(point): \(rerun.stderr)")
            let episodes = try manifest(output).episodes
            #expect(episodes.filter { $0.revision == 2 }.count == 2, "point \(point)")
            try verify(output)
            if killed.status == 0 { break }  // no checkpoint left to kill at
            point += 1
        }
        #expect(point > 5, "only \(point) checkpoints")
    }

    @Test func aDamagedManifestIsNeverOverwrittenAndCanBeRebuilt() throws {
        let folder = try TemporaryFolder()
        let (_, output) = try edition(in: folder)
        let good = try manifest(output)
        let url = output.appendingPathComponent("manifest.json")
        let damaged = Data("{\"schema\": 1, \"episodes\": [".utf8)
        try damaged.write(to: url)
        let refused = try run(editionBinary, ["regenerate", "--output", output.path, "--voices", voicesFolder.path])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("not a readable manifest (invalid JSON); it was left untouched"), "\(refused.stderr)")
        #expect(try Data(contentsOf: url) == damaged)
        let rebuilt = try run(editionBinary, ["manifest", "rebuild", "--output", output.path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.hasPrefix("rebuilt manifest with 4 episode(s); the damaged one is at "))
        #expect(try manifest(output).episodes.map(\.id).sorted() == good.episodes.map(\.id).sorted())
        #expect(try manifest(output).episodes.sorted { $0.id < $1.id } == good.episodes.sorted { $0.id < $1.id })
        let again = try run(editionBinary, ["regenerate", "--output", output.path, "--voices", voicesFolder.path])
        #expect(again.status == 0 && again.stdout.split(separator: "\n").allSatisfy { $0.contains("up to date") }, "\(again.stdout)")
    }
}
