import Foundation
import Testing
@testable import AudioEdition

@Suite struct LoudnessMeterTests {
    @Test func meterReadsASineAsBS1770Says() throws {
        // A full-scale 1 kHz sine reads −3.01 LUFS mono and 0 as dual mono; at half scale, 6.02 dB less.
        let tone = sine(1000, amplitude: 0.5, seconds: 5, rate: 48000)
        let mono = try LoudnessMeter(sampleRate: 48000, dualMono: false)
        try mono.add(tone)
        #expect(abs(try mono.integrated() - (-3.01 - 6.02)) < 0.1)
        let dual = try LoudnessMeter(sampleRate: 48000)
        try dual.add(tone)
        #expect(abs(try dual.integrated() - (-6.02)) < 0.1)
        #expect(abs(try dual.truePeak() - (-6.02)) < 0.2)
    }
}
