import Foundation

/// The true peak of a stream (ITU-R BS.1770 Annex 2): the largest magnitude of the signal
/// upsampled four times, where peaks between samples show; and, with `cell`, the true peak of
/// every `cell` samples, so an edited episode's peak can be had from its last revision's cells
/// and the new audio's (`Levels`).
///
/// The interpolator is a 49-tap Hann-windowed sinc: phase 0 is the samples themselves and
/// phases 1 to 3 take 12 samples each (6 ahead, so results trail the input by 6 samples).
/// Eight positions are interpolated at once (SIMD), which costs less than libebur128's true
/// peak did and less than skipping quiet blocks one at a time.
final class TruePeakMeter {
    static let factor = 4
    static let reach = 6
    /// `phases[p][k]` weighs sample `n + reach - k` for the value at `n + p / 4`.
    static let phases: [[Float]] = (1..<factor).map { phase in
        (0..<(2 * reach)).map { k in
            let offset = Double(k - reach) * Double(factor) + Double(phase)  // in quarter samples
            let x = offset / Double(factor)
            let sinc = x == 0 ? 1 : sin(.pi * x) / (.pi * x)
            let window = 0.5 + 0.5 * cos(.pi * offset / Double(factor * reach + 1))
            return Float(sinc * window)
        }
    }
    private static let taps: [Float] = phases.flatMap { $0 }

    /// Samples per cell; 0 when only the whole stream's peak is wanted.
    let cell: Int
    /// The true peak (linear) of each cell completed and not yet taken (`takeCells`); the
    /// last is complete once `finish` is called.
    private(set) var cells: [Float] = []
    private var cellPeak: Float = 0
    private var cellFill = 0
    /// Samples not yet examined, after the context the next one needs (silence at first).
    private var buffer = [Float](repeating: 0, count: TruePeakMeter.reach)
    /// The next position to examine in `buffer`: the value there and those up to the next
    /// sample. The first is the silence before the stream, counted in its first cell.
    private var next = TruePeakMeter.reach - 1
    private var started = false
    private var finished = false
    private(set) var peak: Float = 0
    /// The largest magnitude at each position examined, reused from call to call.
    private var values: [Float] = []

    init(cell: Int = 0) {
        self.cell = cell
    }

    func add(_ samples: [Float]) {
        buffer += samples
        examine(all: false)
    }

    /// The cells completed since the last call, which are no longer kept.
    func takeCells() -> [Float] {
        defer { cells.removeAll(keepingCapacity: true) }
        return cells
    }

    /// Ends the stream (padded with silence).
    func finish() {
        guard !finished else { return }
        finished = true
        buffer += [Float](repeating: 0, count: Self.reach)
        examine(all: true)
        if cell > 0, cellFill > 0 { cells.append(cellPeak) }
    }

    /// The true peak in dBTP, the stream's end padded with silence.
    func dBTP() -> Double {
        finish()
        return Levels.decibels(peak)
    }

    /// Examines every position whose six successors have arrived, eight at a time (the rest at
    /// the end).
    private func examine(all: Bool) {
        let reach = Self.reach, available = buffer.count - reach - next
        let count = all ? available : available / 8 * 8
        guard count > 0 else { return }
        if values.count < count { values = [Float](repeating: 0, count: count) }
        let next = next
        buffer.withUnsafeBufferPointer { x in
            Self.taps.withUnsafeBufferPointer { taps in
                values.withUnsafeMutableBufferPointer { out in
                    guard let start = x.baseAddress else { return }
                    let raw = UnsafeRawPointer(start)
                    func load(_ i: Int) -> SIMD8<Float> { raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) }
                    var j = 0
                    while j + 8 <= count {
                        let n = next + j
                        var m = load(n)
                        m.replace(with: -m, where: m .< 0)
                        for phase in 0..<(Self.factor - 1) {
                            var value = SIMD8<Float>()
                            for k in 0..<(2 * reach) { value += load(n + reach - k) * taps[phase * 2 * reach + k] }
                            m.replace(with: value, where: value .> m)
                            m.replace(with: -value, where: -value .> m)
                        }
                        for lane in 0..<8 { out[j + lane] = m[lane] }
                        j += 8
                    }
                    while j < count {
                        let n = next + j
                        var m = abs(x[n])
                        for phase in 0..<(Self.factor - 1) {
                            var value: Float = 0
                            for k in 0..<(2 * reach) { value += taps[phase * 2 * reach + k] * x[n + reach - k] }
                            m = max(m, abs(value))
                        }
                        out[j] = m
                        j += 1
                    }
                }
            }
        }
        var peak = peak
        if cell > 0 {
            // The silence before the stream belongs to the first cell.
            var from = 0
            if !started {
                started = true
                cellPeak = values[0]
                from = 1
            }
            var i = from
            while i < count {
                let take = min(cell - cellFill, count - i)
                var loudest = cellPeak
                for v in values[i..<(i + take)] { loudest = max(loudest, v) }
                cellPeak = loudest
                cellFill += take
                i += take
                if cellFill == cell {
                    cells.append(cellPeak)
                    peak = max(peak, cellPeak)
                    (cellPeak, cellFill) = (0, 0)
                }
            }
            peak = max(peak, cellPeak)
        } else {
            for v in values[..<count] { peak = max(peak, v) }
        }
        self.peak = peak
        buffer.removeFirst(count)
    }
}
