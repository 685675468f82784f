import Foundation

/// An episode's loudness and true peak in 20 ms cells: the mean K-weighted square of each
/// whole cell (BS.1770, dual mono, from libebur128's filter) and, for a master, each cell's
/// true peak. Integrated loudness is gated from the cells exactly as BS.1770 gates its 400 ms
/// blocks, which are whole cells. Kept beside an episode (`LevelStore`), they let an edit be
/// measured where it changed: the cells before it are the last revision's, those after it
/// its last cells moved by the shift (a whole number of cells), and only the edit's are new.
struct Levels: Sendable, Equatable {
    var sampleRate: Int
    var cell: Int
    /// Mean K-weighted square of each whole cell; NaN where not measured.
    var energy: [Float]
    /// True peak (linear) of each cell, the last one partial; empty when not measured.
    var peak: [Float] = []

    /// Cells of 20 ms: they tile libebur128's 100 ms hops and 400 ms blocks, and the 1.28 s
    /// by which a splice moves audio. Nil at a rate that has no whole-sample 20 ms.
    static func cell(sampleRate: Int) -> Int? {
        sampleRate % 50 == 0 ? sampleRate / 50 : nil
    }

    /// BS.1770's integrated loudness in LUFS: the 400 ms blocks (every 100 ms) above −70 LUFS,
    /// then those within 10 LU of their mean; −∞ when none pass.
    var integrated: Double {
        let hop = 5, span = 20
        guard energy.count >= span else { return -.infinity }
        var blocks: [Double] = []
        blocks.reserveCapacity(energy.count / hop)
        energy.withUnsafeBufferPointer { cells in
            for start in stride(from: 0, through: cells.count - span, by: hop) {
                var sum = 0.0
                for i in start..<(start + span) { sum += Double(cells[i]) }
                blocks.append(sum / Double(span))
            }
        }
        let absolute = Self.energy(lufs: -70)
        let loud = blocks.filter { $0 >= absolute }
        guard !loud.isEmpty else { return -.infinity }
        let relative = max(absolute, loud.reduce(0, +) / Double(loud.count) * 0.1)
        let gated = loud.filter { $0 >= relative }
        return Self.lufs(energy: gated.reduce(0, +) / Double(gated.count))
    }

    var truePeak: Double { Self.decibels(peak.max() ?? 0) }

    static func lufs(energy: Double) -> Double { energy > 0 ? -0.691 + 10 * log10(energy) : -.infinity }
    static func energy(lufs: Double) -> Double { lufs.isFinite ? pow(10, (lufs + 0.691) / 10) : 0 }
    static func decibels(_ linear: Float) -> Double { linear > 0 ? 20 * log10(Double(linear)) : -.infinity }

    /// These levels with every unmeasured cell filled from `old`, the last revision's: cells
    /// before sample `before` from the same place, cells from sample `after` on from `shift`
    /// samples earlier. Nil when a cell cannot be filled that way.
    func filled(from old: Levels, before: Int, after: Int, shift: Int) -> Levels? {
        guard old.sampleRate == sampleRate, old.cell == cell, shift % cell == 0 else { return nil }
        let moved = shift / cell
        func fill(_ values: [Float], _ oldValues: [Float]) -> [Float]? {
            var values = values
            for i in values.indices where values[i].isNaN {
                // A cell wholly before the change, or wholly after it.
                let source = (i + 1) * cell <= before ? i : i * cell >= after ? i - moved : -1
                guard oldValues.indices.contains(source) else { return nil }
                values[i] = oldValues[source]
            }
            return values
        }
        guard let energy = fill(energy, old.energy) else { return nil }
        var levels = Levels(sampleRate: sampleRate, cell: cell, energy: energy)
        if !peak.isEmpty {
            guard let peak = fill(peak, old.peak) else { return nil }
            levels.peak = peak
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
    private var energy: [Float] = []
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
            paused! += samples
            if paused!.count > 4 * keep { paused!.removeFirst(paused!.count - keep) }
        }
    }

    func add(_ samples: [Float]) throws {
        peaks?.add(samples)
        position += samples.count
        guard let cell else { return try meter.add(samples[...]) }
        // A cell at a time, from the samples themselves where they hold whole cells.
        func measure(_ cellSamples: ArraySlice<Float>) throws {
            try meter.add(cellSamples)
            energy.append(energy.count < untrusted ? .nan : Float(try meter.energy(milliseconds: 20)))
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
        energy += [Float](repeating: .nan, count: position / cell - energy.count)
        meter = try Self.makeMeter(sampleRate: sampleRate, cells: true)
        try meter.add(Mastering.floats(Array(kept.suffix(partial + warm * cell).prefix(warm * cell)))[...])
        pending = Mastering.floats(Array(kept.suffix(partial)))
    }

    /// The cells measured (the true peaks finished), or nil at a rate without cells.
    func levels() -> Levels? {
        peaks?.finish()
        guard let cell else { return nil }
        if paused != nil { energy += [Float](repeating: .nan, count: position / cell - energy.count) }
        return Levels(sampleRate: sampleRate, cell: cell, energy: energy, peak: peaks?.cells ?? [])
    }

    /// Integrated loudness of everything measured: from the cells, or, at a rate without them,
    /// from libebur128's own gating.
    func integrated() throws -> Double {
        try levels()?.integrated ?? meter.integrated()
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

    /// Writes the file under a temporary name and renames it into place; the cells go out as
    /// they are held, without a copy (they are little-endian already).
    func save(id: String, file sha256: String, source: Levels, master: Levels) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let temporary = scratch.appendingPathComponent("\(UUID().uuidString).levels")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let file = FileHandle(forWritingAtPath: temporary.path) else {
            throw OutputError(path: temporary.path, problem: "cannot write: \(String(cString: strerror(errno)))")
        }
        do {
            func int(_ value: Int) throws { try withUnsafeBytes(of: UInt32(value).littleEndian) { try file.write(contentsOf: $0) } }
            func floats(_ values: [Float]) throws {
                try int(values.count)
                #if _endian(big)
                try values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try file.write(contentsOf: $0) }
                #else
                try values.withUnsafeBytes { try file.write(contentsOf: $0) }
                #endif
            }
            try file.write(contentsOf: Self.magic + Array(sha256.utf8.prefix(64)))
            try int(source.sampleRate)
            try int(source.cell)
            try floats(source.energy)
            try floats(master.energy)
            try floats(master.peak)
            try file.close()
            try AtomicFile.move(temporary, to: url(id))
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// The source's and the master's levels kept for `id`, when they describe the file whose
    /// SHA-256 is `sha256`.
    func load(id: String, file sha256: String) -> (source: Levels, master: Levels)? {
        guard let data = try? Data(contentsOf: url(id)), data.count >= 8 + 64 + 8,
              Array(data.prefix(8)) == Self.magic, data[8..<72].elementsEqual(sha256.utf8) else { return nil }
        var at = 72
        func int() -> Int? {
            guard at + 4 <= data.count else { return nil }
            defer { at += 4 }
            return Int(data[at..<(at + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        func floats() -> [Float]? {
            guard let count = int(), count <= (data.count - at) / 4 else { return nil }
            let values = data[at..<(at + 4 * count)].withUnsafeBytes { raw in
                (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            }
            at += 4 * count
            return values
        }
        guard let rate = int(), let cell = int(), let source = floats(), let master = floats(), let peak = floats(),
              at == data.count, Levels.cell(sampleRate: rate) == cell else { return nil }
        return (Levels(sampleRate: rate, cell: cell, energy: source),
                Levels(sampleRate: rate, cell: cell, energy: master, peak: peak))
    }
}
