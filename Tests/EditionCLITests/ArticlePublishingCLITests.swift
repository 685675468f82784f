import AudioEdition
import Foundation
import Testing

/// Article episodes go through the briefing's mastering: MP3 and Opus, loudness and true
/// peak, checked with ffprobe and ffmpeg's own meter.
@Suite struct ArticlePublishingCLITests {
    @Test func anArticleIsMasteredToMP3AndFLACByDefault() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", fixture("example-article.txt").path, "--output", output.path, "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try #require(try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json"))).episodes.first)
        #expect(episode.files.map(\.format) == ["mp3", "flac"])
        let mp3 = try #require(episode.files.first)
        let probe = try ffprobe(output.appendingPathComponent(mp3.path))
        let stream = try #require((probe["streams"] as? [[String: Any]])?.first)
        #expect(stream["sample_rate"] as? String == "44100" && stream["channels"] as? Int == 1)
        let format = try #require(probe["format"] as? [String: Any])
        #expect(abs((Double(format["duration"] as? String ?? "") ?? 0) - mp3.duration) < 0.1)
        #expect((Double(format["bit_rate"] as? String ?? "") ?? 0) / 1000 < 72, "64 kbps constant, tags aside")
        for file in episode.files {
            let measured = try ebur128(output.appendingPathComponent(file.path))
            #expect(abs(measured.loudness - -16) <= 1, "\(file.format): \(measured)")
            #expect(measured.truePeak <= -0.5, "\(file.format): \(measured)")
        }
        let master = try #require(episode.master)
        #expect(master.target == -16 && master.ceiling == -1 && master.bitrate == 64)

        // The word-timed transcripts: every word of the VTT is in the JSON, in order, in time.
        let vtt = try String(contentsOf: output.appendingPathComponent(episode.transcript), encoding: .utf8)
        let words = withoutWordTimes(vtt).split(separator: "\n").dropFirst().filter { !$0.contains(" --> ") }.flatMap { $0.split(separator: " ") }
        let stamps = try NSRegularExpression(pattern: "<(\\d\\d):(\\d\\d):(\\d\\d\\.\\d\\d\\d)>").matches(in: vtt, range: NSRange(vtt.startIndex..., in: vtt))
        #expect(stamps.count > words.count / 2, "most words carry a time")
        let wordTranscript = try #require(episode.wordTranscript)
        #expect(wordTranscript == episode.transcript.replacingOccurrences(of: ".vtt", with: ".transcript.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent(wordTranscript))) as? [String: Any])
        let segments = try #require(json["segments"] as? [[String: Any]])
        // A timed word may hold two written ones where the engine gives one event ("the wiring,").
        #expect(segments.compactMap { $0["body"] as? String }.joined(separator: " ") == words.joined(separator: " "))
        let starts = segments.compactMap { $0["startTime"] as? Double }
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 } && (starts.last ?? .infinity) < mp3.duration)
        #expect(episode.files[1].sampleRate == 22050)
    }

    @Test func everyFormatAtABroadcastLoudness() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", fixture("example-article.txt").path, "--output", output.path, "--voices", voicesFolder.path,
                                 "--format", "mp3,opus,flac,wav", "--loudness", "-23", "--true-peak", "-2", "--bitrate", "96")
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try #require(try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json"))).episodes.first)
        let opus = try #require(episode.files.first { $0.format == "opus" })
        #expect((try ffprobe(output.appendingPathComponent(opus.path))["streams"] as? [[String: Any]])?.first?["sample_rate"] as? String == "48000")
        for file in episode.files {
            let measured = try ebur128(output.appendingPathComponent(file.path))
            #expect(abs(measured.loudness - -23) <= 1, "\(file.format): \(measured)")
            #expect(measured.truePeak <= -1.5, "\(file.format): \(measured)")
        }
        // The same settings again: up to date; another loudness: a new revision.
        #expect(try edition("article", fixture("example-article.txt").path, "--output", output.path, "--voices", voicesFolder.path,
                            "--format", "mp3,opus,flac,wav", "--loudness", "-23", "--true-peak", "-2", "--bitrate", "96").stderr.contains("1 up to date"))
        let louder = try edition("article", fixture("example-article.txt").path, "--output", output.path, "--voices", voicesFolder.path,
                                 "--format", "mp3,opus,flac,wav", "--loudness", "-16", "--true-peak", "-2", "--bitrate", "96")
        #expect(louder.stderr.contains("1 made"), "\(louder.stderr)")
    }

    /// An episode is its article: a page with a canonical address, edited and saved under
    /// another name, is the next revision of the same episode, with the same feed guid.
    @Test func anEditedPageSavedUnderAnotherNameUpdatesTheSameEpisode() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("out")
        func page(_ last: String) -> Data {
            Data("""
                <html><head><title>Harbour ferry returns after winter repairs</title>
                <link rel="canonical" href="https://example.com/news/harbour-ferry"></head><body><article>
                <p>The city's oldest ferry went back into service on Monday morning, after four months in dry dock.</p>
                <p>\(last)</p></article></body></html>
                """.utf8)
        }
        let first = try folder.write("ferry.html", page("Fares are unchanged, the operator said on Monday."))
        #expect(try edition("article", first.path, "--output", output.path, "--voices", voicesFolder.path, "--format", "mp3").status == 0)
        let second = try folder.write("ferry (1).html", page("Fares rise by ten pence in March, the operator said on Monday."))
        let result = try edition("article", second.path, "--output", output.path, "--voices", voicesFolder.path, "--format", "mp3")
        #expect(result.status == 0, "\(result.stderr)")
        let episodes = try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json"))).episodes
        #expect(episodes.count == 1)
        let episode = try #require(episodes.first)
        #expect(episode.revision == 2 && episode.source.identity == "https://example.com/news/harbour-ferry")
        #expect(episode.id == EpisodeID.make(title: "Harbour ferry returns after winter repairs", identity: "https://example.com/news/harbour-ferry"))
        let feed = try String(contentsOf: output.appendingPathComponent("feed.xml"), encoding: .utf8)
        #expect(feed.components(separatedBy: "<guid isPermaLink=\"false\">\(episode.id)</guid>").count == 2)
        #expect(feed.contains("\(episode.id)-r2.mp3") && !feed.contains("\(episode.id)-r1.mp3"))
    }

    @Test(arguments: [
        (["--bitrate", "7"], "--bitrate 7 is not an MP3 bitrate; choose from 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320"),
        (["--format", "mp3,ogg"], "unknown format 'ogg'; choose from wav, flac, mp3, opus"),
        (["--loudness", "-70"], "--loudness must be from -40 to -5 LUFS"),
    ])
    func badMasteringOptionsAreUsageErrors(arguments: [String], message: String) throws {
        let folder = try TemporaryFolder()
        let result = try run(editionBinary, ["article", fixture("example-article.txt").path, "--output", folder.url.path] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(folder.snapshot().isEmpty)
    }
}
