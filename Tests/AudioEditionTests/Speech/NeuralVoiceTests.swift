@testable import AudioEdition
import Foundation
import Testing

/// The neural voice's parts that need no model: clause punctuation, sentences of phonemes,
/// the ONNX metadata walk, the Piper configuration, and the word-timing warp.
@Suite struct NeuralVoiceTests {
    @Test(arguments: [
        ("Hello, ", ","), ("The U.S. ", "."), ("Did it? ", "?"), ("Yes — ", ","), ("He said \"fine.\" ", "."),
        ("(Reuters) ", nil), ("a list; ", ";"), ("wait… ", "."), ("Kyiv", nil),
    ] as [(String, Character?)])
    func clausePunctuationIsReadFromTheText(clause: String, terminator: Character?) {
        #expect(PhonemeClause.terminator(of: clause) == terminator)
    }

    @Test func phonemeBracketsAreCutOutOfTheText() {
        #expect(PhonemeClause.pieces(of: "Say [[h@l'oU]] now, [[x]]") == ["Say ", "[[h@l'oU]]", " now, ", "[[x]]"])
        #expect(PhonemeClause.pieces(of: "no brackets") == ["no brackets"])
        #expect(PhonemeClause.pieces(of: "open [[ only") == ["open [[ only"])
    }

    @Test func clausesBecomeSentencesAsPiperJoinsThem() {
        let known = Dictionary(uniqueKeysWithValues: "abehilo ,.?".unicodeScalars.enumerated().map { ($1, $0) })
        let clauses = [PhonemeClause(phonemes: "hello", terminator: ","), PhonemeClause(phonemes: "ab", terminator: "."),
                       PhonemeClause(phonemes: "hi", terminator: "?"), PhonemeClause(phonemes: "", terminator: "."),
                       PhonemeClause(phonemes: "xyz lo", terminator: nil)]
        let sentences = NeuralEngine.sentences(clauses, known: known).map { String(String.UnicodeScalarView($0)) }
        // Unknown phonemes are dropped; a sentence of punctuation alone is not spoken.
        #expect(sentences == ["hello, ab.", "hi?", " lo"])
    }

    @Test func theModelsMetadataKeysAreFoundAtTheTopLevel() {
        // ir_version 8, a graph field (7) of three bytes, then metadata_props {key "model_type", value "vits"}.
        var bytes: [UInt8] = [0x08, 0x08, 0x3A, 0x03, 0x01, 0x02, 0x03]
        let entry: [UInt8] = [0x0A, 10] + Array("model_type".utf8) + [0x12, 4] + Array("vits".utf8)
        bytes += [0x72, UInt8(entry.count)] + entry
        #expect(PreparedModel.metadataKeys(Data(bytes)) == ["model_type"])
        #expect(PreparedModel.metadataKeys(Data([0x3A, 0x7F, 0x01])) == nil, "a length past the end")
        #expect(PreparedModel.metadataKeys(Data([0x0B])) == nil, "wire type 3 is not used by ONNX")
    }

