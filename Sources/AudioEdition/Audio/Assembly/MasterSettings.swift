import Foundation

/// How an episode, an article's or a briefing's, is mastered: its loudness, its true-peak
/// ceiling and its MP3 bitrate.
public struct MasterSettings: Codable, Sendable, Equatable {
    /// Integrated loudness target in LUFS, measured as dual mono: −16 for podcast apps
    /// (a stereo listen), −23 for EBU R 128 broadcast.
    public var loudness: Double
    /// Highest true peak allowed, in dBTP.
    public var truePeak: Double
    /// MP3 bitrate in kbps, constant, mono.
    public var mp3Bitrate: Int

    /// What a flag or a request may ask for: loudness in LUFS, true peak in dBTP, and MPEG-1
    /// Layer III's bitrates in kbps (MP3 is mastered at 44.1 kHz).
    public static let loudnessRange = -40.0 ... -5.0
    public static let truePeakRange = -9.0 ... 0.0
    public static let mp3Bitrates = Array(MP3Frame.mpeg1Bitrates.dropFirst())

    public init(loudness: Double = -16, truePeak: Double = -1, mp3Bitrate: Int = 64) {
        self.loudness = loudness
        self.truePeak = truePeak
        self.mp3Bitrate = mp3Bitrate
    }
}
