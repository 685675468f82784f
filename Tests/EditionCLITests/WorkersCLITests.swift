import AudioEdition
import Foundation
import Testing

/// Worker processes, the segment cache and crash isolation, through the binary.
/// `EDITION_FAULT` makes a worker abort or hang on a marked segment (see `SynthesisWorker`).
@Suite struct WorkersCLITests {
    /// Three short articles; the second carries `marker` in its second paragraph.
    private func articles(in folder: TemporaryFolder, marker: String = "Poisoned") throws -> [URL] {
        try (1...3).map { n in
            let middle = n == 2 ? "\(marker) paragraph that the engine cannot survive, as the test arranges." : "A middle paragraph for story number \(n), with nothing wrong in it."
            return try folder.write("story\(n).txt", Data("""
                Story number \(n) makes the news

                The first paragraph of story number \(n) is an ordinary sentence about the town.

                \(middle)

                The last paragraph of story number \(n) ends the story.
                """.utf8))
        }
    }

    private func manifest(_ output: URL) throws -> Manifest {
        try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
    }

    /// Every file the manifest names exists with the recorded size and hash.
    private func verify(_ manifest: Manifest, in output: URL) throws {
        for episode in manifest.episodes {
            for file in episode.files {
                let url = output.appendingPathComponent(file.path)
                #expect(try SHA256.hex(fileAt: url) == file.sha256, "\(file.path)")
            }
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(episode.transcript).path))
        }
    }

    @Test func poisonedArticleFailsAloneAndIsNamed() throws {
        let folder = try TemporaryFolder()
        let paths = try articles(in: folder).map(\.path)
        let output = folder.url.appendingPathComponent("out")
        let result = try run(editionBinary, ["article"] + paths + ["--output", output.path, "--format", "wav", "--voices", voicesFolder.path],
                             environment: ["EDITION_FAULT": "crash-always:Poisoned"])
        #expect(result.status == 1)
        #expect(result.errors == "edition: error: \(paths[1]): paragraph 2 (\"Poisoned paragraph that the engine cannot survive, as…\"): "
            + "the speech engine was killed by signal 6 (Aborted), and again on the retry in smaller pieces\n")
        #expect(result.summary?.hasPrefix("edition: 2 made, 0 up to date, 1 failed (\(paths[1]));") == true, "\(result.stderr)")
        let manifest = try manifest(output)
        #expect(Set(manifest.episodes.map(\.title)) == ["Story number 1 makes the news", "Story number 3 makes the news"])
        try verify(manifest, in: output)
    }

    /// A worker that dies once is replaced and its segment retried in smaller pieces.
    @Test func crashOnceIsRetriedAndTheRunCompletes() throws {
        let folder = try TemporaryFolder()
        let paths = try articles(in: folder).map(\.path)
        let output = folder.url.appendingPathComponent("out")
        let result = try run(editionBinary, ["article"] + paths + ["--output", output.path, "--format", "wav", "--workers", "1", "--voices", voicesFolder.path],
                             environment: ["EDITION_FAULT": "crash:Poisoned"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.summary?.contains("1 worker(s) replaced") == true, "\(result.stderr)")
        let manifest = try manifest(output)
        #expect(manifest.episodes.count == 3)
        try verify(manifest, in: output)
        // The retried segment is there, as speech, in the transcript and the audio.
        let retried = try #require(manifest.episodes.first { $0.title.contains("number 2") })
        let vtt = withoutWordTimes(try String(contentsOf: output.appendingPathComponent(retried.transcript), encoding: .utf8))
        #expect(vtt.contains("Poisoned paragraph"))
        let segment = retried.segments[2]
        #expect(segment.end - segment.start > 2, "\(segment)")
    }

    /// A worker that stops answering is killed after its timeout and the segment retried.
    @Test func hungWorkerIsKilledAfterItsTimeout() throws {
        let folder = try TemporaryFolder()
        let paths = try articles(in: folder).map(\.path)
        let output = folder.url.appendingPathComponent("out")
        let started = Date()
        let result = try run(editionBinary, ["article"] + paths + ["--output", output.path, "--format", "wav", "--workers", "1",
                                                                   "--segment-timeout", "1", "--voice", "newsreader", "--voices", voicesFolder.path],
                             environment: ["EDITION_FAULT": "hang:Poisoned"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.summary?.contains("1 worker(s) replaced") == true, "\(result.stderr)")
        // One timeout: a second plus 20 ms for each of the segment's characters.
        #expect(Date().timeIntervalSince(started) < 30)
        let manifest = try manifest(output)
        #expect(manifest.episodes.count == 3)
        try verify(manifest, in: output)
    }

    /// Killing the workers from outside mid-run costs the segment a retry, not the run.
    @Test func killingAWorkerMidRunStillCompletes() throws {
        let folder = try TemporaryFolder()
        let paths = try articles(in: folder, marker: "Stalled").map(\.path)
        let output = folder.url.appendingPathComponent("out")
        let process = try startStalledRun(paths, output: output, "--format", "wav", "--workers", "2")
        // Wait until most segments are spoken and one worker sits on the stalled segment.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, cachedSegments(output) < 6 { usleep(50_000) }
        let workers = childProcesses(of: process.processIdentifier)
        #expect(!workers.isEmpty)
        for pid in workers { kill(pid, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let manifest = try manifest(output)
        #expect(manifest.episodes.count == 3)
        try verify(manifest, in: output)
    }

    /// SIGKILL to the run itself: the manifest parses and lists only complete episodes.
    @Test func runKilledMidwayLeavesAValidManifest() throws {
        let folder = try TemporaryFolder()
        let paths = try articles(in: folder, marker: "Stalled").map(\.path)
        let output = folder.url.appendingPathComponent("out")
        let process = try startStalledRun(paths, output: output, "--format", "flac,wav")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? manifest(output))?.episodes.count ?? 0) < 1 { usleep(20_000) }
        let workers = childProcesses(of: process.processIdentifier)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        for pid in workers { kill(pid, SIGKILL) }
        let manifest = try manifest(output)
        #expect((1...2).contains(manifest.episodes.count))
        #expect(!manifest.episodes.contains { $0.title.contains("number 2") })
        try verify(manifest, in: output)
    }

    /// The same article into a second output folder with the same cache: nothing is
    /// spoken, and the audio is byte for byte the cold render's.
    @Test func cacheHitIsByteIdenticalAndAWarmRunSkips() throws {
        let folder = try TemporaryFolder()
        let path = try articles(in: folder)[0].path
        let cache = folder.url.appendingPathComponent("cache").path
        let cold = folder.url.appendingPathComponent("cold"), warm = folder.url.appendingPathComponent("warm")
        let first = try edition("article", path, "--output", cold.path, "--cache", cache, "--voices", voicesFolder.path)
        #expect(first.status == 0)
        #expect(first.summary?.contains("; 4 segments spoken, 0 from the cache;") == true, "\(first.stderr)")
        let second = try edition("article", path, "--output", warm.path, "--cache", cache, "--voices", voicesFolder.path)
        #expect(second.status == 0)
        #expect(second.summary?.contains("; 0 segments spoken, 4 from the cache;") == true, "\(second.stderr)")
        let a = try #require(try manifest(cold).episodes.first), b = try #require(try manifest(warm).episodes.first)
        #expect(a.files.map(\.sha256) == b.files.map(\.sha256))
        #expect(try Data(contentsOf: cold.appendingPathComponent(a.transcript)) == Data(contentsOf: warm.appendingPathComponent(b.transcript)))

        // Unchanged: skipped whole, nothing spoken or encoded, the manifest untouched.
        let before = try Data(contentsOf: cold.appendingPathComponent("manifest.json"))
        let again = try edition("article", path, "--output", cold.path, "--cache", cache, "--voices", voicesFolder.path)
        #expect(again.stdout.hasSuffix(": up to date (revision 1)\n"))
        #expect(again.summary?.hasPrefix("edition: 0 made, 1 up to date, 0 failed; 0 segments spoken, 0 from the cache;") == true)
        #expect(try Data(contentsOf: cold.appendingPathComponent("manifest.json")) == before)
    }

    @Test func unwritableCacheIsAClearErrorAndTheManifestIsUntouched() throws {
        let folder = try TemporaryFolder()
        let path = try articles(in: folder)[0].path
        let output = try TemporaryFolder()
        try output.write("manifest.json", Data(contentsOf: fixture("manifest-v1.json")))
        let before = output.snapshot()
        let blocker = try folder.write("not-a-folder", Data("x".utf8))
        let result = try edition("article", path, "--output", output.url.path, "--cache", blocker.path + "/cache", "--voices", voicesFolder.path)
        #expect(result.status == 1)
        #expect(result.errors == "edition: error: segment cache \(blocker.path)/cache: cannot create it: Not a directory\n")
        #expect(output.snapshot() == before)
    }

    @Test func progressIsOnlyASummaryWhenStderrIsNotATerminal() throws {
        let folder = try TemporaryFolder()
        let path = try articles(in: folder)[0].path
        let result = try edition("article", path, "--output", folder.url.appendingPathComponent("out").path, "--voices", voicesFolder.path)
        #expect(result.status == 0)
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func cachePruneBySizeAndAge() throws {
        let folder = try TemporaryFolder()
        let paths = try articles(in: folder).map(\.path)
        let cache = folder.url.appendingPathComponent("cache")
        let made = try run(editionBinary, ["article"] + paths + ["--output", folder.url.appendingPathComponent("out").path, "--cache", cache.path,
                                                                 "--format", "wav", "--voices", voicesFolder.path])
        #expect(made.status == 0)
        let kept = try edition("cache", "prune", "--cache", cache.path, "--older-than", "1")
        #expect(kept.stdout.hasPrefix("removed 0 segments (0.0 MB), kept 12 "), "\(kept.stdout)")
        let halved = try edition("cache", "prune", "--cache", cache.path, "--max-size", "1M")
        #expect(halved.status == 0)
        let remaining = try FileManager.default.subpathsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".seg") }
        let bytes = try remaining.reduce(0) { total, name in
            total + ((try FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent(name).path)[.size] as? Int) ?? 0)
        }
        #expect(bytes <= 1_000_000 && !remaining.isEmpty && remaining.count < 12, "\(remaining.count) left, \(bytes) bytes")
        let emptied = try edition("cache", "prune", "--cache", cache.path, "--max-size", "0")
        #expect(emptied.stdout.hasSuffix("kept 0 (0.0 MB)\n"), "\(emptied.stdout)")
        let bad = try edition("cache", "prune", "--cache", cache.path, "--max-size", "lots")
        #expect(bad.status == 64)
    }

    /// Starts `edition article` in the background with a worker that hangs on "Stalled".
    private func startStalledRun(_ paths: [String], output: URL, _ options: String...) throws -> Process {
        let process = Process()
        process.executableURL = editionBinary
        process.arguments = ["article"] + paths + ["--output", output.path, "--segment-timeout", "120", "--voices", voicesFolder.path, "--quiet"] + options
        process.environment = ProcessInfo.processInfo.environment.merging(["EDITION_FAULT": "hang:Stalled"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func cachedSegments(_ output: URL) -> Int {
        let cache = output.appendingPathComponent(".cache/segments")
        return ((try? FileManager.default.subpathsOfDirectory(atPath: cache.path)) ?? []).filter { $0.hasSuffix(".seg") }.count
    }

    private func childProcesses(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { Int32($0) }
        }
    }
}

/// `edition queue` without a server: what it says when there is no queue to reach. The
/// queue itself, against PostgreSQL, is tested in `Tests/Queue`.
@Suite struct QueueCLITests {
    @Test func aQueueMustBeNamed() throws {
        let result = try run(editionBinary, ["queue", "add", "article", "a.txt", "--output", "out"], environment: ["EDITION_QUEUE": ""])
        #expect(result.status == 64)
        #expect(result.stderr.contains("give the queue's PostgreSQL URI with --queue (or $EDITION_QUEUE)"))
    }

    @Test func anUnreachableQueueIsNamedWithLibpqsReason() throws {
        let folder = try TemporaryFolder()
        let url = "postgresql://edition@/queue?host=\(folder.url.path)&port=5998"
        for arguments in [["queue", "status", "--queue", url], ["queue", "add", "article", "a.txt", "--output", "out", "--queue", url],
                          ["queue", "work", "--queue", url, "--voices", voicesFolder.path]] {
            let result = try run(editionBinary, arguments)
            #expect(result.status == 1, "\(arguments)")
            // The connection as libpq reads it, so that no form of it can show a password.
            #expect(result.errors == "edition: error: queue: cannot connect to user=edition dbname=queue host=\(folder.url.path) port=5998: "
                + "connection to server on socket "
                + "\"\(folder.url.path)/.s.PGSQL.5998\" failed: No such file or directory Is the server running locally and accepting "
                + "connections on that socket?\n", "\(arguments)")
        }
    }

    @Test func workerSettingsAreChecked() throws {
        let result = try edition("queue", "work", "--queue", "postgresql:///q", "--lease", "0")
        #expect(result.status == 64)
        #expect(result.stderr.contains("--lease must be from 1 to 3600 seconds"))
        let retries = try edition("queue", "add", "article", "a.txt", "--output", "o", "--queue", "postgresql:///q", "--retries=-1")
        #expect(retries.status == 64)
        #expect(retries.stderr.contains("--retries must be from 0 to 20"))
        let format = try edition("queue", "add", "briefing", "a.txt", "--output", "o", "--queue", "postgresql:///q", "--format", "ogg")
        #expect(format.status == 64)
        #expect(format.stderr.contains("unknown format 'ogg'"))
    }
}
