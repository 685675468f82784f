import Foundation

/// An episode's loudness and true peak in 20 ms cells: the mean K-weighted square of each
/// whole cell (BS.1770, dual mono, from libebur128's filter) and, for a master, each cell's
/// true peak. Integrated loudness is gated from the cells exactly as BS.1770 gates its 400 ms
/// blocks, which are whole cells. Kept beside an episode (`LevelStore`), they let an edit be
/// measured where it changed: the cells before it are the last revision's, those after it
/// its last cells moved by the shift (a whole number of cells), and only the edit's are new.
struct Levels {
    var sampleRate: Int
    var cell: Int
    /// Mean K-weighted square of each whole cell; NaN where not measured.
    var energy: CellTrack
    /// True peak (linear) of each cell, the last one partial; nil when not measured.
    var peak: CellTrack?

    init(sampleRate: Int, cell: Int, energy: CellTrack, peak: CellTrack? = nil) {
        self.sampleRate = sampleRate
        self.cell = cell
        self.energy = energy
        self.peak = peak
    }

    /// Levels of these values (for tests).
    init(sampleRate: Int, cell: Int, energy: [Float], peak: [Float]? = nil) throws {
        self.init(sampleRate: sampleRate, cell: cell, energy: try CellTrack(energy), peak: try peak.map(CellTrack.init))
    }

    /// Cells of 20 ms: they tile libebur128's 100 ms hops and 400 ms blocks, and the 1.28 s
    /// by which a splice moves audio. Nil at a rate that has no whole-sample 20 ms.
    static func cell(sampleRate: Int) -> Int? {
        sampleRate % 50 == 0 ? sampleRate / 50 : nil
    }

    /// BS.1770's integrated loudness in LUFS: the 400 ms blocks (every 100 ms) above −70 LUFS,
    /// then those within 10 LU of their mean; −∞ when none pass. Two passes over the cells,
    /// which stay on disk.
    func integrated() throws -> Double {
        let hop = 5, span = 20
        guard energy.count >= span else { return -.infinity }
        // Each block's mean, its cells summed in order, from the last `span` cells.
        func blocks(_ body: (Double) -> Void) throws {
            var recent = [Double](repeating: 0, count: span)
            var seen = 0
            try energy.forEachBlock { values in
                for value in values {
                    recent[seen % span] = Double(value)
                    seen += 1
                    guard seen >= span, (seen - span) % hop == 0 else { continue }
                    var sum = 0.0
                    for i in (seen - span)..<seen { sum += recent[i % span] }
                    body(sum / Double(span))
                }
            }
        }
        let absolute = Self.energy(lufs: -70)
        var loud = 0.0, loudCount = 0
        try blocks { if $0 >= absolute { loud += $0; loudCount += 1 } }
        guard loudCount > 0 else { return -.infinity }
        let relative = max(absolute, loud / Double(loudCount) * 0.1)
        var gated = 0.0, gatedCount = 0
        try blocks { if $0 >= relative { gated += $0; gatedCount += 1 } }
        return Self.lufs(energy: gated / Double(gatedCount))
    }

    func truePeak() throws -> Double {
        var loudest: Float = 0
        try peak?.forEachBlock { loudest = max(loudest, $0.max() ?? 0) }
        return Self.decibels(loudest)
    }

    static func lufs(energy: Double) -> Double { energy > 0 ? -0.691 + 10 * log10(energy) : -.infinity }
    static func energy(lufs: Double) -> Double { lufs.isFinite ? pow(10, (lufs + 0.691) / 10) : 0 }
    static func decibels(_ linear: Float) -> Double { linear > 0 ? 20 * log10(Double(linear)) : -.infinity }

