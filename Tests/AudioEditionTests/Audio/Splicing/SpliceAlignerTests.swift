import Foundation
import Testing
@testable import AudioEdition

/// The aligner against a last revision of ten one-second segments with 0.7 s pauses, as the
/// assembler drives it: the pauses after an edit are lengthened so the audio after it moves by
/// whole MP3 padding cycles, and it plans a splice only when the two revisions agree.
@Suite struct SpliceAlignerTests {
    static let rate = 22050
    static let (leadIn, pause, tail, second) = (6615, 15435, 17640, 22050)

    /// The last revision: keys k0...k9, as an MP3 (or a FLAC alone).
    static func previous(format: String = "mp3") -> Manifest.Episode {
        var episode = ManifestTests.sampleEpisode()
        episode.segments = (0..<10).map { i in
            let start = leadIn + i * (second + pause)
            return .init(key: "k\(i)", role: "paragraph", start: Double(start) / Double(rate), end: Double(start + second) / Double(rate))
        }
        let total = leadIn + 10 * second + 9 * pause + tail
        episode.files = [.init(path: "a.\(format)", format: format, sampleRate: 44100, duration: Double(total) / Double(rate), bytes: 1, sha256: "")]
        return episode
    }

    /// Assembles `keys` as the editors do, with `lengths` for new segments (told to the aligner
    /// when `telling`); returns the aligner's plan, the starts and the total.
    static func assemble(_ keys: [String], lengths: [String: Int] = [:], leadIn: Int = leadIn, format: String = "mp3",
                         telling: Bool = false)
        -> (change: (from: Int, to: Int?, shift: Int)?, starts: [Int], added: Int, unit: Int) {
        let aligner = SpliceAligner(previous: previous(format: format), keys: keys, sampleRate: rate, bitrate: 64)!
        var position = 0, starts: [Int] = []
        for (index, key) in keys.enumerated() {
            let silence = index == 0 ? leadIn : pause
            let length = telling ? lengths[key] ?? second : nil
            position += silence + aligner.extraSilence(before: index, startingAt: position + silence, length: length)
            starts.append(position)
            position += lengths[key] ?? second
            aligner.spoke(index, start: starts[index], end: position)
        }
        return (aligner.change(total: position + tail), starts, aligner.added, aligner.unit)
    }

    @Test func anEditedSegmentMovesWhatFollowsByWholePaddingCycles() throws {
        let keys = ["k0", "k1", "k2", "k3", "k4", "new", "k6", "k7", "k8", "k9"]
        let (change, starts, added, unit) = Self.assemble(keys, lengths: ["new": 33075])
        let plan = try #require(change)
        #expect(unit == 28224)
        let old = Self.previous().segments.map { Int(($0.start * Double(Self.rate)).rounded()) }
        // Before the edit, as it was; k6 and k7 share the lengthening; from k7 on, shifted whole.
        #expect(Array(starts[..<6]) == Array(old[..<6]))
        #expect(plan.from == old[4] + Self.second)
        #expect(plan.to == starts[7])
        #expect(plan.shift % unit == 0 && plan.shift > 0)
        #expect((7..<10).allSatisfy { starts[$0] - old[$0] == plan.shift })
        #expect(added > 0 && added < unit && added == plan.shift - (33075 - Self.second))
        #expect(starts[7] - starts[6] > Self.second + Self.pause)
    }

    /// Told the edited segment's length, the aligner lengthens the pauses either side of it, and
    /// the segment after it is already in place: the change ends where that segment starts.
    @Test func aLoneEditSharesTheLengtheningWithThePauseBeforeIt() throws {
        let keys = ["k0", "k1", "k2", "k3", "k4", "new", "k6", "k7", "k8", "k9"]
        let (change, starts, added, unit) = Self.assemble(keys, lengths: ["new": 33075], telling: true)
        let plan = try #require(change)
        let old = Self.previous().segments.map { Int(($0.start * Double(Self.rate)).rounded()) }
        let before = starts[5] - old[5], after = starts[6] - (starts[5] + 33075 + Self.pause)
        #expect(before > 0 && before <= unit / 2 && after >= 0 && after <= unit / 2 + 1)
        #expect(added == before + after && plan.to == starts[6] && plan.shift % unit == 0)
        #expect((6..<10).allSatisfy { starts[$0] - old[$0] == plan.shift })
        // Two edited segments: the length is not enough to place what follows; the pauses after
        // the edit are lengthened, as before.
        let two = Self.assemble(["k0", "k1", "k2", "k3", "new", "newer", "k6", "k7", "k8", "k9"], lengths: ["new": 30000], telling: true)
        #expect(try #require(two.change).to == two.starts[7] && two.starts[4] == old[4])
    }

    @Test func aShorterSegmentAndAnEditAtEitherEnd() throws {
        // Half a second shorter: the pauses only ever lengthen, here by that half second, so
        // the rest stays where it was.
        let shorter = Self.assemble(["k0", "k1", "new", "k3", "k4", "k5", "k6", "k7", "k8", "k9"], lengths: ["new": 11025])
        #expect(shorter.change?.shift == 0 && shorter.added == 11025)
        // At the start: the change begins at the first sample.
        #expect(try #require(Self.assemble(["new"] + (1..<10).map { "k\($0)" }).change).from == 0)
        // At the end: nothing to copy after it, nothing lengthened.
        let end = Self.assemble((0..<9).map { "k\($0)" } + ["new"], lengths: ["new": 30000])
        #expect(end.change?.to == nil && end.change?.shift == 0 && end.added == 0)
        // Next to the end: the last segment moves by whole cycles and is copied.
        let last = Self.assemble((0..<8).map { "k\($0)" } + ["new", "k9"], lengths: ["new": 30000])
        #expect(try #require(last.change).to == last.starts[9] && last.added > 0)
    }

    @Test func aFLACAloneMovesByWholeBlocks() throws {
        let keys = ["k0", "k1", "k2", "k3", "k4", "new", "k6", "k7", "k8", "k9"]
        let (change, _, added, unit) = Self.assemble(keys, lengths: ["new": 33075], format: "flac")
        #expect(unit == FLACWriter.blockSize && added < unit)
        #expect(try #require(change).shift % FLACWriter.blockSize == 0)
    }

    @Test func noSpliceWhenTheUnchangedAudioMoved() {
        // A longer lead-in moves every segment: the revisions no longer agree before the edit.
        let keys = ["k0", "k1", "k2", "k3", "k4", "new", "k6", "k7", "k8", "k9"]
        #expect(Self.assemble(keys, leadIn: Self.leadIn + 100).change == nil)
    }
}
