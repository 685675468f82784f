import AudioEdition
import Foundation
import Testing

/// Briefings, checked with tools other than ours: ffprobe for rates, durations, tags and
/// chapters, ffmpeg's ebur128 meter for loudness and true peak, Python's XML parser for
/// the feed.
@Suite struct BriefingCLITests {
    static let quoted = """
        Київ council backs Zelensky’s plan for new bridges

        The city council voted on Thursday to fund two new bridges over the river, after a year of debate.

        "We have waited long enough for these crossings, and now they are coming."

        Work is due to start in the spring and to take three years.
        """

    @Test func briefingIsMasteredChapteredTaggedAndPublished() throws {
        let folder = try TemporaryFolder()
        let third = try folder.write("kyiv.txt", Data(Self.quoted.utf8))
        let output = folder.url.appendingPathComponent("out")
        let title = "Київ Zelensky’s Briefing & <script>x</script>"
        let result = try edition("briefing", fixture("kyiv-independent-2023-11-17.txt").path, fixture("guardian-style-ferry.txt").path, third.path,
                                 "--title", title, "--date", "2023-12-15", "--format", "mp3,opus,flac",
                                 "--output", output.path, "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        let episode = try #require(manifest.episodes.first)
        #expect(episode.kind == "briefing" && episode.stories?.count == 3)
        // The story's quotation is read by the profile's second voice, the rest by the first.
        #expect(Set(episode.segments.filter { $0.role == "quote" }.map(\.voice)) == ["natural-quotes"])
        #expect(Set(episode.segments.filter { $0.role != "quote" }.map(\.voice)) == ["natural"])
        #expect(episode.segments.filter { $0.role == "quote" }.count == 2, "the seed's quote and the council's")
        let chapters = try #require(episode.chapters)
        #expect(chapters.map(\.title) == ["Introduction", "US and Ukraine to attend joint defense industry conference in December",
                                          "Harbour city’s oldest ferry returns after £3m refit",
                                          "Київ council backs Zelensky’s plan for new bridges", "Closing"])
        let master = try #require(episode.master)
        #expect(abs(master.loudness - -16) < 0.5 && master.truePeak <= -1, "\(master)")

        // MP3: 44.1 kHz, the recorded duration, UTF-8 tags intact, chapters as ID3 CHAP frames.
        let mp3 = try #require(episode.files.first { $0.format == "mp3" })
        let probe = try ffprobe(output.appendingPathComponent(mp3.path))
        let stream = try #require((probe["streams"] as? [[String: Any]])?.first)
        #expect(stream["sample_rate"] as? String == "44100" && stream["channels"] as? Int == 1)
        let format = try #require(probe["format"] as? [String: Any])
        let duration = try #require(Double(format["duration"] as? String ?? ""))
        #expect(abs(duration - mp3.duration) < 0.1, "\(duration) vs \(mp3.duration)")
        let tags = try #require(format["tags"] as? [String: String])
        #expect(tags["title"] == "\(title), 2023-12-15")
        #expect(tags["album"] == title && tags["date"] == "2023-12-15")
        let probed = try #require(probe["chapters"] as? [[String: Any]])
        #expect(probed.compactMap { ($0["tags"] as? [String: String])?["title"] } == chapters.map(\.title))
        let starts = probed.compactMap { Double($0["start_time"] as? String ?? "") }
        #expect(zip(starts, chapters).allSatisfy { abs($0 - $1.start) < 0.002 })

        // Loudness and true peak, by ffmpeg, on what a listener downloads.
        let measured = try ebur128(output.appendingPathComponent(mp3.path))
        #expect(abs(measured.loudness - -16) <= 1, "\(measured)")
        #expect(measured.truePeak <= -1, "\(measured)")

