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
    /// The last revision's MP3, and the SHA-256 it must still have (checked as it is read).
    var previous: URL
    var sha256: String
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
    /// the change is more than `Mastering.spliceShare` of the episode, which is faster encoded whole.
    init?(previous: URL, sha256: String, changedFrom: Int, changedTo: Int?, shift: Int, total: Int, voiceRate: Int, mp3Rate: Int, bitrate: Int) {
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
        self.sha256 = sha256
        guard to - self.shift >= from, Mastering.splices(to - from, of: frames) else { return nil }
    }
}

/// A splice cannot be made from the last revision's file: it changed since it was made, it
/// cannot be read as the splice expects, or the splice did not come out as long as it must.
/// The revision is then encoded whole.
struct SpliceUnavailable: Error, CustomStringConvertible {
    var path: String
    var problem: String
    var description: String { "\(path): \(problem); not spliced" }
}
