import Foundation
import Testing
@testable import AudioEdition

@Suite struct TruePeakMeterTests {
    @Test func truePeakFindsThePeaksBetweenSamplesInEveryCell() throws {
        // A quarter-rate sine sampled 45° off its crests: every sample is at 0.707 of the
        // amplitude (−3 dB), the waveform between them reaches it.
        let tone = (0..<48000).map { Float(0.5 * sin(.pi / 2 * Double($0) + .pi / 4)) }
        let meter = TruePeakMeter()
        meter.add(tone)
        // At a quarter of the rate, four-times interpolators read a little low (0.1 dB).
        let expected = 20 * log10(0.5), reading = meter.dBTP()
        #expect(abs(reading - expected) < 0.2, "\(reading) for \(expected)")
        #expect(20 * log10(Double(tone.map(abs).max() ?? 0)) < expected - 2.9, "the samples alone read 3 dB low")
        let ebur = try LoudnessMeter(sampleRate: 48000)
        try ebur.add(tone)
        let reference = try ebur.truePeak()

        // Speech-like audio in uneven pieces: each 20 ms cell's peak is that of interpolating
        // its positions one by one, the whole's is the largest cell's, and libebur128 reads
        // the same to a tenth of a dB.
        let speech = MP3WriterTests.speechLike(seconds: 6, rate: 22050).map { Float($0) / 32768 }
        let cells = TruePeakMeter(cell: 441), library = try LoudnessMeter(sampleRate: 22050)
        var offset = 0, piece = 1000
        while offset < speech.count {
            let part = Array(speech[offset..<min(offset + piece, speech.count)])
            cells.add(part)
            try library.add(part)
            offset += piece
            piece = piece * 3 % 7919 + 5
        }
        let measured = cells.dBTP(), libebur128 = try library.truePeak()
        let padded = [Float](repeating: 0, count: 6) + speech + [Float](repeating: 0, count: 6)
        var byCell = [Float](repeating: 0, count: (speech.count + 440) / 441)
        for n in 5..<(padded.count - 6) {
            var loudest = abs(padded[n])
            for taps in TruePeakMeter.phases {
                var value: Float = 0
                for k in 0..<12 { value += taps[k] * padded[n + 6 - k] }
                loudest = max(loudest, abs(value))
            }
            let cell = max(0, n - 6) / 441
            byCell[cell] = max(byCell[cell], loudest)
        }
        #expect(cells.cells.count == byCell.count)
        #expect(zip(cells.cells, byCell).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, $1) })
        #expect(measured == Levels.decibels(cells.cells.max() ?? 0))
        #expect(abs(measured - libebur128) < 0.1, "\(measured) \(libebur128)")
        #expect(abs(reference - reading) < 0.05, "libebur128 reads the tone as \(reference), we read \(reading)")
    }
}
