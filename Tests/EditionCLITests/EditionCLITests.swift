import AudioEdition
import Foundation
import Testing

@Suite struct EditionCLITests {
    @Test(arguments: [
        (["--help"], "help-edition.txt"),
        (["article", "--help"], "help-article.txt"),
    ])
    func helpMatchesGolden(arguments: [String], golden: String) throws {
        let result = try run(editionBinary, arguments)
        #expect(result.status == 0)
        #expect(result.stdout == (try String(contentsOf: fixture("golden/\(golden)"), encoding: .utf8)))
    }

    @Test func voicesListsTheBundledProfiles() throws {
        let result = try edition("voices", "--voices", voicesFolder.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.map { String($0.split(separator: "\t")[0]) } == ["french", "german", "natural", "natural-quotes", "newsreader", "polish", "quotes", "russian", "spanish", "ukrainian"])
        #expect(lines.contains("newsreader\tespeak-ng\ten-us\t170 wpm\tinstalled\tDefault news voice: US English, measured pace, clear paragraph breaks."))
        #expect(lines.contains("quotes\tespeak-ng\ten-us+f3\t165 wpm\tinstalled\tSecond voice for quotations in a briefing: US English, a higher register."))
        #expect(lines.contains { $0.hasPrefix("ukrainian\tespeak-ng\tuk\t165 wpm\tinstalled\t") })
        // A neural voice shows its model, whether it is installed, and the model's licence.
        #expect(lines.contains { $0.hasPrefix("natural\tpiper\ten_US-joe-medium.onnx\tlength 1.0\tinstalled\t") && $0.contains("\tlicence: CC0") && $0.contains("lessac") })
        let missing = try run(editionBinary, ["voices", "--voices", voicesFolder.path], environment: ["EDITION_MODELS": "/nonexistent"])
        #expect(missing.stdout.contains("natural\tpiper\ten_US-joe-medium.onnx\tlength 1.0\tnot installed: run `make voices` (.ci/install-neural)\t"))
    }

    @Test func unknownVoiceIsAUsageErrorListingTheVoices() throws {
        let folder = try TemporaryFolder()
        let result = try edition("article", fixture("example-article.txt").path, "--output", folder.url.path + "/out",
                                 "--voice", "robot", "--voices", voicesFolder.path)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown voice 'robot'; available voices: french, german, natural, natural-quotes, newsreader, polish, quotes, russian, spanish, ukrainian\nUsage: edition article"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.path + "/out"))
    }

    @Test func unknownFormatIsAUsageError() throws {
        let result = try edition("article", fixture("example-article.txt").path, "--format", "flac,aiff", "--voices", voicesFolder.path)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown format 'aiff'; choose from wav, flac, mp3, opus\n"))
    }

    /// The seed page, read as scraped page text: the episode, its files and its manifest entry agree
    /// with each other and with what was measured in the audio.
    @Test func seedArticleBecomesAnEpisode() throws {
        let folder = try TemporaryFolder()
        let article = folder.url.appendingPathComponent("kyiv-independent-2023-11-17.txt")
        try FileManager.default.copyItem(at: fixture("kyiv-independent-2023-11-17.txt"), to: article)
        let output = folder.url.appendingPathComponent("Output")
        let result = try edition("article", article.path, "--output", output.path, "--format", "flac,wav",
                                 "--voice", "newsreader", "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.errors.isEmpty)
        #expect(result.summary?.hasPrefix("edition: 1 made, 0 up to date, 0 failed; 9 segments spoken, 0 from the cache; ") == true, "\(result.stderr)")

        let manifestURL = output.appendingPathComponent("manifest.json")
        let manifest = try Manifest.decode(Data(contentsOf: manifestURL))
        let episode = try #require(manifest.episodes.first)
        #expect(manifest.schema == 1 && manifest.episodes.count == 1)
        #expect(episode.id == EpisodeID.make(title: "US and Ukraine to attend joint defense industry conference in December",
                                             identity: URL(fileURLWithPath: article.path).standardizedFileURL.path))
        #expect(episode.id.hasPrefix("us-and-ukraine-to-attend-joint-defense-"))
        #expect(result.stdout.hasPrefix("\(episode.id): revision 1, "))
        #expect(episode.kind == "article" && episode.revision == 1)
        #expect(episode.title == "US and Ukraine to attend joint defense industry conference in December")
        #expect(episode.source.sha256 == (try SHA256.hex(fileAt: article)))
        #expect(episode.voice.name == "newsreader" && episode.engine == "espeak-ng 1.51")
        #expect(episode.files.map(\.format) == ["flac", "wav"])

