import Foundation

/// How an edited episode's MP3 is made from its last revision's: the frames around the edit
/// are encoded again, and the rest are copied byte for byte (`MP3Writer`).
///
/// It is exact because nothing upstream cares where audio sits in the stream: the limiter
/// comes to rest in every pause, the rate doubler is a fixed FIR, and the assembler lengthens
/// the pauses after an edit (`SpliceAligner`) so the audio after it moves by whole cycles of
/// CBR's frame padding (49 frames at 44.1 kHz and 64 kbps). A LAME encoder given the same
/// audio with the same padding makes the same frames once it has seen a cycle of it (the
/// pre-roll `MP3Writer`'s chunks rely on), so the copied frames are the frames a full encode
/// would make.
struct MP3Splice: Sendable, Equatable {
    /// The last revision's MP3.
    var previous: URL
    /// New frames `from..<to` are encoded; those before are the last revision's, and those from
    /// `to` on are its frames from `to - shift` on.
    var from: Int
    var to: Int
    var shift: Int

    /// Frames on either side of the changed audio that are encoded again, beyond what LAME's
    /// delay and the mastering filters reach.
    static let margin = 2

    /// The revisions agree before voice-rate sample `changedFrom`, and from `changedTo` on the
    /// new one is the old delayed by `shift` samples (`nil`: the change runs to the end). Nil
    /// when the MP3 is not at twice the voice's rate, the shift is not whole padding cycles, or
    /// the change is more than a quarter of the episode, which is faster encoded whole.
    init?(previous: URL, changedFrom: Int, changedTo: Int?, shift: Int, total: Int, voiceRate: Int, mp3Rate: Int, bitrate: Int) {
        let spf = LameEncoder.samplesPerFrame
        let cycle = MP3Frame.paddingCycle(sampleRate: mp3Rate, bitrate: bitrate)
        guard mp3Rate == 2 * voiceRate, (2 * shift) % (cycle * spf) == 0 else { return nil }
        let frames = (2 * total + spf - 1) / spf
        // An encoder pads its frames by its own count: it starts on a whole cycle, as a single
        // encoder's cycles fall (`MP3Writer` starts it a whole number of cycles earlier).
        from = max(0, 2 * changedFrom / spf - Self.margin) / cycle * cycle
        // The frames after the change need a padding cycle of unchanged audio before them.
        to = changedTo.map { min(frames, (2 * $0 + spf - 1) / spf + cycle + Self.margin) } ?? frames
        self.shift = 2 * shift / spf
        self.previous = previous
        guard to - self.shift >= from, (to - from) * 4 <= frames else { return nil }
    }
}

/// Keeps the audio after an edit on its last revision's MP3 frame grid (or, for a FLAC alone,
/// its block grid). Comparing segment keys,
/// it finds the segments the edit left in place at the start and the end; the pauses before the
/// first two of those at the end are lengthened, together by under one padding cycle (1.28 s
/// at 64 kbps: 0.64 s a pause at most, 0.32 s on average), so the rest of the episode moves by
/// whole cycles. It checks what was assembled against the last revision's segment times, so a
/// splice is planned only when the two really agree.
final class SpliceAligner {
    /// Voice-rate samples in a padding cycle of the MP3.
    let unit: Int
    private let old: [(start: Int, end: Int)]
    private let oldTotal: Int
    private let prefix: Int
    private let suffix: Int
    private let count: Int
    /// Pauses that share the lengthening.
    private let spread: Int
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
        spread = suffix >= 2 ? min(2, suffix - 1) : 0
    }

    private var firstSuffix: Int { count - suffix }

    /// Silence to add before segment `index`, which would start at sample `start`.
    func extraSilence(before index: Int, startingAt start: Int) -> Int {
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
        if index == firstSuffix + spread - 1 { changedTo = end }
        if index >= firstSuffix + spread {
            let was = old[old.count - (count - index)]
            let moved = start - was.start
            if end - start != was.end - was.start || shift.map({ $0 != moved }) == true || moved % unit != 0 { agrees = false }
            shift = moved
        }
    }

    /// Where the episode of `total` samples changed, if it agrees with the last revision
    /// everywhere else.
    func change(total: Int) -> (from: Int, to: Int?, shift: Int)? {
        guard agrees else { return nil }
        let from = prefix == 0 ? 0 : old[prefix - 1].end
        guard suffix > spread, let changedTo, let shift else { return (from, nil, 0) }
        guard total - oldTotal == shift else { return nil }
        return (from, changedTo, shift)
    }
}
