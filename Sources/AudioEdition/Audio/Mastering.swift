import Foundation

/// How a briefing is mastered.
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

/// What mastering measured.
public struct MasterReport: Codable, Sendable, Equatable {
    /// Loudness of the assembled episode before mastering, LUFS.
    public var inputLoudness: Double
    /// The one gain applied, in dB.
    public var gain: Double
    /// Loudness and true peak of the master as delivered (the MP3's chain when there is one).
    public var loudness: Double
    public var truePeak: Double
}

/// Masters an assembled episode once, over the whole of it: one measured gain to the
/// loudness target, a lookahead limiter under the true-peak ceiling, resampling with
/// libsoxr to each podcast format's rate (44.1 kHz MP3, 48 kHz Opus; WAV and FLAC keep
/// the voice's rate), and encoding. Streamed passes over the source (measure; measure
/// again through the limiter, to make up what it takes; master); memory does not grow with
/// its length.
public enum Mastering {
    /// Sample-peak ceiling below the true-peak limit: room for the peaks between samples
    /// and for what MP3 encoding adds.
    static let peakMargin = 1.0

    public static func master(source: URL, outputs: [(format: AudioFormat, url: URL)], tags: AudioTags,
                              chapters: [ID3Tag.Chapter], settings: MasterSettings) throws -> MasterReport {
        // Pass 1: loudness of the whole episode.
        let input = try SoundFile(readingFrom: source)
        guard input.info.channels == 1 else {
            throw OutputError(path: source.path, problem: "has \(input.info.channels) channels; mastering takes the mono episode the assembler writes")
        }
        let rate = input.info.sampleRate
        let meter = try LoudnessMeter(sampleRate: rate, truePeak: false)
        while case let chunk = try input.read(maxFrames: 1 << 16), !chunk.isEmpty {
            try meter.add(chunk.map { Float($0) / 32768 })
        }
        let measured = try meter.integrated()
        var gainDB = measured.isFinite ? settings.loudness - measured : 0

        // Pass 1b: the limiter takes a little loudness off the peaks; measure how much at
        // that gain, and make it up, so the master lands on the target, not under it.
        if measured.isFinite {
            let trial = try SoundFile(readingFrom: source)
            let limiter = Limiter(sampleRate: rate, ceilingDB: settings.truePeak - peakMargin)
            let limited = try LoudnessMeter(sampleRate: rate, truePeak: false)
            let scale = Float(pow(10, gainDB / 20))
            while case let chunk = try trial.read(maxFrames: 1 << 16), !chunk.isEmpty {
                try limited.add(limiter.process(chunk.map { Float($0) / 32768 * scale }))
            }
            try limited.add(limiter.flush())
            let after = try limited.integrated()
            if after.isFinite { gainDB += min(2, max(0, settings.loudness - after)) }
        }
        let gain = Float(pow(10, gainDB / 20))

        // Pass 2: gain, then per output rate: resample, limit, measure, encode.
        final class Chain {
            let rate: Int
            let resampler: Resampler?
            let limiter: Limiter
            let meter: LoudnessMeter
            var files: [(AudioFormat, URL, any MasterSink)] = []
            init(rate: Int, from source: Int, ceiling: Double) throws {
                self.rate = rate
                resampler = rate == source ? nil : try Resampler(from: source, to: rate)
                limiter = Limiter(sampleRate: rate, ceilingDB: ceiling)
                meter = try LoudnessMeter(sampleRate: rate)
            }
            func push(_ samples: [Float], final: Bool) throws {
                var audio = try resampler?.process(samples, final: final) ?? samples
                audio = limiter.process(audio)
                if final { audio += limiter.flush() }
                try meter.add(audio)
                let pcm = audio.map { Int16(clamping: Int(($0 * 32767).rounded())) }
                for (_, _, file) in files { try file.write(pcm) }
            }
        }
        var chains: [Chain] = []
        for (format, url) in outputs {
            let target = format.masterRate ?? rate
            let chain = try chains.first { $0.rate == target } ?? {
                let made = try Chain(rate: target, from: rate, ceiling: settings.truePeak - peakMargin)
                chains.append(made)
                return made
            }()
            // libsndfile cannot write Opus comments beyond a few tags, nor chapters at all.
            let file: any MasterSink = format == .opus
                ? try OpusFile(writingTo: url, sampleRate: target, tags: tags, chapters: chapters)
                : try SoundFile(writingTo: url, format: format, sampleRate: target, tags: tags, bitrate: settings.mp3Bitrate)
            chain.files.append((format, url, file))
        }
        let again = try SoundFile(readingFrom: source)
        while case let chunk = try again.read(maxFrames: 1 << 16), !chunk.isEmpty {
            let scaled = chunk.map { Float($0) / 32768 * gain }
            for chain in chains { try chain.push(scaled, final: false) }
        }
        for chain in chains {
            try chain.push([], final: true)
            for (format, url, file) in chain.files {
                _ = try file.close()
                if format == .mp3 { try ID3Tag(tags: tags, chapters: chapters).prepend(to: url) }
            }
        }
        let delivered = chains.first { $0.rate == AudioFormat.mp3.masterRate } ?? chains.first
        return MasterReport(inputLoudness: measured, gain: gainDB,
                            loudness: try delivered?.meter.integrated() ?? measured,
                            truePeak: try delivered?.meter.truePeak() ?? 0)
    }
}

/// Where mastered PCM goes: libsndfile for WAV, FLAC and MP3, libopusenc for Opus.
protocol MasterSink: AnyObject {
    func write(_ samples: [Int16]) throws
    @discardableResult func close() throws -> Int
}

extension SoundFile: MasterSink {}
extension OpusFile: MasterSink {}
