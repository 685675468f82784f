import Foundation

/// Measurements of a 16-bit sound file, read in fixed-size chunks.
public struct AudioStats: Sendable, Equatable {
    public var frames: Int
    public var sampleRate: Int
    public var channels: Int
    /// Root mean square level in dBFS (-inf for digital silence).
    public var rmsDBFS: Double
    public var peak: Int
    /// Frames of near-silence (|x| <= threshold) at the start and at the end.
    public var leadingSilence: Int
    public var trailingSilence: Int

    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }

    public static func measure(_ url: URL, silenceThreshold: Int16 = 32) throws -> AudioStats {
        let file = try SoundFile(readingFrom: url)
        var sumSquares = 0.0, peak = 0, count = 0
        var firstLoud: Int?, lastLoud: Int?
        while true {
            let samples = try file.read(maxFrames: 65536)
            if samples.isEmpty { break }
            for (i, sample) in samples.enumerated() {
                let value = Int(sample)
                sumSquares += Double(value * value)
                peak = max(peak, abs(value))
                if abs(value) > Int(silenceThreshold) {
                    if firstLoud == nil { firstLoud = count + i }
                    lastLoud = count + i
                }
            }
            count += samples.count
        }
        let channels = max(file.info.channels, 1)
        let rms = count > 0 ? (sumSquares / Double(count)).squareRoot() / 32768 : 0
        return AudioStats(
            frames: count / channels,
            sampleRate: file.info.sampleRate,
            channels: file.info.channels,
            rmsDBFS: rms > 0 ? 20 * log10(rms) : -.infinity,
            peak: peak,
            leadingSilence: (firstLoud ?? count) / channels,
            trailingSilence: (count - 1 - (lastLoud ?? -1)) / channels
        )
    }
}
