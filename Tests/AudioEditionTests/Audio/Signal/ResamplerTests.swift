import Foundation
import Testing
@testable import AudioEdition

@Suite struct ResamplerTests {
    @Test func resamplerKeepsDurationAndPitch() throws {
        let resampler = try Resampler(from: 22050, to: 44100)
        let tone = sine(1000, amplitude: 0.5, seconds: 1, rate: 22050)
        var out: [Float] = []
        for chunk in stride(from: 0, to: tone.count, by: 4096) { out += try resampler.process(Array(tone[chunk..<min(chunk + 4096, tone.count)])) }
        out += try resampler.process([], final: true)
        #expect(abs(out.count - 44100) <= 2)
        // Zero crossings: 2,000 a second for a 1 kHz tone, whatever the rate.
        let crossings = zip(out, out.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
        #expect(abs(crossings - 1000) <= 2)
    }
}
