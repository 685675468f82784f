import Foundation
import Testing
@testable import AudioEdition

/// Collects what an engine produces, for measuring.
final class CollectingSink: SpeechSink {
    var samples: [Int16] = []
    var events: [SpeechEvent] = []
    func receive(samples: [Int16]) { self.samples.append(contentsOf: samples) }
    func receive(_ event: SpeechEvent) { events.append(event) }
}

/// Everything that runs the real espeak-ng engine. The engine serialises its own calls; the
/// suite runs one test at a time too, because tests switch its voice profile.
@Suite(.serialized) struct EngineIntegrationTests {
    let voice = try! VoiceLibrary(folder: voicesFolder).load("newsreader")
    static let sentence = "The ferry left the harbour at seven in the morning, carrying workers, students and a few early tourists across the bay."

    @Test func knownSentenceHasPlausibleLengthAndIsNotSilent() throws {
        let engine = try ESpeakEngine.shared()
        try engine.use(voice)
        let sink = CollectingSink()
        try engine.speak(Self.sentence, into: sink)
        #expect(engine.sampleRate == 22050)
        let words = Self.sentence.split(separator: " ").count
        let expected = Double(words) / Double(voice.rate) * 60
        let seconds = Double(sink.samples.count) / 22050
        #expect(seconds > expected * 0.6 && seconds < expected * 1.4, "\(seconds) s for \(words) words at \(voice.rate) wpm")
        let rms = (sink.samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(sink.samples.count)).squareRoot()
        #expect(20 * log10(rms / 32768) > -35, "speech RMS \(20 * log10(rms / 32768)) dBFS")
    }

    /// The null test behind how speech reaches MP3's 44.1 kHz: real speech doubled in rate by
    /// the half-band filter, and by libsoxr at high quality, each against libsoxr at very high
    /// quality, in dB under the speech. "Below 8 kHz" is the residual brought down to 18 kHz
    /// by libsoxr, which keeps only what lies under about 8 kHz. Above 10 kHz the filters differ by design: libsoxr's passband ends at 91% of
    /// the voice's Nyquist, so it takes 10-11 kHz down, which the half-band keeps.
    @Test func rateDoublerNullsAgainstSoxrOnSpeech() throws {
        let engine = try ESpeakEngine.shared()
        try engine.use(voice)
        let sink = CollectingSink()
        try engine.speak(Self.sentence + " " + Self.sentence, into: sink)
        let speech = sink.samples.map { Float($0) / 32768 }
        func convert(_ audio: [Float], from: Int, to: Int, _ quality: Resampler.Quality) throws -> [Float] {
            let resampler = try Resampler(from: from, to: to, quality: quality)
            return try resampler.process(audio) + resampler.process([], final: true)
        }
        let reference = try convert(speech, from: 22050, to: 44100, .veryHigh)
        let power = reference.reduce(0.0) { $0 + Double($1) * Double($1) }
        func null(_ other: [Float]) throws -> (whole: Double, below8k: Double) {
            let residual = zip(other, reference).map { $0 - $1 }
            let below = try convert(residual, from: 44100, to: 18000, .veryHigh)
            func dB(_ r: [Float], _ scale: Double) -> Double { 10 * log10(r.reduce(0.0) { $0 + Double($1) * Double($1) } * scale / power) }
            return (dB(residual, 1), dB(below, 44100 / 18000))
        }
        let ours = HalfBandInterpolator().process(speech, final: true)
        let high = try convert(speech, from: 22050, to: 44100, .high)
        #expect(ours.count == reference.count && high.count == reference.count)
        let (oursDB, highDB) = (try null(ours), try null(high))
        print(String(format: "null against libsoxr very high, on speech: half-band %.1f dB (below 8 kHz %.1f dB), libsoxr high %.1f dB (%.1f dB)",
                     oursDB.whole, oursDB.below8k, highDB.whole, highDB.below8k))
        #expect(oursDB.below8k < -90 && oursDB.whole < -40, "half-band: \(oursDB)")
        #expect(highDB.below8k < -90, "libsoxr high: \(highDB)")
    }

    @Test func wordEventsCoverEveryWrittenWordInOrder() throws {
        let engine = try ESpeakEngine.shared()
        try engine.use(voice)
        let sink = CollectingSink()
        let text = "In the end, Zelensky’s visit to Київ lasted 3 hours. Then he left."
        try engine.speak(text, into: sink)
        var words: [String] = []
        var samples: [Int] = []
        var sentences = 0
        for event in sink.events {
            switch event {
            case let .word(_, word, sample):
                words.append(word)
                samples.append(sample)
            case .sentence: sentences += 1
            }
        }
        #expect(words.joined(separator: " ") == text)
        #expect(samples == samples.sorted())
        #expect(samples.last.map { $0 < sink.samples.count } == true)
        #expect(sentences == 2)
    }

