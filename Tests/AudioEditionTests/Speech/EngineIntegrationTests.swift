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