    @Test func aPiperConfigurationIsReadAndRefusedWithReasons() throws {
        let good = #"{"audio": {"sample_rate": 22050}, "espeak": {"voice": "en-us"}, "inference": {"noise_scale": 0.5},"#
            + #""phoneme_type": "espeak", "num_speakers": 1, "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], "a": [14]}}"#
        let config = try PiperConfig.parse(Data(good.utf8))
        #expect(config.sampleRate == 22050 && config.noiseScale == 0.5 && config.noiseW == 0.8 && config.phonemeIDs["a"] == 14)
        #expect(config.tokens == "_ 0\n^ 1\n$ 2\n  3\na 14\n")
        #expect(config.metadata.contains { $0 == ("sample_rate", "22050") })
        #expect(throws: PiperConfig.Problem.self) { try PiperConfig.parse(Data("{}".utf8)) }
        let text = good.replacingOccurrences(of: #""phoneme_type": "espeak""#, with: #""phoneme_type": "text""#)
        #expect((try? PiperConfig.parse(Data(text.utf8))) == nil)
        let noPad = good.replacingOccurrences(of: #""_": [0], "#, with: "")
        #expect((try? PiperConfig.parse(Data(noPad.utf8))) == nil)
    }

    /// A tone pattern and the same pattern played 1.5 times slower: the warp carries a point
    /// in the first to the same place in the second.
    @Test func theWarpFollowsAReadingAtAnotherPace() {
        func pattern(stretch: Double) -> [Float] {
            let notes: [(Double, Double)] = [(300, 0.3), (0, 0.15), (900, 0.25), (2000, 0.2), (0, 0.2), (500, 0.35), (1400, 0.3)]
            var samples: [Float] = []
            for (frequency, seconds) in notes {
                let count = Int(seconds * stretch * 22050)
                samples += (0..<count).map { frequency == 0 ? 0 : 0.3 * sin(2 * Float.pi * Float(frequency) * Float($0) / 22050) }
            }
            return samples
        }
        let place = WordTiming.mapping(reference: [WordTiming.Span(start: 0, samples: pattern(stretch: 1))],
                                       neural: [WordTiming.Span(start: 1000, samples: pattern(stretch: 1.5))])
        // The start of the 2 kHz tone: 0.7 s in the reference, 1.05 s (plus the span's start) in the slower one.
        let reference = Int(0.7 * 22050), expected = 1000 + Int(1.05 * 22050)
        #expect(abs(place(reference) - expected) < 22050 / 20, "\(place(reference)) against \(expected)")
        // The start of the 500 Hz tone after the pause: 1.1 s, and 1.65 s.
        let late = Int(1.1 * 22050), lateExpected = 1000 + Int(1.65 * 22050)
        #expect(abs(place(late) - lateExpected) < 22050 / 20)
    }

    /// Two frames share one complex transform; each frame's coefficients are those a direct
    /// DFT of that frame alone gives, for an odd number of frames too (the last has no partner).
    @Test(arguments: [7, 8]) func twoFramesATransformGiveEachFramesOwnCoefficients(frames: Int) {
        var generator = SystemRandomNumberGenerator()
        let samples = (0..<(frames * WordTiming.hop)).map { index in
            0.4 * sin(Float(index) * 0.07) + 0.2 * sin(Float(index) * 0.9) + Float.random(in: -0.05...0.05, using: &generator)
        }
        let fast = MFCC.frames(samples)
        #expect(fast.count == frames * MFCC.coefficients)
        var direct = [Float](repeating: 0, count: fast.count)
        for frame in 0..<frames {
            let start = frame * WordTiming.hop - MFCC.size / 2 + WordTiming.hop / 2
            let windowed = (0..<MFCC.size).map { k -> Double in
                let at = start + k
                return at >= 1 && at < samples.count ? Double((samples[at] - 0.97 * samples[at - 1]) * MFCC.window[k]) : 0
            }
            let power = (0...(MFCC.size / 2)).map { bin -> Double in
                var (re, im) = (0.0, 0.0)
                for (k, value) in windowed.enumerated() {
                    let angle = -2 * Double.pi * Double(bin * k) / Double(MFCC.size)
                    re += value * cos(angle); im += value * sin(angle)
                }
                return re * re + im * im
            }
            let energies = MFCC.filters.map { band in log(band.reduce(0.0) { $0 + Double($1.1) * power[$1.0] } + 1e-10) }
            for c in 0..<MFCC.coefficients {
                direct[frame * MFCC.coefficients + c] = Float(energies.enumerated().reduce(0.0) {
                    $0 + $1.element * Double(MFCC.dct[(c + 1) * MFCC.bands + $1.offset])
                })
            }
        }
        for c in 0..<MFCC.coefficients {  // the frames are centred per coefficient
            let mean = stride(from: c, to: direct.count, by: MFCC.coefficients).reduce(Float(0)) { $0 + direct[$1] } / Float(frames)
            for index in stride(from: c, to: direct.count, by: MFCC.coefficients) { direct[index] -= mean }
        }
        let worst = zip(fast, direct).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 0.01, "largest difference \(worst)")
    }

    /// Sound, 0.2 s of pause, sound: a word start in the pause moves to where the sound starts
    /// again, one in the sound stays, and none moves past the next word's start.
    @Test func wordStartsInAPauseMoveOntoTheSound() {
        let tone = (0..<11025).map { 0.3 * sin(2 * Float.pi * 440 * Float($0) / 22050) }
        let span = WordTiming.Span(start: 1000, samples: tone + [Float](repeating: 0, count: 4410) + tone)
        let onset = 1000 + 11025 + 4410
        let moved = WordTiming.onsets([1000 + 500, 1000 + 11025 + 200, onset + 3000], in: [span])
        #expect(moved[0] == 1000 + 500)
        #expect(abs(moved[1] - onset) <= WordTiming.hop, "\(moved[1]) against \(onset)")
        #expect(moved[2] == onset + 3000)
        let held = WordTiming.onsets([1000 + 11025 + 200, 1000 + 11025 + 1000], in: [span])
        #expect(held[0] == 1000 + 11025 + 200, "the next word's start bounds the move")
        #expect(abs(held[1] - onset) <= WordTiming.hop)
    }

    @Test func aProfileNamingANeuralEngineIsChecked() {
        var profile = VoiceProfile(name: "n")
        profile.engine = "piper"
        #expect(throws: VoiceError.self) { try profile.validate() }
        profile.neural = NeuralSettings(model: "x.onnx", lengthScale: 9)
        #expect(throws: VoiceError.invalidProfile(name: "n", problem: "neural.lengthScale is outside 0.25...4")) { try profile.validate() }
        profile.neural?.lengthScale = 1.1
        #expect(throws: Never.self) { try profile.validate() }
        profile.engine = "festival"
        #expect(throws: VoiceError.self) { try profile.validate() }
        // An espeak-ng profile's canonical form, and so its hash, has none of the neural keys.
        #expect(!VoiceProfile(name: "e").canonicalForm.contains("neural"))
    }
}
