import Foundation
import Testing
@testable import AudioEdition

@Suite struct HalfBandInterpolatorTests {
    /// What splicing rests on: the limiter and the rate doubler treat audio the same wherever
    /// it falls in the stream. Loud speech-like audio (the limiter at work), with pauses, is
    /// mastered once as it is and once after 1.28 s of silence, each cut into different
    /// pieces; after the silence, the second is the first, shifted, sample for sample.
    @Test func rateDoublerAfterTheLimiterIsExactUnderAShift() throws {
        let speech = MP3WriterTests.speechLike(seconds: 12, rate: 22050).map { Float($0) / 32768 * 4 }
        let shift = 28224
        func master(_ input: [Float], pieces: Int) -> [Int16] {
            let limiter = Limiter(sampleRate: 22050, ceilingDB: -2)
            let doubler = HalfBandInterpolator()
            var out: [Float] = []
            for start in stride(from: 0, to: input.count, by: pieces) {
                out += doubler.process(limiter.process(Array(input[start..<min(start + pieces, input.count)])))
            }
            out += doubler.process(limiter.flush(), final: true)
            return out.map { Int16(clamping: Int(($0 * 32767).rounded())) }
        }
        let once = master(speech, pieces: 65536)
        let shifted = master([Float](repeating: 0, count: shift) + speech, pieces: 4099)
        #expect(once.count == 2 * speech.count && shifted.count == 2 * (speech.count + shift))
        // The limiter at work: four times too loud in, nothing clipped out.
        #expect(speech.contains { abs($0) > 1.5 } && once.contains { abs(Int($0)) > 25000 } && once.allSatisfy { abs(Int($0)) < 32000 },
                "\(once.map { abs(Int($0)) }.max() ?? 0)")
        let differing = zip(shifted[(2 * shift)...], once).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) of \(once.count) samples differ")
        #expect(shifted[..<(2 * shift)].allSatisfy { $0 == 0 })
    }
}