        // Opus: 48 kHz, tags intact.
        let opus = try #require(episode.files.first { $0.format == "opus" })
        let opusProbe = try ffprobe(output.appendingPathComponent(opus.path))
        #expect((opusProbe["streams"] as? [[String: Any]])?.first?["sample_rate"] as? String == "48000")
        let opusTags = ((opusProbe["streams"] as? [[String: Any]])?.first?["tags"] as? [String: String]) ?? [:]
        #expect(opusTags["TITLE"] == "\(title), 2023-12-15" && opusTags["DATE"] == "2023-12-15" && opusTags["ARTIST"] == "AudioEdition", "\(opusTags)")
        // Chapters as Vorbis comments (CHAPTER001=..., CHAPTER001NAME=...), written by libopusenc.
        let opusChapters = try #require(opusProbe["chapters"] as? [[String: Any]])
        #expect(opusChapters.compactMap { ($0["tags"] as? [String: String])?["title"] } == chapters.map(\.title))
        #expect(zip(opusChapters.compactMap { Double($0["start_time"] as? String ?? "") }, chapters).allSatisfy { abs($0 - $1.start) < 0.002 })
        let opusDuration = Double((opusProbe["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
        #expect(abs(opusDuration - opus.duration) < 0.1, "\(opusDuration) vs \(opus.duration)")
        #expect(episode.files.first { $0.format == "flac" }?.sampleRate == 22050)

        // Chapters start with the first word of their story in the transcript: at most 50 ms
        // after it, and at most 150 ms before it (a word's time is where its sound starts, and
        // a neural voice's audio may open with a few tens of milliseconds of breath).
        let vtt = withoutWordTimes(try String(contentsOf: output.appendingPathComponent(episode.transcript), encoding: .utf8))
        let cues = vtt.components(separatedBy: "\n\n").dropFirst().compactMap { cue -> (Double, String)? in
            let lines = cue.split(separator: "\n")
            guard lines.count >= 2, let start = lines[0].components(separatedBy: " --> ").first else { return nil }
            let parts = start.split(separator: ":").compactMap { Double($0) }
            return (parts[0] * 3600 + parts[1] * 60 + parts[2], lines.dropFirst().joined(separator: " "))
        }
        for chapter in chapters.dropFirst().dropLast() {
            let words = chapter.title.split(separator: " ").prefix(3).joined(separator: " ")
            let cue = try #require(cues.first { $0.1.hasPrefix(words) }, "\(words)")
            #expect((-0.05...0.15).contains(cue.0 - chapter.start), "\(chapter.title): chapter \(chapter.start), first word \(cue.0)")
        }
        #expect(vtt.split(separator: "\n").allSatisfy { $0.count <= 65 }, "cue lines, word times aside, fit a caption line")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent(mp3.path.replacingOccurrences(of: ".mp3", with: ".chapters.json")))) as? [String: Any]
        #expect(json?["version"] as? String == "1.2.0")
        #expect((json?["chapters"] as? [[String: Any]])?.count == chapters.count)

        // The feed parses, has what Apple requires, and the title is inert text.
        let feedURL = output.appendingPathComponent("feed.xml")
        let feed = try String(contentsOf: feedURL, encoding: .utf8)
        #expect(!feed.contains("<script>") && feed.contains("&lt;script&gt;") && feed.contains("&amp;"))
        let check = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sys, xml.etree.ElementTree as ET
            ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}
            channel = ET.parse(sys.argv[1]).getroot().find("channel")
            for tag in ["title", "description", "language", "itunes:image", "itunes:category", "itunes:explicit", "itunes:author"]:
                assert channel.find(tag, ns) is not None, tag
            item = channel.find("item")
            for tag in ["title", "enclosure", "guid", "pubDate", "itunes:duration", "podcast:transcript", "podcast:chapters"]:
                assert item.find(tag, ns) is not None, tag
            print(item.find("title").text)
            print(item.find("enclosure").get("length"), item.find("enclosure").get("type"))
            """, feedURL.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "\(title), 2023-12-15\n\(mp3.bytes) audio/mpeg\n")
        let playlist = try String(contentsOf: output.appendingPathComponent("playlist.m3u8"), encoding: .utf8)
        #expect(playlist == "#EXTM3U\n#EXTINF:\(Int(mp3.duration.rounded())),\(title), 2023-12-15\n\(mp3.path)\n")

        // Unchanged: nothing is made again.
        let before = try Data(contentsOf: output.appendingPathComponent(mp3.path))
        let again = try edition("briefing", fixture("kyiv-independent-2023-11-17.txt").path, fixture("guardian-style-ferry.txt").path, third.path,
                                "--title", title, "--date", "2023-12-15", "--format", "mp3,opus,flac",
                                "--output", output.path, "--voices", voicesFolder.path)
        #expect(again.stdout.hasSuffix("up to date (revision 1)\n"), "\(again.stdout)")
        #expect(try Data(contentsOf: output.appendingPathComponent(mp3.path)) == before)
    }

    /// A feed is read in its order; --summary 1 keeps each story's first paragraph; the
    /// broadcast target is honoured.
    @Test func feedSourceSummaryAndBroadcastLoudness() throws {
        let folder = try TemporaryFolder()
        let feed = try folder.write("feed.rss", Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Coast News</title>
            <item><title>Lifeboat rescues walkers cut off by the tide</title><guid>coast-1</guid><pubDate>Fri, 15 Dec 2023 06:00:00 +0000</pubDate>
            <content:encoded><![CDATA[<p>Four walkers were rescued on Saturday after the tide cut them off below the cliffs.</p><p>Second paragraph of the lifeboat story, which the summary leaves out.</p>]]></content:encoded></item>
            <item><title>Pier reopens after storm repairs</title><guid>coast-2</guid>
            <description>&lt;p&gt;The pier reopened on Thursday, three months after a storm.&lt;/p&gt;&lt;p&gt;Second paragraph of the pier story.&lt;/p&gt;</description></item>
            </channel></rss>
            """.utf8))
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("briefing", feed.path, "--summary", "1", "--loudness", "-23", "--date", "2023-12-15", "--format", "mp3",
                                 "--output", output.path, "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try #require(try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json"))).episodes.first)
        #expect(episode.stories?.map(\.id) == ["coast-1", "coast-2"])
        let vtt = withoutWordTimes(try String(contentsOf: output.appendingPathComponent(episode.transcript), encoding: .utf8))
        #expect(vtt.contains("Four walkers") && vtt.contains("The pier reopened"))
        #expect(!vtt.contains("Second paragraph"))
        let measured = try ebur128(output.appendingPathComponent(try #require(episode.files.first).path))
        #expect(abs(measured.loudness - -23) <= 1, "\(measured)")
    }

    @Test func badBriefingsAreRefusedClearly() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("out")
        let missing = try edition("briefing", folder.url.appendingPathComponent("none.txt").path, "--output", output.path, "--voices", voicesFolder.path)
        #expect(missing.status == 1)
        #expect(missing.errors.contains("none.txt: no such file"), "\(missing.stderr)")
        #expect(missing.errors.contains("no stories to read"))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("manifest.json").path))
        let badDate = try edition("briefing", fixture("example-article.txt").path, "--date", "2023-13-45", "--voices", voicesFolder.path)
        #expect(badDate.status == 64)
        let profile = try edition("briefing", fixture("example-article.txt").path, "--profile", "evening", "--output", output.path, "--voices", voicesFolder.path)
        #expect(profile.status == 1)
        #expect(profile.errors.contains("no briefing profile 'evening'; available: morning"), "\(profile.stderr)")
    }
}

