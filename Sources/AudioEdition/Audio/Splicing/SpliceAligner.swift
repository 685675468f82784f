import Foundation

/// Keeps the audio after an edit on its last revision's MP3 frame grid (or, for a FLAC alone,
/// its block grid). Comparing segment keys, it finds the segments the edit left in place at the
/// start and the end, and lengthens two pauses, together by under one padding cycle (1.28 s at
/// 64 kbps: 0.64 s a pause at most, 0.32 s on average), so the rest of the episode moves by
/// whole cycles. A lone edited segment has the pauses either side of it lengthened, the share
/// after it predicted from the last revision's pause there, so the segment after it is already
/// in place; otherwise the pauses before the first two unchanged segments after the edit are.
/// It checks what was assembled against the last revision's segment times, so a splice is
/// planned only when the two really agree.
final class SpliceAligner {
    /// Voice-rate samples in a padding cycle of the MP3.
    let unit: Int
    private let old: [(start: Int, end: Int)]
    private let oldTotal: Int
    private let prefix: Int
    private let suffix: Int
    private let count: Int
    /// Pauses in the suffix that share the lengthening.
    private var spread: Int
    private var remaining = 0
    private var shift: Int?
    private var changedTo: Int?
    private var agrees = true
    /// Silence added, in samples.
    private(set) var added = 0

    init?(previous: Manifest.Episode, keys: [String], sampleRate: Int, bitrate: Int) {
        let formats = Set(previous.files.map(\.format))
        guard let duration = previous.files.first?.duration else { return nil }
        // The MP3's padding cycle, a whole number of FLAC blocks; for a FLAC alone, a block.
        if formats.contains(AudioFormat.mp3.rawValue) {
            unit = MP3Frame.paddingCycle(sampleRate: 2 * sampleRate, bitrate: bitrate) * LameEncoder.samplesPerFrame / 2
        } else if formats.contains(AudioFormat.flac.rawValue) {
            unit = FLACWriter.blockSize
        } else {
            return nil
        }
        let rate = Double(sampleRate)
        old = previous.segments.map { (Int(($0.start * rate).rounded()), Int(($0.end * rate).rounded())) }
        oldTotal = Int((duration * rate).rounded())
        let oldKeys = previous.segments.map(\.key)
        let shorter = min(oldKeys.count, keys.count)
        prefix = zip(oldKeys, keys).prefix { $0 == $1 }.count
        suffix = zip(oldKeys.reversed(), keys.reversed()).prefix { $0 == $1 }.prefix(shorter - prefix).count
        count = keys.count
        spread = min(2, suffix)
    }

    private var firstSuffix: Int { count - suffix }

    /// The first segment at its final place: from its start on, the audio is the last
    /// revision's moved by the whole shift.
    private var settled: Int? { suffix > 0 ? firstSuffix + spread - 1 : nil }

    /// Segments before this one are the last revision's, in place.
    var unchangedBefore: Int { prefix }

    /// The segment after the first one at its final place; nil when there is none.
    var settledFrom: Int? { settled.flatMap { $0 + 1 < count ? $0 + 1 : nil } }

    /// Silence to add before segment `index`, which would start at sample `start` and, when
    /// known, sound for `length` samples.
    func extraSilence(before index: Int, startingAt start: Int, length: Int? = nil) -> Int {
        if index == prefix, prefix > 0, suffix > 0, firstSuffix == prefix + 1, old.count - suffix - prefix == 1, let length {
            // A lone edited segment: half the lengthening before it, the rest after it, where
            // the last revision's pause is expected.
            let next = old[old.count - suffix], pauseAfter = next.start - old[prefix].end
            let needed = ((next.start - (start + length + pauseAfter)) % unit + unit) % unit
            spread = 1
            added += needed / 2
            return needed / 2
        }
        if index == firstSuffix, suffix > 0 {
            remaining = ((old[old.count - suffix].start - start) % unit + unit) % unit
        }
        guard index >= firstSuffix, index < firstSuffix + spread else { return 0 }
        let share = remaining / (firstSuffix + spread - index)
        remaining -= share
        added += share
        return share
    }

    /// Segment `index` was assembled from `start` to `end`.
    func spoke(_ index: Int, start: Int, end: Int) {
        if index < prefix, old[index] != (start, end) { agrees = false }
        guard let settled, index >= settled else { return }
        if index == settled { changedTo = start }
        let was = old[old.count - (count - index)]
        let moved = start - was.start
        if end - start != was.end - was.start || shift.map({ $0 != moved }) == true || moved % unit != 0 { agrees = false }
        shift = moved
    }

    /// Where the episode of `total` samples changed, if it agrees with the last revision
    /// everywhere else.
    func change(total: Int) -> (from: Int, to: Int?, shift: Int)? {
        guard agrees else { return nil }
        let from = prefix == 0 ? 0 : old[prefix - 1].end
        guard let changedTo, let shift else { return (from, nil, 0) }
        guard total - oldTotal == shift else { return nil }
        return (from, changedTo, shift)
    }
}
