import Foundation
import Synchronization

/// What mastering measured.
public struct MasterReport: Codable, Sendable, Equatable {
    /// Loudness of the assembled episode before mastering, LUFS.
    public var inputLoudness: Double
    /// The one gain applied, in dB.
    public var gain: Double
    /// Loudness and true peak of the master, limited, at the voice's rate: what every format
    /// is made from.
    public var loudness: Double
    public var truePeak: Double
}

/// Masters an assembled episode once, over the whole of it: one measured gain to the
/// loudness target, a lookahead limiter under the true-peak ceiling, resampling with
/// libsoxr to each podcast format's rate (44.1 kHz MP3, 48 kHz Opus; WAV and FLAC keep
/// the voice's rate), and encoding. The limiter and the meter run once, at the voice's
/// rate, and every format is made from the same limited audio. Streamed passes over the
/// source (measure, unless the assembler measured it as it wrote; measure again through the
/// limiter, to make up what it takes; master); memory does not grow with its length.
public enum Mastering {
    /// The limiter's (true-peak) ceiling below the limit: room for what resampling and MP3
    /// encoding add.
    static let peakMargin = 1.0

    /// A new revision whose loudness moved less than this (LU) keeps the previous gain, so
    /// the audio its edit did not touch is mastered exactly as before.
    public static let gainTolerance = 0.5

    /// The most of an episode a splice encodes again; past it, the episode is encoded whole
    /// (on every core), which is then about as quick.
    static let spliceShare = 0.5

    /// Whether a splice that encodes `count` of an episode's `total` frames (or blocks) pays.
    static func splices(_ count: Int, of total: Int) -> Bool {
        Double(count) <= spliceShare * Double(total)
    }

    /// How the audio is made, as far as splicing is concerned: 3 is the true-peak limiter
    /// that rests in pauses, the half-band rate doubler and libFLAC's 4,032-sample blocks (2
    /// limited sample peaks). Files of another layout are not spliced from.
    public static let layout = 3

    /// `EDITION_SPLICE=off` encodes every revision whole (its pauses still aligned): the
    /// benchmark's baseline, and a way round a splice should one ever be suspect.
    public static let splicing = ProcessInfo.processInfo.environment["EDITION_SPLICE"] != "off"

    /// `loudness` is the source's integrated loudness when it is already known; `previous`
    /// what mastering the episode's last revision reported, at the same settings.
    public static func master(source: URL, outputs: [(format: AudioFormat, url: URL)], tags: AudioTags,
                              chapters: [ID3Tag.Chapter], settings: MasterSettings, loudness: Double? = nil,
                              previous: MasterReport? = nil) throws -> MasterReport {
        try master(source: source, outputs: outputs, tags: tags, chapters: chapters, settings: settings, loudness: loudness,
                   previous: previous, splices: Splices()).report
    }

    /// How the MP3 and the FLAC may be made from the last revision's files.
    struct Splices {
        var mp3: MP3Splice?
        var flac: FLACSplice?
    }

    /// What mastering made: the report, what each splice encoded and copied (in frames), the
    /// master's levels, and each output's SHA-256 (in the order of `outputs`).
    typealias Mastered = (report: MasterReport, spliced: [(format: AudioFormat, encoded: Int, copied: Int)], levels: Levels?,
                          sha256: [String])

    /// Where an edited episode agrees with its last revision: before source sample
    /// `changedFrom`, and from `changedTo` on (nil: nowhere), moved by `shift` samples. With the
    /// last revision's master `levels`, the edit's master is measured where it changed.
    struct Region {
        var levels: Levels
        var changedFrom: Int
        var changedTo: Int?
        var shift: Int
    }

