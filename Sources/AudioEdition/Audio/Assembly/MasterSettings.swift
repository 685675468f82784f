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

    public init(loudness: Double = -16, truePeak: Double = -1, mp3Bitrate: Int = 64) {
        self.loudness = loudness
        self.truePeak = truePeak
        self.mp3Bitrate = mp3Bitrate
    }
}