    /// These levels with every unmeasured cell filled from `old`, the last revision's: cells
    /// before sample `before` from the same place, cells from sample `after` on from `shift`
    /// samples earlier. Nil when a cell cannot be filled that way.
    func filled(from old: Levels, before: Int, after: Int, shift: Int) throws -> Levels? {
        guard old.sampleRate == sampleRate, old.cell == cell, shift % cell == 0 else { return nil }
        let moved = shift / cell
        func fill(_ values: CellTrack, _ oldValues: CellTrack) throws -> CellTrack? {
            let filled = try CellTrack()
            var index = 0, missing = false
            try values.forEachBlock { block in
                guard !missing else { return }
                var block = block
                for i in block.indices where block[i].isNaN {
                    // A cell wholly before the change, or wholly after it.
                    let cell = index + i
                    let source = (cell + 1) * self.cell <= before ? cell : cell * self.cell >= after ? cell - moved : -1
                    guard let value = try oldValues.value(at: source) else { missing = true; return }
                    block[i] = value
                }
                try filled.append(contentsOf: block)
                index += block.count
            }
            return missing ? nil : filled
        }
        guard let energy = try fill(energy, old.energy) else { return nil }
        var levels = Levels(sampleRate: sampleRate, cell: cell, energy: energy)
        if let peak {
            guard let oldPeak = old.peak, let filled = try fill(peak, oldPeak) else { return nil }
            levels.peak = filled
        }
        return levels
    }
}

/// Measures levels as audio streams past: libebur128's filter a cell at a time
/// (`LoudnessMeter.energy`), and the true peak per cell (`TruePeakMeter`). It can pause, to
/// leave cells unmeasured (NaN) where the last revision's will do, keeping only the last
/// 200 ms; it resumes with a fresh filter run over them, so the cells after match a whole
/// measurement's (the filter forgets far sooner: its slowest pole is at 38 Hz).
final class LevelMeter: PCMSink {
    let sampleRate: Int
    let cell: Int?
    let channelCount = 1
    static let warmCells = 10
    private var meter: LoudnessMeter
    private let peaks: TruePeakMeter?
    /// Samples of the partial cell being measured.
    private var pending: [Float] = []
    private let energy: CellTrack
    private let peakCells: CellTrack?
    /// Samples so far.
    private var position = 0
    /// While paused: the last samples, enough to warm a fresh filter.
    private var paused: [Int16]?
    /// Cells at the start not to trust (the filter warming up in a stream joined late).
    private let untrusted: Int

    /// `truePeak` adds each cell's true peak; `untrusted` cells at the start are left NaN.
    init(sampleRate: Int, truePeak: Bool, untrusted: Int = 0) throws {
        self.sampleRate = sampleRate
        cell = Levels.cell(sampleRate: sampleRate)
        self.untrusted = untrusted
        meter = try Self.makeMeter(sampleRate: sampleRate, cells: cell != nil)
        peaks = truePeak ? TruePeakMeter(cell: cell ?? sampleRate) : nil
        energy = try CellTrack()
        peakCells = truePeak ? try CellTrack() : nil
    }

    /// A meter that has measured the whole of a 16-bit file (its loudness, no true peak).
    static func measuring(_ url: URL) throws -> LevelMeter {
        let file = try SoundFile(readingFrom: url)
        let meter = try LevelMeter(sampleRate: file.info.sampleRate, truePeak: false)
        while case let chunk = try file.read(maxFrames: 1 << 16), !chunk.isEmpty { try meter.write(chunk[...]) }
        return meter
    }

    private static func makeMeter(sampleRate: Int, cells: Bool) throws -> LoudnessMeter {
        try LoudnessMeter(sampleRate: sampleRate, truePeak: false, mode: cells ? .cells : .integrated)
    }

    func write(_ samples: ArraySlice<Int16>) throws {
        guard paused != nil, let cell else { return try add(Mastering.floats(samples)) }
        position += samples.count
        let keep = (Self.warmCells + 1) * cell
        if samples.count >= keep {
            paused = Array(samples.suffix(keep))
        } else {
            // Taken out while it grows, so it is appended to in place.
            var held = paused ?? []
            paused = nil
            held += samples
            if held.count > 4 * keep { held.removeFirst(held.count - keep) }
            paused = held
        }
    }

    func add(_ samples: [Float]) throws {
        if let peaks {
            peaks.add(samples)
            try peakCells?.append(contentsOf: peaks.takeCells())
        }
        position += samples.count
        guard let cell else { return try meter.add(samples[...]) }
        // A cell at a time, from the samples themselves where they hold whole cells.
        func measure(_ cellSamples: ArraySlice<Float>) throws {
            try meter.add(cellSamples)
            try energy.append(energy.count < untrusted ? .nan : Float(try meter.energy(milliseconds: 20)))
        }
        var start = 0
        if !pending.isEmpty {
            start = min(cell - pending.count, samples.count)
            pending += samples[..<start]
            guard pending.count == cell else { return }
            try measure(pending[...])
            pending.removeAll(keepingCapacity: true)
        }
        while samples.count - start >= cell {
            try measure(samples[start..<(start + cell)])
            start += cell
        }
        pending += samples[start...]
    }

