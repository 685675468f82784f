import Foundation

/// The true peak of a stream (ITU-R BS.1770 Annex 2): the largest magnitude of the signal
/// upsampled four times, where peaks between samples show.
///
/// The interpolator is a 49-tap Hann-windowed sinc: phase 0 is the samples themselves and
/// phases 1 to 3 take 12 samples each (6 ahead, so results trail the input by 6 samples).
/// No interpolated value can exceed `bound` times the largest sample it is made from, so a
/// block whose samples are all below the peak so far over `bound` cannot raise it and is
/// skipped: the result is exactly that of interpolating everything, at a fraction of the
/// work on speech, whose loud moments are few. libebur128 interpolates every sample, and its
/// true peak was most of mastering's metering time.
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
    static let bound: Float = phases.map { $0.reduce(0) { $0 + abs($1) } }.max() ?? 1

    private let pruning: Bool
    /// Samples not yet examined, after the context the next one needs (silence at first).
    private var buffer = [Float](repeating: 0, count: TruePeakMeter.reach)
    /// The next position to examine: the value there and those up to the next sample.
    private var next = TruePeakMeter.reach - 1
    private(set) var peak: Float = 0

    init(pruning: Bool = true) {
        self.pruning = pruning
    }

    func add(_ samples: [Float]) {
        buffer += samples
        examine()
    }

    /// The true peak in dBTP, the stream's end padded with silence. Call once, at the end.
    func dBTP() -> Double {
        buffer += [Float](repeating: 0, count: Self.reach)
        examine()
        return peak > 0 ? 20 * log10(Double(peak)) : -.infinity
    }

    /// Examines every position whose six successors have arrived, a block at a time.
    private func examine() {
        let reach = Self.reach, block = 256, last = buffer.count - reach
        guard next < last else { return }
        var n = next, peak = peak
        let phases = Self.phases, bound = Self.bound
        buffer.withUnsafeBufferPointer { x in
            while n < last {
                let end = min(n + block, last)
                var loudest: Float = 0
                for i in (n - reach + 1)..<(end + reach) { loudest = max(loudest, abs(x[i])) }
                peak = max(peak, loudest)
                guard !pruning || loudest * bound > peak else {
                    n = end
                    continue
                }
                for position in n..<end {
                    for taps in phases {
                        var value: Float = 0
                        for k in 0..<(2 * reach) { value += taps[k] * x[position + reach - k] }
                        peak = max(peak, abs(value))
                    }
                }
                n = end
            }
        }
        self.peak = peak
        buffer.removeFirst(n - (reach - 1))
        next = reach - 1
    }
}
