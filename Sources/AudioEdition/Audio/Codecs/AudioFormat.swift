import Foundation

/// An audio container and codec that the project writes through libsndfile.
public enum AudioFormat: String, Codable, Sendable, CaseIterable {
    case wav
    case flac
    /// MPEG layer III, constant bitrate, mono: written by LAME (`MP3Writer`), read by libsndfile.
    case mp3
    /// Opus in Ogg: written by libopusenc (`OpusFile`), with tags and chapters; read by libsndfile.
    case opus

    public var fileExtension: String { rawValue }

    public var mimeType: String {
        switch self {
        case .wav: "audio/wav"
        case .flac: "audio/flac"
        case .mp3: "audio/mpeg"
        case .opus: "audio/ogg"
        }
    }

    /// The sample rate a master in this format is made at; nil keeps the voice's rate.
    public var masterRate: Int? {
        switch self {
        case .wav, .flac: nil
        case .mp3: 44100
        case .opus: 48000
        }
    }
}