    /// From here on, cells are counted, not measured (16-bit samples only: `write`).
    func pause() {
        guard cell != nil, paused == nil else { return }
        paused = pending.map { Int16(clamping: Int(($0 * 32768).rounded())) }
        pending = []
    }

    /// Measures again, from a fresh filter warmed on the last cells.
    func resume() throws {
        guard let kept = paused, let cell else { return }
        paused = nil
        let whole = position / cell * cell
        let partial = position - whole
        let warm = min(Self.warmCells, (kept.count - partial) / cell)
        try energy.append(repeating: .nan, count: position / cell - energy.count)
        meter = try Self.makeMeter(sampleRate: sampleRate, cells: true)
        try meter.add(Mastering.floats(Array(kept.suffix(partial + warm * cell).prefix(warm * cell)))[...])
        pending = Mastering.floats(Array(kept.suffix(partial)))
    }

    /// The cells measured (the true peaks finished), or nil at a rate without cells. The
    /// levels share the meter's tracks: call it once the stream has ended.
    func levels() throws -> Levels? {
        if let peaks {
            peaks.finish()
            try peakCells?.append(contentsOf: peaks.takeCells())
        }
        guard let cell else { return nil }
        if paused != nil { try energy.append(repeating: .nan, count: position / cell - energy.count) }
        return Levels(sampleRate: sampleRate, cell: cell, energy: energy, peak: peakCells)
    }

    /// Integrated loudness of everything measured: from the cells, or, at a rate without them,
    /// from libebur128's own gating.
    func integrated() throws -> Double {
        try levels()?.integrated() ?? meter.integrated()
    }

    func truePeak() -> Double {
        peaks.map { $0.dBTP() } ?? -.infinity
    }
}

/// Where an episode's levels are kept between revisions: `<output>/.cache/levels/<id>.levels`,
/// replaced whole, naming the SHA-256 of the file they describe (the episode's first), so a
/// file changed since is never measured from stale levels.
struct LevelStore {
    let folder: URL
    let scratch: URL

    init(output: OutputFolder) {
        folder = output.root.appendingPathComponent(".cache/levels")
        scratch = output.scratch
    }

    private static let magic = Array("AELV0001".utf8)

    func url(_ id: String) -> URL { folder.appendingPathComponent(id + ".levels") }

    /// Writes the file under a temporary name and renames it into place.
    func save(id: String, file sha256: String, source: Levels, master: Levels) throws {
        try AtomicFile.writing(to: url(id), scratch: scratch) { file in
            func int(_ value: Int) throws { try withUnsafeBytes(of: UInt32(value).littleEndian) { try file.write(contentsOf: $0) } }
            try file.write(contentsOf: Self.magic + Array(sha256.utf8.prefix(64)))
            try int(source.sampleRate)
            try int(source.cell)
            for track in [source.energy, master.energy, try master.peak ?? CellTrack()] {
                try int(track.count)
                try track.write(to: file)
            }
        }
    }

    /// The source's and the master's levels kept for `id`, when they describe the file whose
    /// SHA-256 is `sha256`. The cells stay in the file, read as they are needed.
    func load(id: String, file sha256: String) -> (source: Levels, master: Levels)? {
        guard let (header, tracks) = CellTrack.stored(in: url(id), header: 80, tracks: 3),
              Array(header.prefix(8)) == Self.magic, header[8..<72].elementsEqual(sha256.utf8) else { return nil }
        func int(_ at: Int) -> Int { Int(header[at..<(at + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) }
        let rate = int(72), cell = int(76)
        guard Levels.cell(sampleRate: rate) == cell else { return nil }
        return (Levels(sampleRate: rate, cell: cell, energy: tracks[0]),
                Levels(sampleRate: rate, cell: cell, energy: tracks[1], peak: tracks[2]))
    }
}
