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