@Suite struct MasterCLITests {
    @Test func mastersAMonoFileAndRefusesWhatItCannot() throws {
        let folder = try TemporaryFolder()
        // Five seconds of a quiet 440 Hz tone with a loud click: gain up, peak limited.
        let source = folder.url.appendingPathComponent("tone.wav")
        let file = try SoundFile(writingTo: source, format: .wav, sampleRate: 22050)
        try file.write((0..<110250).map { n in n == 50000 ? 32000 : Int16(1500 * sin(Double(n) * 2 * .pi * 440 / 22050)) })
        _ = try file.close()
        let output = folder.url.appendingPathComponent("out")
        let made = try edition("master", source.path, "--output", output.path, "--format", "mp3,flac", "--loudness", "-20")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["tone.flac", "tone.mp3"])
        let mp3 = try AudioStats.measure(output.appendingPathComponent("tone.mp3"))
        #expect(mp3.sampleRate == 44100 && abs(mp3.duration - 5) < 0.1)
        let flac = try AudioStats.measure(output.appendingPathComponent("tone.flac"))
        #expect(flac.sampleRate == 22050 && flac.frames == 110250)
        // The click is under the ceiling: −1 dBTP less the 1 dB margin, as a sample peak.
        let peak = 20 * log10(Double(flac.peak) / 32768)
        #expect(peak <= -1.99, "\(peak) dBFS")

        let text = try folder.write("notes.wav", Data("not audio".utf8))
        let refused = try edition("master", text.path, "--output", folder.url.appendingPathComponent("none").path)
        #expect(refused.status == 1)
        #expect(refused.errors == "edition: error: \(text.path): cannot open: Format not recognised.\n", "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("none").path))
    }
}