        let vtt = withoutWordTimes(try String(contentsOf: output.appendingPathComponent(episode.transcript), encoding: .utf8))
        let cueText = vtt.split(separator: "\n").dropFirst().filter { !$0.contains(" --> ") }.joined(separator: " ")
        let words = cueText.split(whereSeparator: \.isWhitespace).count
        var durations: [Double] = []
        for file in episode.files {
            let url = output.appendingPathComponent(file.path)
            let stats = try AudioStats.measure(url)
            #expect(file.sampleRate == 22050 && stats.sampleRate == 22050 && stats.channels == 1)
            #expect(abs(stats.duration - file.duration) < 1e-6)
            #expect(file.bytes == (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int))
            #expect(file.sha256 == (try SHA256.hex(fileAt: url)))
            #expect(stats.rmsDBFS > -35)
            durations.append(stats.duration)
        }
        #expect(durations[0] == durations[1])
        let speaking = Double(words) / 170 * 60
        #expect(durations[0] > speaking * 0.6 && durations[0] < speaking * 1.4 + Double(episode.segments.count),
                "\(durations[0]) s for \(words) words")

        #expect(vtt.hasPrefix("WEBVTT\n\n00:00:00.300 --> "))
        // Headline, byline and date, then the story; none of the page around it.
        #expect(cueText.hasPrefix("US and Ukraine to attend joint defense industry conference in December By Rachel Amran. November 18, 2023. The United States and Ukraine will attend"))
        #expect(cueText.hasSuffix("to defend against outside aggression."))
        for furniture in ["Skip to content", "Subscribe", "News Feed", "AI assistance", "Office of the President", "Most popular"] {
            #expect(!cueText.contains(furniture), "\(furniture)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("manifest.json.tmp").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(".cache/tmp").path).isEmpty)

        // Nothing changed: nothing is rendered, and the manifest is untouched.
        let before = try Data(contentsOf: manifestURL)
        let again = try edition("article", article.path, "--output", output.path, "--format", "flac,wav", "--voice", "newsreader",
                                "--voices", voicesFolder.path)
        #expect(again.status == 0)
        #expect(again.stdout == "\(episode.id): up to date (revision 1)\n")
        #expect(try Data(contentsOf: manifestURL) == before)
    }

    /// How each kind of bad input is set up, and the problem the message must name.
    static let badInputs: [(name: String, bytes: [UInt8]?, problem: String)] = [
        ("missing.txt", nil, "no such file"),
        ("empty.txt", [], "file is empty"),
        ("blank.txt", Array("  \n\n\t \n".utf8), "file is empty"),
        ("binary.txt", Array("PK".utf8) + [3, 4, 0, 0, 0x14, 0, 8, 0] + Array("mimetype".utf8), "looks like a binary file, not text"),
        ("latin1.txt", Array("Headline\n\nCaf".utf8) + [0xE9] + Array(" opens.\n".utf8),
         "not valid UTF-8 (first bad byte at offset 13, line 3); convert it with iconv first"),
        ("nowords.txt", Array("***\n\n--- ... ---\n\n!!!\n".utf8), "no words to speak"),
    ]

    @Test(arguments: 0..<badInputs.count)
    func badInputIsRefusedAndWritesNothing(index: Int) throws {
        let (name, bytes, problem) = Self.badInputs[index]
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent(name).path
        if let bytes { try folder.write(name, Data(bytes)) }

        // No output folder yet: none may appear.
        let fresh = try edition("article", path, "--output", folder.url.path + "/new", "--voices", voicesFolder.path)
        #expect(fresh.status == 1)
        #expect(fresh.errors == "edition: error: \(path): \(problem)\n")
        #expect(fresh.summary?.hasPrefix("edition: 0 made, 0 up to date, 1 failed (\(path)); 0 segments spoken") == true, "\(fresh.stderr)")
        #expect(fresh.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.url.path + "/new"))

        // An output folder with a manifest: it stays byte-identical and nothing is added.
        let output = try TemporaryFolder()
        try output.write("manifest.json", Data(contentsOf: fixture("manifest-v1.json")))
        let before = output.snapshot()
        let existing = try edition("article", path, "--output", output.url.path, "--voices", voicesFolder.path)
        #expect(existing.status == 1)
        #expect(existing.errors == "edition: error: \(path): \(problem)\n")
        #expect(output.snapshot() == before)
    }

    @Test func directoryIsRefused() throws {
        let folder = try TemporaryFolder()
        let result = try edition("article", folder.url.path, "--output", folder.url.path + "/out", "--voices", voicesFolder.path)
        #expect(result.status == 1)
        #expect(result.errors == "edition: error: \(folder.url.path): is a directory, not an article file\n")
    }

    /// Root reads any file, so as root the binary is run as `nobody` to see a real EACCES.
    @Test func unreadableFileIsRefused() throws {
        let folder = try TemporaryFolder()
        let article = try folder.write("secret.txt", Data("Headline\n\nBody.\n".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: article.path)
        let arguments = ["article", article.path, "--output", folder.url.path + "/out", "--voices", voicesFolder.path]
        let result = getuid() == 0
            ? try run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                      ["--reuid=65534", "--regid=65534", "--clear-groups", editionBinary.path] + arguments)
            : try run(editionBinary, arguments)
        #expect(result.status == 1)
        #expect(result.errors == "edition: error: \(article.path): cannot read file: Permission denied\n")
        #expect(!FileManager.default.fileExists(atPath: folder.url.path + "/out"))
    }

    @Test func oneBadArticleDoesNotStopTheOthers() throws {
        let folder = try TemporaryFolder()
        let empty = try folder.write("empty.txt", Data())
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", empty.path, fixture("example-article.txt").path, "--output", output.path,
                                 "--format", "wav", "--voices", voicesFolder.path)
        #expect(result.status == 1)
        #expect(result.errors == "edition: error: \(empty.path): file is empty\n")
        let manifest = try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        #expect(manifest.episodes.map(\.title) == ["Harbour ferry returns after winter repairs"])
    }
}

@Suite struct NormaliseCLITests {
    @Test func linesModePrintsOneSpokenLinePerInputLine() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("in.txt", Data("Nov. 17 at 7:53 AM\n\n$55 billion\nplain words\n".utf8))
        let result = try run(URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(editionBinary.path)' normalise --lines < '\(input.path)'"])
        #expect(result.status == 0)
        #expect(result.stdout == "November seventeenth at seven fifty three A.M.\n\nfifty five billion dollars\nplain words\n")
    }

    /// espeak-ng 1.51 aborts the whole process on these; sanitised, they are spoken.
    @Test func inputsThatCrashEspeakAreSpokenSafely() throws {
        let folder = try TemporaryFolder()
        let text = "Poisoned page\n\n" + String(repeating: "a . ", count: 100) + "\n\n" + String(repeating: "s'", count: 80) + "\n"
        let article = try folder.write("poison.txt", Data(text.utf8))
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", article.path, "--output", output.path, "--format", "wav", "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        let file = try #require(manifest.episodes.first?.files.first)
        let stats = try AudioStats.measure(output.appendingPathComponent(file.path))
        #expect(stats.rmsDBFS > -40)
        #expect(stats.duration > 2 && stats.duration < 30)
    }
}
