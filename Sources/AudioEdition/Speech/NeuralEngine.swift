import Foundation

/// A neural Piper voice behind `SpeechEngine`: espeak-ng turns the text into IPA phonemes,
/// clause by clause, the model turns each sentence's phonemes into audio, and the sentences
/// are joined with the profile's sentence silence, as Piper joins them. Word events come from
/// espeak-ng speaking the same text, warped onto the neural audio (`WordTiming`).
///
/// Audio comes out at espeak-ng's 22,050 Hz whatever the model's rate (resampled by soxr when
/// they differ), so every voice's segments join in one episode.
public final class NeuralEngine: SpeechEngine {
    public let sampleRate = ESpeakEngine.expectedSampleRate
    public let version: String
    public let voice: PiperVoice
    private let espeak: ESpeakEngine
    private var profile: VoiceProfile?

    /// Loads `model` (once per worker) with a profile's noise scales.
    public init(model: InstalledModel, settings: NeuralSettings, threads: Int, preparedIn folder: URL, espeak: ESpeakEngine) throws {
        let config: PiperConfig
        do { config = try PiperConfig.load(model.configPath) } catch {
            throw NeuralError(operation: "read \(model.configPath)", message: "\(error)")
        }
        let files = try PreparedModel.files(for: model, config: config, in: folder)
        voice = try PiperVoice(files: files, config: config, noiseScale: settings.noiseScale ?? config.noiseScale,
                               noiseW: settings.noiseW ?? config.noiseW, threads: threads)
        self.espeak = espeak
        version = model.engineIdentity(espeak: espeak.version)
    }

    /// The key a worker keeps a loaded model under: a profile on another model, or with other
    /// noise scales, needs another handle; one that differs only in pace or pauses does not.
    public static func handleKey(_ profile: VoiceProfile) -> String? {
        guard let settings = profile.neural, let model = settings.installed else { return nil }
        return "\(model.sha256) \(settings.noiseScale.map { "\($0)" } ?? "-") \(settings.noiseW.map { "\($0)" } ?? "-")"
    }

    public func use(_ profile: VoiceProfile) throws {
        try espeak.use(profile)
        self.profile = profile
    }

    public func speak(_ text: String, into sink: any SpeechSink) throws {
        guard let profile, let settings = profile.neural else {
            throw NeuralError(operation: "speak", message: "no neural voice selected")
        }
        let sentences = Self.sentences(try espeak.phonemize(text), known: voice.config.phonemeIDs)
        let lengthScale = settings.lengthScale ?? voice.config.lengthScale
        let gap = Int(((settings.sentenceSilence ?? NeuralSettings.defaultSentenceSilence) * Double(sampleRate)).rounded())
        var spans: [WordTiming.Span] = []
        var position = 0
        for phonemes in sentences {
            var audio = try voice.generate(phonemes, lengthScale: lengthScale)
            if voice.sampleRate != sampleRate {
                audio = try Resampler(from: voice.sampleRate, to: sampleRate).process(audio, final: true)
            }
            guard !audio.isEmpty else { continue }
            if !spans.isEmpty { position += gap }
            spans.append(WordTiming.Span(start: position, samples: audio))
            position += audio.count
        }

        // The reference: espeak-ng's own reading of the same text, for its word starts.
        let reference = SegmentRecorder(sampleRate: sampleRate)
        try espeak.speak(text, into: reference)
        let recorded = reference.recording
        let sentenceEvents = recorded.events.compactMap { event -> (offset: Int, sample: Int)? in
            if case let .sentence(offset, sample) = event { return (offset, sample) } else { return nil }
        }
        var starts = sentenceEvents.map(\.sample)
        if starts.first != 0 { starts.insert(0, at: 0) }
        starts = Array(Set(starts)).sorted()
        let floats = recorded.samples.map { Float($0) / 32768 }
        let referenceSpans = starts.indices.map { index in
            let end = index + 1 < starts.count ? starts[index + 1] : floats.count
            return WordTiming.Span(start: starts[index], samples: Array(floats[min(starts[index], end)..<end]))
        }
        let place = WordTiming.mapping(reference: referenceSpans, neural: spans)

        // Each sentence at espeak-ng's own sentence offset when it found as many, else the
        // first at the first word and the rest at its last.
        let firstWord = recorded.events.lazy.compactMap { event -> Int? in
            if case let .word(offset, _, _) = event { return offset } else { return nil }
        }.first
        for (index, span) in spans.enumerated() {
            let offset = sentenceEvents.count == spans.count ? sentenceEvents[index].offset
                : index == 0 ? (firstWord ?? 0) : (sentenceEvents.last?.offset ?? firstWord ?? 0)
            sink.receive(.sentence(offset: offset, sample: span.start))
        }
        let words = recorded.events.compactMap { event -> (offset: Int, text: String, sample: Int)? in
            if case let .word(offset, word, sample) = event { return (offset, word, sample) } else { return nil }
        }
        var last = 0
        let warped = words.map { word in last = max(last, place(word.sample)); return last }
        for (word, sample) in zip(words, WordTiming.onsets(warped, in: spans)) {
            sink.receive(.word(offset: word.offset, text: word.text, sample: sample))
        }
        var samples = [Int16](repeating: 0, count: position)
        for span in spans {
            for (index, value) in span.samples.enumerated() {
                samples[span.start + index] = Int16(max(-1, min(1, value)) * 32767)
            }
        }
        sink.receive(samples: samples)
    }

    /// Clauses joined into sentences as Piper joins them: each clause's phonemes, then its
    /// punctuation, a space between clauses, and a new sentence after `.`, `!` or `?`.
    /// Phonemes the model does not know are dropped, as Piper drops them.
    static func sentences(_ clauses: [PhonemeClause], known: [Unicode.Scalar: Int]) -> [[Unicode.Scalar]] {
        // A sentence of punctuation and spaces alone is not spoken.
        func speakable(_ phonemes: [Unicode.Scalar]) -> Bool {
            phonemes.contains { !CharacterSet.whitespacesAndNewlines.contains($0) && !".,;:!?".unicodeScalars.contains($0) }
        }
        var sentences: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for clause in clauses {
            if !current.isEmpty { current.append(" ") }
            let written = clause.phonemes.decomposedStringWithCanonicalMapping + (clause.terminator.map(String.init) ?? "")
            current += written.unicodeScalars.filter { known[$0] != nil }
            if clause.endsSentence {
                if speakable(current) { sentences.append(current) }
                current = []
            }
        }
        if speakable(current) { sentences.append(current) }
        return sentences
    }
}
