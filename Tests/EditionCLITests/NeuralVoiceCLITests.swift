import AudioEdition
import Foundation
import Testing

/// The neural voice (`natural`, the Piper voice en_US-joe-medium through sherpa-onnx) end to
/// end, with the real model that `make test` installs.
@Suite struct NeuralVoiceCLITests {
    static let seed = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds/kyiv-independent-2023-11-17.txt")
    static let story = """
        Harbour ferry returns after winter repairs

        The city's oldest ferry went back into service on Monday morning, after four months in dry dock.

        Crews replaced both engines and rebuilt the deck. The operator said the work cost about two million dollars.

        Fares are unchanged, and the first sailing leaves at seven.
        """

    private func manifest(_ output: URL) throws -> Manifest {
        try Manifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
    }

    private func samples(_ wav: URL) throws -> [Int16] {
        let data = try Data(contentsOf: wav)
        return data.dropFirst(44).withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    /// Seconds of speech: 10 ms frames louder than -40 dBFS.
    private func voicedSeconds(_ samples: [Int16]) -> Double {
        var voiced = 0
        for start in stride(from: 0, to: samples.count - 220, by: 220) {
            var energy = 0.0
            for sample in samples[start..<(start + 220)] { energy += Double(sample) * Double(sample) }
            let level: Double = 10 * log10(energy / 220 / (32768.0 * 32768.0) + 1e-12)
            if level > -40 { voiced += 1 }
        }
        return Double(voiced) * 0.01
    }

    @Test func theDefaultEnglishVoiceIsNeuralAndReadsTheSeed() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("article", Self.seed.path, "--output", output.path, "--format", "wav,mp3", "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try #require(try manifest(output).episodes.first)
        #expect(episode.voice.name == "natural")
        #expect(episode.engine.hasPrefix("piper en_US-joe-medium.onnx sha256:"))
        #expect(episode.engine.hasSuffix("phonemes by espeak-ng 1.51"))
        let wav = try #require(episode.files.first { $0.format == "wav" })
        #expect(wav.sampleRate == 22050)
        // About 320 words: a neural reading at a newsreader's pace is 70 to 110 s, mostly speech.
        #expect((70...110).contains(wav.duration), "\(wav.duration) s")
        let pcm = try samples(output.appendingPathComponent(wav.path))
        #expect(voicedSeconds(pcm) > 0.7 * wav.duration)
        // Every written word has its own stamp, in order, within the audio.
        let vtt = try String(contentsOf: output.appendingPathComponent(episode.transcript), encoding: .utf8)
        let stamps = vtt.matches(of: /<(\d\d):(\d\d):(\d\d)\.(\d\d\d)>/).map { match in
            Double(match.output.1)! * 3600 + Double(match.output.2)! * 60 + Double(match.output.3)! + Double(match.output.4)! / 1000
        }
        #expect(stamps.count > 150)
        #expect(stamps == stamps.sorted())
        #expect((stamps.last ?? 0) < wav.duration)
        // The comment tag names the engine and the model.
        let tags = try ffprobe(output.appendingPathComponent(try #require(episode.files.first { $0.format == "mp3" }).path))
        let comment = ((tags["format"] as? [String: Any])?["tags"] as? [String: Any])?["comment"] as? String ?? ""
        #expect(comment.contains("en_US-joe-medium"), "\(comment)")
    }

    @Test func aCachedSegmentIsReusedByteForByte() throws {
        let folder = try TemporaryFolder()
        let article = try folder.write("ferry.txt", Data(Self.story.utf8))
        let cache = folder.url.appendingPathComponent("cache")
        var wavs: [Data] = []
        for name in ["first", "second"] {
            let output = folder.url.appendingPathComponent(name)
            let result = try edition("article", article.path, "--output", output.path, "--format", "wav", "--cache", cache.path,
                                     "--voices", voicesFolder.path)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.summary?.contains(name == "first" ? "4 segments spoken, 0 from the cache" : "0 segments spoken, 4 from the cache") == true,
                    "\(result.summary ?? result.stderr)")
            let episode = try #require(try manifest(output).episodes.first)
            wavs.append(try Data(contentsOf: output.appendingPathComponent(episode.files[0].path)))
        }
        #expect(wavs[0] == wavs[1])
    }

    @Test func aLexiconPhonemeEntryReachesTheNeuralVoice() throws {
        let folder = try TemporaryFolder()
        let voices = folder.url.appendingPathComponent("Voices")
        try FileManager.default.copyItem(at: voicesFolder, to: voices)
        let article = try folder.write("a.txt", Data("Quork\n\nThe quork arrived today.\n".utf8))
        func duration(_ lexicon: String, _ name: String) throws -> (Double, String) {
            try Data(lexicon.utf8).write(to: voices.appendingPathComponent("lexicon/en.tsv"))
            let output = folder.url.appendingPathComponent(name)
            let result = try edition("article", article.path, "--output", output.path, "--format", "wav", "--voices", voices.path)
            #expect(result.status == 0, "\(result.stderr)")
            let episode = try #require(try manifest(output).episodes.first)
            return (episode.files[0].duration, episode.segments[1].key)
        }
        let (plain, plainKey) = try duration("", "plain")
        // A long made-up pronunciation: the word takes far longer to say.
        let (entry, entryKey) = try duration("quork\t[[kw'0:rkkaUntIN@rIzembl@raIzd]]\n", "entry")
        #expect(plainKey != entryKey)
        #expect(entry > plain + 0.6, "\(plain) s, then \(entry) s")
        // An entry imported from a PLS file keeps its IPA, which the neural voice speaks as it
        // is: here the IPA is the long word and espeak-ng's phonemes the short one.
        let (short, _) = try duration("quork\t[[kw'0:rk]]\n", "short")
        let (ipa, _) = try duration("quork\t[[kw'0:rk]]\tkwˈɔːrkkaʊntɪŋəɹɪzɛmbləɹaɪzd\n", "ipa")
        #expect(ipa > short + 0.6, "\(short) s from espeak-ng's phonemes, \(ipa) s from the IPA")
    }

    @Test func aBriefingReadByTheNaturalVoiceHasChapters() throws {
        let folder = try TemporaryFolder()
        let one = try folder.write("ferry.txt", Data(Self.story.utf8))
        let two = try folder.write("orchestra.txt", Data("Youth orchestra wins national title\n\nThe orchestra won the championship for the first time.\n".utf8))
        let output = folder.url.appendingPathComponent("out")
        let result = try edition("briefing", one.path, two.path, "--date", "2026-12-07", "--format", "mp3", "--output", output.path,
                                 "--voices", voicesFolder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try #require(try manifest(output).episodes.first { $0.kind == "briefing" })
        #expect(episode.engine.hasPrefix("piper en_US-joe-medium.onnx"))
        #expect((episode.chapters ?? []).count >= 2)
        let probe = try ffprobe(output.appendingPathComponent(episode.files[0].path))
        #expect(((probe["chapters"] as? [Any]) ?? []).count == (episode.chapters ?? []).count)
        #expect(Set(episode.segments.compactMap(\.voice)).isSubset(of: ["natural", "natural-quotes"]))
    }

    @Test func anEditIsSplicedSpeakingOnlyTheChangedSentence() throws {
        let folder = try TemporaryFolder()
        let article = try folder.write("ferry.txt", Data(Self.story.utf8))
        let output = folder.url.appendingPathComponent("out")
        let first = try edition("article", article.path, "--output", output.path, "--format", "mp3,flac", "--voices", voicesFolder.path)
        #expect(first.status == 0, "\(first.stderr)")
        try folder.write("ferry.txt", Data(Self.story.replacingOccurrences(of: "the first sailing leaves at seven", with: "the first sailing leaves at eight").utf8))
        let again = try edition("regenerate", "--output", output.path, "--voices", voicesFolder.path)
        #expect(again.status == 0, "\(again.stderr)")
        let episode = try #require(try manifest(output).episodes.first)
        #expect(episode.revision == 2)
        #expect(episode.history?.last?.segmentsSynthesised == 1)
        #expect(episode.master?.spliced?.isEmpty == false, "the revision was encoded whole")
        for file in episode.files {
            #expect(try SHA256.hex(fileAt: output.appendingPathComponent(file.path)) == file.sha256)
        }
    }

    @Test func aMissingModelFailsBeforeAnyWorkNamingTheFileAndTheInstall() throws {
        let folder = try TemporaryFolder()
        let article = try folder.write("ferry.txt", Data(Self.story.utf8))
        let output = folder.url.appendingPathComponent("out")
        let result = try run(editionBinary, ["article", article.path, "--output", output.path, "--voice", "natural", "--voices", voicesFolder.path],
                             environment: ["EDITION_MODELS": folder.url.appendingPathComponent("no-models").path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("voice 'natural': its model en_US-joe-medium.onnx is not installed"))
        #expect(result.stderr.contains("make voices"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func aCorruptModelIsAClearErrorAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let voices = folder.url.appendingPathComponent("Voices")
        try FileManager.default.copyItem(at: voicesFolder, to: voices)
        let models = voices.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ModelFolders.installed + "/en_US-joe-medium.onnx.json",
                                         toPath: models.appendingPathComponent("en_US-joe-medium.onnx.json").path)
        // The first megabyte of the real model: a protobuf cut short.
        let real = try FileHandle(forReadingFrom: URL(fileURLWithPath: ModelFolders.installed + "/en_US-joe-medium.onnx"))
        try (try real.read(upToCount: 1 << 20) ?? Data()).write(to: models.appendingPathComponent("en_US-joe-medium.onnx"))
        let article = try folder.write("ferry.txt", Data(Self.story.utf8))
        let output = folder.url.appendingPathComponent("out")
        let result = try run(editionBinary, ["article", article.path, "--output", output.path, "--voices", voices.path],
                             environment: ["XDG_CACHE_HOME": folder.url.appendingPathComponent("xdg").path])
        #expect(result.status == 1)
        #expect(result.errors.contains("en_US-joe-medium.onnx"), "\(result.stderr)")
        #expect(result.errors.contains("not an ONNX model") || result.errors.contains("sherpa-onnx: cannot load"), "\(result.stderr)")
        let written = (try? FileManager.default.subpathsOfDirectory(atPath: output.path)) ?? []
        #expect(!written.contains { $0.hasSuffix(".mp3") || $0.hasSuffix(".flac") || $0 == "manifest.json" }, "\(written)")
    }
}