    @Test func oneSharedEngineFollowsTheSelectedProfile() throws {
        let engine = try ESpeakEngine.shared()
        #expect(try ESpeakEngine.shared() === engine)
        var slow = voice
        slow.rate = 110
        var lengths: [Int] = []
        for profile in [voice, slow, voice] {
            try engine.use(profile)
            let sink = CollectingSink()
            try engine.speak(Self.sentence, into: sink)
            lengths.append(sink.samples.count)
        }
        #expect(Double(lengths[1]) > Double(lengths[0]) * 1.3, "\(lengths)")
        // espeak-ng carries a little state between calls: the same text can differ by a few samples.
        #expect(abs(lengths[0] - lengths[2]) < lengths[0] / 1000, "\(lengths)")
    }

    @Test func unknownEspeakVoiceCarriesEspeaksOwnMessage() throws {
        let engine = try ESpeakEngine.shared()
        var bad = voice
        bad.espeakVoice = "no-such-voice"
        do {
            try engine.use(bad)
            Issue.record("an unknown espeak voice was accepted")
        } catch let error as SpeechError {
            #expect(error.operation == "select voice 'no-such-voice'")
            #expect(error.message.lowercased().contains("voice"), "\(error.message)")
        }
    }

    @Test func episodeFilesMatchEachOtherAndHonourTheProfilePauses() throws {
        let folder = try TemporaryFolder()
        let article = try folder.write("story.txt", "A test headline\n\n\(Self.sentence)\n\nA second, shorter paragraph ends it.\n")
        let output = OutputFolder(folder.url.appendingPathComponent("out"))
        let engine = try ESpeakEngine.shared()
        let outcome = try ArticleEditor(output: output).render(path: article.path, voice: voice, formats: [.flac, .wav], engine: engine)
        guard case let .rendered(episode) = outcome else { Issue.record("expected a new episode"); return }

        let flac = try AudioStats.measure(output.url(relative: episode.files[0].path))
        let wav = try AudioStats.measure(output.url(relative: episode.files[1].path))
        #expect(flac.sampleRate == 22050 && flac.channels == 1)
        #expect(flac.frames == wav.frames)
        #expect(flac.rmsDBFS == wav.rmsDBFS)
        #expect(abs(episode.files[0].duration - wav.duration) < 1e-9)
        // The assembler writes exactly the profile's silences: espeak-ng's own end pause is gone.
        #expect(abs(Double(wav.trailingSilence) / 22050 - voice.pauses.tail) < 0.03, "tail \(Double(wav.trailingSilence) / 22050)")
        #expect(Double(wav.leadingSilence) / 22050 >= voice.pauses.leadIn)
        let gaps = zip(episode.segments, episode.segments.dropFirst()).map { $1.start - $0.end }
        #expect(gaps.count == 2)
        #expect(abs(gaps[0] - voice.pauses.afterTitle) < 0.001 && abs(gaps[1] - voice.pauses.betweenParagraphs) < 0.001)

        // Cues are in order and inside the audio.
        let vtt = try String(contentsOf: output.url(relative: episode.transcript), encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT\n"))
        let times = vtt.split(separator: "\n").filter { $0.contains(" --> ") }.map { line in
            line.components(separatedBy: " --> ").map(Self.seconds)
        }
        #expect(times.count >= 4)
        #expect(times.allSatisfy { $0[0] <= $0[1] && $0[1] <= wav.duration })
        #expect(zip(times, times.dropFirst()).allSatisfy { $0[1] <= $1[0] + 0.0005 })
        #expect(vtt.contains("A <"), "word times inside the cue")
        #expect(vtt.replacingOccurrences(of: #" <[0-9:.]+>"#, with: " ", options: .regularExpression).contains("A test headline"))
    }

    /// One paragraph of twenty edited: the new revision's MP3 and FLAC are spliced from the last
    /// one's, and are byte for byte the files that encoding the revision whole makes.
    @Test func anEditedArticlesMP3AndFLACAreSplicedAndAreTheWholeEncodeByteForByte() throws {
        let folder = try TemporaryFolder()
        var paragraphs = (1...20).map { "Paragraph \($0) of the story. \(Self.sentence)" }
        let article = try folder.write("story.txt", "A long story\n\n" + paragraphs.joined(separator: "\n\n") + "\n")
        let engine = try ESpeakEngine.shared()
        let spliced = OutputFolder(folder.url.appendingPathComponent("spliced"))
        let first = try ArticleEditor(output: spliced).render(path: article.path, voice: voice, formats: [.mp3, .flac], engine: engine).episode
        let whole = OutputFolder(folder.url.appendingPathComponent("whole"))
        try FileManager.default.copyItem(at: spliced.root, to: whole.root)
        // A last revision whose MP3 was altered since: its SHA-256 no longer checks as the
        // splice reads it, and the revision is encoded whole.
        let altered = OutputFolder(folder.url.appendingPathComponent("altered"))
        try FileManager.default.copyItem(at: spliced.root, to: altered.root)
        let handle = try FileHandle(forWritingTo: altered.url(relative: first.files[0].path))
        try handle.seek(toOffset: 5000)
        try handle.write(contentsOf: Data([0x55]))
        try handle.close()

        paragraphs[8] += " Officials confirmed it later that evening."
        try folder.write("story.txt", "A long story\n\n" + paragraphs.joined(separator: "\n\n") + "\n")
        let second = try ArticleEditor(output: spliced).render(path: article.path, voice: voice, formats: [.mp3, .flac], engine: engine).episode
        // From the same recordings: the engine need not say a sentence twice to the sample.
        let reference = try ArticleEditor(output: whole, cache: SegmentCache(output: spliced), splicing: false)
            .render(path: article.path, voice: voice, formats: [.mp3, .flac], engine: engine).episode
        let splices = try #require(second.master?.spliced)
        #expect(second.history?.last?.spliced == splices && reference.master?.spliced == nil)
        #expect(splices.map(\.format) == ["mp3", "flac"])
        for splice in splices {
            #expect(splice.framesCopied > 3 * splice.framesEncoded, "\(splice)")
            #expect(splice.pauseAdded >= 0 && splice.pauseAdded < 1.28)
        }
        #expect(second.files.map(\.sha256) == reference.files.map(\.sha256))
        let fromAltered = try ArticleEditor(output: altered, cache: SegmentCache(output: spliced))
            .render(path: article.path, voice: voice, formats: [.mp3, .flac], engine: engine).episode
        #expect(fromAltered.master?.spliced == nil && fromAltered.files.map(\.sha256) == reference.files.map(\.sha256))
        // Longer by the new words and the pause added; the MP3 plays to the FLAC's length.
        let mp3 = try AudioStats.measure(spliced.url(relative: second.files[0].path))
        #expect(second.files[0].duration > first.files[0].duration + 1)
        #expect(abs(mp3.duration - second.files[1].duration) < 0.001 && mp3.sampleRate == 44100)
    }

    @Test func unchangedArticleIsSkippedAndAnEditMakesANewRevision() throws {
        let folder = try TemporaryFolder()
        let article = try folder.write("story.txt", "Headline\n\nFirst version of the story.\n")
        let output = OutputFolder(folder.url.appendingPathComponent("out"))
        let editor = ArticleEditor(output: output)
        let engine = try ESpeakEngine.shared()
        let first = try editor.render(path: article.path, voice: voice, formats: [.wav], engine: engine).episode
        let firstBytes = try Data(contentsOf: output.url(relative: first.files[0].path))
        let manifestBytes = try Data(contentsOf: output.root.appendingPathComponent("manifest.json"))

        guard case .upToDate = try editor.render(path: article.path, voice: voice, formats: [.wav], engine: engine) else {
            Issue.record("unchanged article was rendered again"); return
        }
        #expect(try Data(contentsOf: output.url(relative: first.files[0].path)) == firstBytes)
        #expect(try Data(contentsOf: output.root.appendingPathComponent("manifest.json")) == manifestBytes)

        try folder.write("story.txt", "Headline\n\nSecond version of the story, now longer than before.\n")
        let second = try editor.render(path: article.path, voice: voice, formats: [.wav], engine: engine).episode
        #expect(second.id == first.id)
        #expect(second.revision == 2)
        #expect(second.created == first.created)
        #expect(second.files[0].duration > first.files[0].duration)
        #expect(!FileManager.default.fileExists(atPath: output.url(relative: first.files[0].path).path))
        #expect(FileManager.default.fileExists(atPath: output.url(relative: second.files[0].path).path))
        #expect(try ManifestStore(output: output).load().episodes == [second])
    }

    static func seconds(_ stamp: String) -> Double {
        let parts = stamp.split(separator: ":").compactMap { Double($0) }
        return parts.count == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : -1
    }
}
