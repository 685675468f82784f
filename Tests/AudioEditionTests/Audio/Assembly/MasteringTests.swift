import Foundation
import Testing
@testable import AudioEdition

@Suite struct MasteringTests {
    /// A revision whose loudness hardly moved keeps the last revision's gain, so the audio
    /// before its edit is mastered sample for sample as before; one that moved is measured anew.
    @Test func aRevisionThatHardlyMovedKeepsThePreviousGain() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
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
}
