import Foundation
import Testing
@testable import AudioEdition

@Suite struct MasteringTests {
    private func sine(_ frequency: Double, amplitude: Double, seconds: Double, rate: Int) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { Float(amplitude * sin(2 * .pi * frequency * Double($0) / Double(rate))) }
    }

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

    /// A revision whose loudness hardly moved keeps the last revision's gain, so the audio
    /// before its edit is mastered sample for sample as before; one that moved is measured anew.
    @Test func aRevisionThatHardlyMovedKeepsThePreviousGain() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("master-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let speech = MP3WriterTests.speechLike(seconds: 30, rate: 22050)
        func master(_ samples: [Int16], _ name: String, previous: MasterReport?) throws -> (MasterReport, [Int16]) {
            let source = folder.appendingPathComponent("\(name).wav"), flac = folder.appendingPathComponent("\(name).flac")
            let file = try SoundFile(writingTo: source, format: .wav, sampleRate: 22050)
            try file.write(samples)
            try file.close()
            let report = try Mastering.master(source: source, outputs: [(.flac, flac)], tags: AudioTags(), chapters: [],
                                              settings: MasterSettings(), previous: previous)
            let read = try SoundFile(readingFrom: flac)
            var out: [Int16] = []
            while case let chunk = try read.read(maxFrames: 1 << 16), !chunk.isEmpty { out += chunk }
            return (report, out)
        }
        let (first, before) = try master(speech, "r1", previous: nil)
        #expect(abs(first.loudness - -16) < 0.5)
        // An edit at 20 s: two seconds spoken a little louder.
        var edited = speech
        for i in (20 * 22050)..<(22 * 22050) { edited[i] = Int16(clamping: Int(Double(edited[i]) * 1.3)) }
        let (second, after) = try master(edited, "r2", previous: first)
        #expect(abs(second.inputLoudness - first.inputLoudness) < Mastering.gainTolerance && second.inputLoudness != first.inputLoudness)
        #expect(second.gain == first.gain)
        #expect(before.prefix(20 * 22050 - 100) == after.prefix(20 * 22050 - 100), "untouched audio is mastered as before")
        // Without the previous report, the same edit gets a gain of its own.
        #expect(try master(edited, "r2-alone", previous: nil).0.gain != first.gain)
        // Twice as loud: measured anew, back on the target.
        let (third, _) = try master(speech.map { Int16(clamping: Int($0) * 2) }, "r3", previous: first)
        #expect(third.gain != first.gain && abs(third.loudness - -16) < 0.5, "\(third)")
    }

    /// libopusenc aborts on draining a stream of under two frames; ours pads it instead.
    @Test func aFewMillisecondsOrNothingStillMakeAnOpusFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("opus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for count in [0, 1, 500, 2000] {
            let url = folder.appendingPathComponent("short-\(count).opus")
            let file = try OpusFile(writingTo: url, sampleRate: 48000, tags: AudioTags(title: "Short"), chapters: [])
            try file.write([Int16](repeating: 1000, count: count))
            #expect(try file.close() == 4800)
            let stats = try AudioStats.measure(url)
            #expect(stats.sampleRate == 48000 && abs(stats.duration - 0.1) < 0.02, "\(count): \(stats)")
        }
    }

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

    /// What splicing rests on: the limiter and the rate doubler treat audio the same wherever
    /// it falls in the stream. Loud speech-like audio (the limiter at work), with pauses, is
    /// mastered once as it is and once after 1.28 s of silence, each cut into different
    /// pieces; after the silence, the second is the first, shifted, sample for sample.
    @Test func limiterAndRateDoublerAreExactUnderAShift() throws {
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

    @Test func id3TagHasUTF8FramesAndChapters() throws {
        let tag = ID3Tag(tags: AudioTags(title: "Київ", artist: "Zelensky’s"),
                         chapters: [.init(title: "One", start: 0, end: 1.5), .init(title: "Two", start: 1.5, end: 3)]).encoded()
        #expect(tag.prefix(5) == Data("ID3".utf8) + Data([4, 0]))
        let size = tag[6..<10].reduce(0) { $0 << 7 | Int($1) }
        #expect(size == tag.count - 10)
        let text = String(decoding: tag, as: UTF8.self)
        #expect(text.contains("Київ") && text.contains("Zelensky’s"))
        #expect(tag.ranges(of: Data("CHAP".utf8)).count == 2 && tag.ranges(of: Data("CTOC".utf8)).count == 1)
        // The second chapter starts at 1,500 ms, big-endian, after "chp1\0".
        let chp1 = try #require(tag.range(of: Data("chp1".utf8) + Data([0]), in: tag.range(of: Data("CHAP".utf8), options: .backwards)!.lowerBound..<tag.endIndex))
        #expect(tag[chp1.upperBound..<(chp1.upperBound + 4)] == Data([0, 0, 0x05, 0xDC]))
    }

    @Test func chimeIsShortQuietAndFaded() {
        let chime = TransitionSound.chime(sampleRate: 22050)
        #expect(chime.count == 8820)
        let peak = chime.map { abs(Int($0)) }.max() ?? 0
        #expect(peak > 3000 && peak < 8000)
        #expect(abs(Int(chime[0])) < 100 && abs(Int(chime[chime.count - 1])) < 100)
    }
}