    /// As above; `splices` says how files may be made from the last revision's, which they
    /// are when the gain is kept. What each splice encoded and copied (in frames) is returned
    /// with the report, and the master's levels (`Levels`).
    ///
    /// When every file is spliced and `region` is given, only the audio around the splices is
    /// read, limited, measured and encoded: from a pause before them (where the limiter rests,
    /// so a fresh one limits as the whole stream's would) to past their end. The master's
    /// levels elsewhere are the last revision's.
    static func master(source: URL, outputs: [(format: AudioFormat, url: URL)], tags: AudioTags,
                       chapters: [ID3Tag.Chapter], settings: MasterSettings, loudness: Double?,
                       previous: MasterReport?, splices: Splices, region: Region? = nil) throws
        -> Mastered {
        let input = try SoundFile(readingFrom: source)
        guard input.info.channels == 1 else {
            throw OutputError(path: source.path, problem: "has \(input.info.channels) channels; mastering takes the mono episode the assembler writes")
        }
        let rate = input.info.sampleRate
        let ceiling = settings.truePeak - peakMargin
        // Pass 1: loudness of the whole episode.
        let measured = try loudness ?? LevelMeter.measuring(source).integrated()
        var gainDB = measured.isFinite ? settings.loudness - measured : 0
        let keeps = previous.map { measured.isFinite && abs($0.inputLoudness - measured) < gainTolerance } ?? false
        if keeps, let previous { gainDB = previous.gain }

        // Pass 1b: the limiter takes a little loudness off the peaks; measure how much at
        // that gain, and make it up, so the master lands on the target, not under it.
        if measured.isFinite, !keeps {
            let trial = try SoundFile(readingFrom: source)
            let limiter = Limiter(sampleRate: rate, ceilingDB: ceiling)
            let limited = try LevelMeter(sampleRate: rate, truePeak: false)
            let metering = BackgroundStage<[Float]>("trial-meter") { try limited.add($0) }
            let scale = Float(pow(10, gainDB / 20))
            while case let chunk = try trial.read(maxFrames: 1 << 16), !chunk.isEmpty {
                try metering.send(limiter.process(Self.floats(chunk, scale: scale)))
            }
            try metering.send(limiter.flush())
            try metering.finish()
            let after = try limited.integrated()
            if after.isFinite { gainDB += min(2, max(0, settings.loudness - after)) }
        }
        let gain = Float(pow(10, gainDB / 20))

        // Pass 2: gain, limit and measure at the source's rate; then per output rate,
        // resample and encode (`Chain`).
        var chains: [Int: Chain] = [:]
        var splicing: [(format: AudioFormat, file: any SplicingSink)] = []
        var files: [any MasterSink] = []
        for (format, url) in outputs {
            let target = format.masterRate ?? rate
            let chain = try chains[target] ?? Chain(rate: target, from: rate)
            chains[target] = chain
            let file: any MasterSink = switch format {
            // libsndfile cannot write Opus comments beyond a few tags, nor chapters at all,
            // and gives LAME Latin-1 tags and its own quality.
            case .opus: try OpusFile(writingTo: url, sampleRate: target, tags: tags, chapters: chapters)
            case .mp3:
                try MP3Writer(writingTo: url, sampleRate: target, bitrate: settings.mp3Bitrate,
                              id3: ID3Tag(tags: tags, chapters: chapters).encoded(), splice: keeps ? splices.mp3 : nil)
            case .flac: try FLACWriter(writingTo: url, sampleRate: target, tags: tags, splice: keeps ? splices.flac : nil)
            case .wav: try SoundFile(writingTo: url, format: format, sampleRate: target, tags: tags)
            }
            chain.files.append(file)
            files.append(file)
            if let file = file as? any SplicingSink, file.spliceWindow != nil { splicing.append((format, file)) }
        }
        for (format, file) in splicing {
            guard let window = file.spliceWindow, let chain = chains[format.masterRate ?? rate], chain.files.count == 1,
                  chain.resampler == nil else { continue }
            // The FIR reaches `pairs` samples either way: a margin past that keeps the window's
            // edges out of what the writer encodes.
            let margin = 2 * HalfBandInterpolator.pairs
            chain.splicing = chain.doubler == nil ? (file, window)
                : (file, max(0, window.lowerBound / 2 - margin)..<(window.upperBound / 2 + margin))
        }
        let total = input.info.frames
        // The limiter runs here; the meter and each rate's chain on threads of their own
        // (and MP3's chunks on every core), so the pass is as long as its slowest step.
        let limiter = Limiter(sampleRate: rate, ceilingDB: ceiling)
        let span = try keeps ? region.flatMap { try Self.span(of: $0, chains: Array(chains.values), files: outputs.count, total: total,
                                                            source: source, rate: rate, rest: limiter.restLength) } : nil
        let start = span?.lowerBound ?? 0
        let cell = Levels.cell(sampleRate: rate) ?? 1
        let meterStart = start / cell * cell
        // A meter joining the stream late warms up first: its first cells are the last revision's.
        let meter = try LevelMeter(sampleRate: rate, truePeak: true, untrusted: start == 0 ? 0 : LevelMeter.warmCells + 1)
        try meter.add([Float](repeating: 0, count: start - meterStart))
        // With a span, the splicing files count the source samples outside it without their audio.
        func skipOutsideSpan(_ samples: Int) {
            guard span != nil else { return }
            for chain in chains.values {
                for case let file as any SplicingSink in chain.files { file.skip(samples * chain.rate / rate) }
            }
        }
        skipOutsideSpan(start)
        for chain in chains.values { chain.position = start }
        let stages = [BackgroundStage<(audio: [Float], final: Bool)>("meter") { try meter.add($0.audio) }]
            + chains.sorted { $0.key < $1.key }.map { _, chain in
                BackgroundStage<(audio: [Float], final: Bool)>("master-\(chain.rate)") { try chain.push($0.audio, final: $0.final) }
            }
        let again = try SoundFile(readingFrom: source)
        if start > 0 { try again.seek(toFrame: start) }
        // Limited audio comes out `latency` samples after it goes in: read that much past the span.
        let inputEnd = span.map { min(total, $0.upperBound + limiter.latency) } ?? Int.max
        var read = start
        while read < inputEnd, case let chunk = try again.read(maxFrames: min(1 << 16, inputEnd - read)), !chunk.isEmpty {
            read += chunk.count
            let audio = limiter.process(Self.floats(chunk, scale: gain))
            for stage in stages { try stage.send((audio, false)) }
        }
        let flushed = span == nil || read >= total
        let tail = flushed ? limiter.flush() : []
        for stage in stages { try stage.send((tail, true)) }
        for stage in stages { try stage.finish() }
        let end = flushed ? read : read - limiter.latency
        skipOutsideSpan(total - end)
        // Each file finishes on a thread of its own, and is hashed there: a splice's copying,
        // LAME's last chunks and libFLAC's last frames at once.
        let digests = Mutex([String](repeating: "", count: files.count))
        let closing = zip(files, outputs).enumerated().map { index, pair in
            BackgroundStage<Bool>("close") { _ in
                _ = try pair.0.close()
                let digest = try SHA256.hex(fileAt: pair.1.url)
                digests.withLock { $0[index] = digest }
            }
        }
        for stage in closing { try stage.send(true) }
        var failure: (any Error)?
        for stage in closing {
            do { try stage.finish() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }

        var levels = try meter.levels()
        if let measuredPart = levels, let measuredPeak = measuredPart.peak, let region, span != nil {
            // The span's cells in place among the episode's, the rest the last revision's. Peaks
            // within the interpolator's reach of a span's end that is not the stream's are not
            // trusted either.
            let before = meterStart / cell, peaks = (total + cell - 1) / cell
            let trusted = end == total ? peaks : max(0, (end - TruePeakMeter.reach) / cell - before)
            let whole = Levels(sampleRate: rate, cell: cell,
                               energy: try CellTrack.placing(measuredPart.energy, at: before, count: total / cell),
                               peak: try CellTrack.placing(measuredPeak, at: before, limit: trusted, count: peaks))
            levels = try whole.filled(from: region.levels, before: region.changedFrom, after: region.changedTo ?? total, shift: region.shift)
            // Should the cells not fit, measure the whole master once more.
            if levels == nil { levels = try Self.measure(source: source, gain: gain, ceiling: ceiling) }
        }
        let report = MasterReport(inputLoudness: measured, gain: gainDB, loudness: try levels?.integrated() ?? meter.integrated(),
                                  truePeak: try levels?.truePeak() ?? meter.truePeak())
        return (report, splicing.compactMap { format, file in file.spliced.map { (format, $0.encoded, $0.copied) } }, levels,
                digests.withLock { $0 })
    }

    /// The source samples to master when only the splices' windows need audio: from a pause
    /// at least the limiter's rest long, at or before every window and far enough before the
    /// change to warm the meter's filter, to past every window and the change. Nil unless every
    /// file is a splice.
    private static func span(of region: Region, chains: [Chain], files: Int, total: Int, source: URL, rate: Int,
                             rest: Int) throws -> Range<Int>? {
        let windows = chains.compactMap { $0.splicing?.window }
        guard let cell = Levels.cell(sampleRate: rate), region.levels.cell == cell, region.shift % cell == 0,
              chains.reduce(0, { $0 + $1.files.count }) == files, windows.count == chains.count,
              let lower = windows.map(\.lowerBound).min(), let upper = windows.map(\.upperBound).max() else { return nil }
        let first = min(lower, region.changedFrom - (LevelMeter.warmCells + 2) * cell)
        let last = min(total, max(upper, (region.changedTo ?? total) + 2 * cell))
        guard first > 0 else { return 0..<last }
        // The latest run of `rest` zeros that starts at or before `first`, in the 20 s before it;
        // failing that, the stream's start.
        let from = max(0, first - 20 * rate)
        let file = try SoundFile(readingFrom: source)
        try file.seek(toFrame: from)
        var run = 0, pause = 0
        for (i, sample) in try file.read(maxFrames: first + rest - from).enumerated() {
            run = sample == 0 ? run + 1 : 0
            if run >= rest, from + i - rest + 1 <= first { pause = from + i - rest + 1 }
        }
        return pause..<last
    }

    /// The levels of the whole master, read once more: when a span's cannot be joined to the
    /// last revision's.
    private static func measure(source: URL, gain: Float, ceiling: Double) throws -> Levels? {
        let input = try SoundFile(readingFrom: source)
        let limiter = Limiter(sampleRate: input.info.sampleRate, ceilingDB: ceiling)
        let meter = try LevelMeter(sampleRate: input.info.sampleRate, truePeak: true)
        while case let chunk = try input.read(maxFrames: 1 << 16), !chunk.isEmpty {
            try meter.add(limiter.process(Self.floats(chunk, scale: gain)))
        }
        try meter.add(limiter.flush())
        return try meter.levels()
    }

    /// One output rate's resampling and files, fed the limited audio.
    final class Chain {
        let rate: Int
        let resampler: Resampler?
        /// Doubling the rate (speech to MP3) is exact under shifts, which splicing needs.
        let doubler: HalfBandInterpolator?
        var files: [any MasterSink] = []
        init(rate: Int, from source: Int) throws {
            self.rate = rate
            doubler = rate == 2 * source ? HalfBandInterpolator() : nil
            resampler = rate == source || doubler != nil ? nil : try Resampler(from: source, to: rate)
        }
        /// A splice's file alone at this rate: only the audio in `window` (source samples)
        /// is made (doubled in rate, which the FIR's finite reach keeps exact); the rest
        /// is counted.
        var splicing: (file: any SplicingSink, window: Range<Int>)?
        /// The source sample the next push starts at.
        var position = 0
        func push(_ samples: [Float], final: Bool) throws {
            if let (file, window) = splicing {
                let start = position, factor = doubler == nil ? 1 : 2
                position += samples.count
                let part = window.overlap(start: start, count: samples.count)
                let (lower, upper) = (part.lowerBound, part.upperBound)
                file.skip(factor * lower)
                if let doubler, lower < upper || (final && start < window.upperBound) {
                    let audio = doubler.process(Array(samples[lower..<upper]), final: final || start + upper >= window.upperBound)
                    try file.write(Self.pcm(audio))
                } else if lower < upper {
                    try file.write(Self.pcm(Array(samples[lower..<upper])))
                }
                file.skip(factor * (samples.count - upper))
                return
            }
            let audio = try doubler?.process(samples, final: final) ?? resampler?.process(samples, final: final) ?? samples
            let pcm = Self.pcm(audio)
            for file in files { try file.write(pcm) }
        }
        static func pcm(_ audio: [Float]) -> [Int16] { audio.map { Int16(clamping: Int(($0 * 32767).rounded())) } }
    }

    /// 16-bit samples as floats in −1...1, times `scale`.
    static func floats(_ samples: some Collection<Int16>, scale: Float = 1) -> [Float] {
        let factor = scale / 32768
        return samples.map { Float($0) * factor }
    }
}

/// Where mastered PCM goes: libsndfile for WAV, libFLAC for FLAC (`FLACWriter`), LAME for
/// MP3 (`MP3Writer`), libopusenc for Opus.
protocol MasterSink: AnyObject {
    func write(_ samples: [Int16]) throws
    @discardableResult func close() throws -> Int
}

/// A sink that can make its file from the last revision's, given only the audio in its window.
protocol SplicingSink: MasterSink {
    var spliceWindow: Range<Int>? { get }
    func skip(_ count: Int)
    var spliced: (encoded: Int, copied: Int)? { get }
}

extension Range where Bound == Int {
    /// The part of this range that `count` samples from sample `start` cover, as indices into
    /// those samples.
    func overlap(start: Int, count: Int) -> Range<Int> {
        let lower = Swift.min(Swift.max(lowerBound - start, 0), count)
        return lower..<Swift.max(lower, Swift.min(Swift.max(upperBound - start, 0), count))
    }
}

extension SoundFile: MasterSink {}
extension MP3Writer: SplicingSink {}
extension FLACWriter: SplicingSink {}
extension OpusFile: MasterSink {}
