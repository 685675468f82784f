import Foundation
import Testing
@testable import AudioEdition

/// Levels in 20 ms cells: the loudness gated from them, a meter that pauses where the last
/// revision's cells will do, and the cells joined from two revisions.
@Suite struct LevelsTests {
    /// Speech-like audio whose level steps down by 20 dB for a while, so both gates act.
    static func programme() -> [Int16] {
        let speech = MP3WriterTests.speechLike(seconds: 40, rate: 22050)
        return speech.enumerated().map { n, sample in n / 22050 >= 12 && n / 22050 < 20 ? sample / 10 : sample }
    }

    @Test func cellsGateAsLibebur128Does() throws {
        let audio = Mastering.floats(Self.programme())
        let cells = try LevelMeter(sampleRate: 22050, truePeak: false)
        let exact = try LoudnessMeter(sampleRate: 22050, truePeak: false, mode: .exact)
        let histogram = try LoudnessMeter(sampleRate: 22050, truePeak: false)
        for start in stride(from: 0, to: audio.count, by: 10_007) {
            let part = Array(audio[start..<min(start + 10_007, audio.count)])
            try cells.add(part)
            try exact.add(part)
            try histogram.add(part)
        }
        let ours = try cells.integrated(), library = try exact.integrated()
        #expect(abs(ours - library) < 1e-4, "\(ours) from cells, \(library) from libebur128's blocks")
        let binned = try histogram.integrated()
        #expect(abs(ours - binned) < 0.05)
        // The quiet stretch is gated out: the whole reads louder than its cells' plain mean.
        let levels = try #require(cells.levels())
        let mean = Levels.lufs(energy: levels.energy.reduce(0) { $0 + Double($1) } / Double(levels.energy.count))
        #expect(ours > mean + 0.5)
    }

    /// Paused over the first stretch and resumed in a pause, the meter's cells after it are
    /// the whole measurement's; those it skipped are NaN, and the last revision's fill them.
    @Test func aPausedMeterResumesOnTheWholeMeasurementsCells() throws {
        let audio = Self.programme()
        let whole = try LevelMeter(sampleRate: 22050, truePeak: false)
        try whole.write(audio[...])
        let reference = try #require(whole.levels())
        // A pause of the programme starts at 3.4 s of every 4; resume 0.1 s into the one at 23.4 s.
        let resumeAt = Int(23.5 * 22050)
        #expect(audio[(resumeAt - 2000)..<(resumeAt + 2000)].allSatisfy { $0 == 0 })
        let partial = try LevelMeter(sampleRate: 22050, truePeak: false)
        partial.pause()
        for start in stride(from: 0, to: resumeAt, by: 3001) { try partial.write(audio[start..<min(start + 3001, resumeAt)]) }
        try partial.resume()
        try partial.write(audio[resumeAt...])
        let measured = try #require(partial.levels())
        #expect(measured.energy.count == reference.energy.count)
        let first = resumeAt / 441
        let skipped = measured.energy[..<first]
        #expect(skipped.allSatisfy { $0.isNaN })
        for i in first..<measured.energy.count {
            #expect(abs(measured.energy[i] - reference.energy[i]) <= 1e-5 * max(reference.energy[i], 1e-9), "cell \(i)")
        }
        let filled = try #require(measured.filled(from: reference, before: resumeAt, after: audio.count, shift: 0))
        #expect(abs(filled.integrated - reference.integrated) < 1e-5)
    }

    @Test func cellsAreFilledFromBeforeTheChangeAndMovedAfterIt() throws {
        let old = Levels(sampleRate: 22050, cell: 441, energy: [1, 2, 3, 4, 5, 6], peak: [1, 2, 3, 4, 5, 6, 7])
        // Two cells longer: new cells 2...3, the rest NaN.
        let new = Levels(sampleRate: 22050, cell: 441, energy: [.nan, .nan, 9, 9, .nan, .nan, .nan, .nan],
                         peak: [.nan, .nan, 9, 9, .nan, .nan, .nan, .nan, .nan])
        let filled = try #require(new.filled(from: old, before: 2 * 441, after: 4 * 441, shift: 2 * 441))
        #expect(filled.energy == [1, 2, 9, 9, 3, 4, 5, 6])
        #expect(filled.peak == [1, 2, 9, 9, 3, 4, 5, 6, 7])
        // A cell that is neither before nor after the change cannot be filled, nor a shift of part of a cell.
        #expect(new.filled(from: old, before: 1 * 441, after: 4 * 441, shift: 2 * 441) == nil)
        #expect(new.filled(from: old, before: 2 * 441, after: 4 * 441, shift: 441 + 1) == nil)
    }

    @Test func keptLevelsNameTheFileTheyDescribe() throws {
        let folder = try TemporaryFolder()
        let store = LevelStore(output: OutputFolder(folder.url))
        let source = Levels(sampleRate: 22050, cell: 441, energy: [0.5, .nan, 1e-9])
        let master = Levels(sampleRate: 22050, cell: 441, energy: [0.25, 2], peak: [0.9, 0.1, 0])
        let sha = String(repeating: "ab", count: 32)
        try store.save(id: "episode", file: sha, source: source, master: master)
        let loaded = try #require(store.load(id: "episode", file: sha))
        #expect(loaded.master == master)
        #expect(loaded.source.energy[0] == 0.5 && loaded.source.energy[1].isNaN && loaded.source.energy[2] == 1e-9)
        #expect(store.load(id: "episode", file: String(repeating: "cd", count: 32)) == nil)
        try Data("AELV0001".utf8).write(to: store.url("episode"))
        #expect(store.load(id: "episode", file: sha) == nil)
    }
}
