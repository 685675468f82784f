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
        let energy = try #require(try cells.levels()).energy.values()
        let mean = Levels.lufs(energy: energy.reduce(0) { $0 + Double($1) } / Double(energy.count))
        #expect(ours > mean + 0.5)
    }

    /// Paused over the first stretch and resumed in a pause, the meter's cells after it are
    /// the whole measurement's; those it skipped are NaN, and the last revision's fill them.
    @Test func aPausedMeterResumesOnTheWholeMeasurementsCells() throws {
        let audio = Self.programme()
        let whole = try LevelMeter(sampleRate: 22050, truePeak: false)
        try whole.write(audio[...])
        let wholeLevels = try #require(try whole.levels())
        let reference = try wholeLevels.energy.values()
        // A pause of the programme starts at 3.4 s of every 4; resume 0.1 s into the one at 23.4 s.
        let resumeAt = Int(23.5 * 22050)
        #expect(audio[(resumeAt - 2000)..<(resumeAt + 2000)].allSatisfy { $0 == 0 })
        let partial = try LevelMeter(sampleRate: 22050, truePeak: false)
        partial.pause()
        for start in stride(from: 0, to: resumeAt, by: 3001) { try partial.write(audio[start..<min(start + 3001, resumeAt)]) }
        try partial.resume()
        try partial.write(audio[resumeAt...])
        let partialLevels = try #require(try partial.levels())
        let measured = try partialLevels.energy.values()
        #expect(measured.count == reference.count)
        let first = resumeAt / 441
        #expect(measured[..<first].allSatisfy { $0.isNaN })
        #expect(partialLevels.energy.gaps == first)
        for i in first..<measured.count {
            #expect(abs(measured[i] - reference[i]) <= 1e-5 * max(reference[i], 1e-9), "cell \(i)")
        }
        let filled = try #require(try partialLevels.filled(from: wholeLevels, before: resumeAt, after: audio.count, shift: 0))
        #expect(filled.energy.gaps == 0)
        #expect(abs(try filled.integrated() - wholeLevels.integrated()) < 1e-5)
    }

    @Test func cellsAreFilledFromBeforeTheChangeAndMovedAfterIt() throws {
        let old = try Levels(sampleRate: 22050, cell: 441, energy: [1, 2, 3, 4, 5, 6], peak: [1, 2, 3, 4, 5, 6, 7])
        // Two cells longer: new cells 2...3, the rest NaN.
        let new = try Levels(sampleRate: 22050, cell: 441, energy: [.nan, .nan, 9, 9, .nan, .nan, .nan, .nan],
                         peak: [.nan, .nan, 9, 9, .nan, .nan, .nan, .nan, .nan])
        let filled = try #require(try new.filled(from: old, before: 2 * 441, after: 4 * 441, shift: 2 * 441))
        #expect(try filled.energy.values() == [1, 2, 9, 9, 3, 4, 5, 6])
        #expect(try filled.peak?.values() == [1, 2, 9, 9, 3, 4, 5, 6, 7])
        // A cell that is neither before nor after the change cannot be filled, nor a shift of part of a cell.
        #expect(try new.filled(from: old, before: 1 * 441, after: 4 * 441, shift: 2 * 441) == nil)
        #expect(try new.filled(from: old, before: 2 * 441, after: 4 * 441, shift: 441 + 1) == nil)
    }

    @Test func keptLevelsNameTheFileTheyDescribe() throws {
        let folder = try TemporaryFolder()
        let store = LevelStore(output: OutputFolder(folder.url))
        // More cells than a track holds in memory, so they are read back from the file.
        let long = (0..<(2 * CellTrack.block + 7)).map { Float($0) / 8 }
        let source = try Levels(sampleRate: 22050, cell: 441, energy: [0.5, .nan, 1e-9])
        let master = try Levels(sampleRate: 22050, cell: 441, energy: long, peak: [0.9, 0.1, 0])
        let sha = String(repeating: "ab", count: 32)
        try store.save(id: "episode", file: sha, source: source, master: master)
        let loaded = try #require(store.load(id: "episode", file: sha))
        #expect(try loaded.master.energy.values() == long)
        #expect(try loaded.master.peak?.values() == [0.9, 0.1, 0])
        let energy = try loaded.source.energy.values()
        #expect(energy.count == 3 && energy[0] == 0.5 && energy[1].isNaN && energy[2] == 1e-9)
        #expect(store.load(id: "episode", file: String(repeating: "cd", count: 32)) == nil)
        // A file cut short, or only a header, is not read as levels.
        let whole = try Data(contentsOf: store.url("episode"))
        try whole.dropLast(4).write(to: store.url("episode"))
        #expect(store.load(id: "episode", file: sha) == nil)
        try Data("AELV0001".utf8).write(to: store.url("episode"))
        #expect(store.load(id: "episode", file: sha) == nil)
    }

    /// A track keeps a block of values in memory and the rest in its file: read back whole,
    /// by index in any order, and placed among NaNs, it gives the values appended.
    @Test func aTrackReadsBackWhatWasAppended() throws {
        let values = (0..<(3 * CellTrack.block + 5)).map { Float($0 % 1000) - 0.5 }
        let track = try CellTrack()
        for piece in stride(from: 0, to: values.count, by: 999) { try track.append(contentsOf: values[piece..<min(piece + 999, values.count)]) }
        try track.append(.nan)
        #expect(track.count == values.count + 1 && track.gaps == 1)
        let back = try track.values()
        #expect(Array(back.prefix(values.count)) == values && back.last!.isNaN)
        for index in [values.count - 1, 7, 2 * CellTrack.block + 3, CellTrack.block - 1, CellTrack.block, 0] {
            #expect(try track.value(at: index) == values[index])
        }
        #expect(try track.value(at: -1) == nil && track.value(at: values.count + 1) == nil)
        let placed = try CellTrack.placing(track, at: 2, limit: 3, count: 7).values()
        #expect(placed[0].isNaN && placed[1].isNaN && Array(placed[2..<5]) == Array(values[..<3]) && placed[5...].allSatisfy(\.isNaN))
    }
}
