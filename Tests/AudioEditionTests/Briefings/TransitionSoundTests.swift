import Foundation
import Testing
@testable import AudioEdition

@Suite struct TransitionSoundTests {
    /// A user's stereo 44.1 kHz WAV becomes mono at the episode's rate.
    @Test func userSoundsAreFoldedToMonoAndResampled() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("sounds"), withIntermediateDirectories: true)
        let url = folder.url.appendingPathComponent("sounds/sting.wav")
        let file = try SoundFile(writingTo: url, format: .wav, sampleRate: 44100, channels: 2)
        // Left and right in opposite phase but for a constant: only the constant survives the fold.
        try file.write((0..<44100).flatMap { n -> [Int16] in
            let wave = Int16(8000 * sin(Double(n) * 0.1))
            return [wave &+ 4000, 4000 &- wave]
        })
        _ = try file.close()
        let sound = try TransitionSound.load("sounds/sting.wav", voices: folder.url, sampleRate: 22050)
        #expect(abs(sound.count - 22050) <= 2)
        let middle = sound[1000..<21000]
        #expect(middle.allSatisfy { abs(Int($0) - 4000) < 60 }, "\(middle.min()!)...\(middle.max()!)")
    }

    @Test func chimeIsShortQuietAndFaded() {
        let chime = TransitionSound.chime(sampleRate: 22050)
        #expect(chime.count == 8820)
        let peak = chime.map { abs(Int($0)) }.max() ?? 0
        #expect(peak > 3000 && peak < 8000)
        #expect(abs(Int(chime[0])) < 100 && abs(Int(chime[chime.count - 1])) < 100)
    }
}
