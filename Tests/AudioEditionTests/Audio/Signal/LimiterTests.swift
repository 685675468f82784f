import Foundation
import Testing
@testable import AudioEdition

@Suite struct LimiterTests {
    @Test func limiterKeepsEverySampleUnderTheCeilingAndTheLengthExact() {
        let limiter = Limiter(sampleRate: 44100, ceilingDB: -2)
        var input = sine(440, amplitude: 0.3, seconds: 0.5, rate: 44100)
        input += sine(440, amplitude: 1.0, seconds: 0.2, rate: 44100)  // peaks 2 dB over the ceiling
        input += sine(440, amplitude: 0.3, seconds: 0.5, rate: 44100)
        var output: [Float] = []
        for chunk in stride(from: 0, to: input.count, by: 1000) { output += limiter.process(Array(input[chunk..<min(chunk + 1000, input.count)])) }
        output += limiter.flush()
        #expect(output.count == input.count)
        let ceiling = Float(pow(10, -2.0 / 20))
        #expect(output.allSatisfy { abs($0) <= ceiling + 1e-6 })
        // Quiet passages away from the peak pass unchanged, in place.
        #expect(zip(input.prefix(10000), output.prefix(10000)).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func limiterHoldsTruePeaksNotOnlySamplesUnderTheCeiling() {
        // Speech-like audio at 22.05 kHz, four times too loud: its peaks between samples are
        // what a sample-peak limiter lets through.
        let speech = MP3WriterTests.speechLike(seconds: 8, rate: 22050).map { Float($0) / 32768 * 4 }
        let limiter = Limiter(sampleRate: 22050, ceilingDB: -2)
        var output: [Float] = []
        for start in stride(from: 0, to: speech.count, by: 4096) { output += limiter.process(Array(speech[start..<min(start + 4096, speech.count)])) }
        output += limiter.flush()
        #expect(output.count == speech.count)
        let meter = TruePeakMeter()
        meter.add(output)
        let input = TruePeakMeter()
        input.add(speech)
        #expect(input.dBTP() > 3)  // 5 dB and more over the ceiling
        #expect(meter.dBTP() <= -2 + 0.1, "\(meter.dBTP()) dBTP against a -2 dB ceiling")
    }
}
