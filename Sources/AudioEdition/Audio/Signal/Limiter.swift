import Foundation

/// A lookahead true-peak limiter for mono float audio, streamed: no sample, and no peak
/// between samples, leaves above the ceiling, and the gain moves smoothly.
///
/// For each sample, the gain it needs is `ceiling / peak` (or 1), where `peak` is the
/// largest of `|x|` and the three values up to the next sample that BS.1770's four-times
/// interpolation finds (`TruePeakMeter.phases`): a sample-peak limiter let speech at
/// 22.05 kHz through a meter a decibel over its ceiling. The limiter takes the
/// smallest needed gain over the next `lookahead` samples, averages that over the last
/// `lookahead` values, so the gain glides down before a peak and is at or below what the
/// peak needs when it arrives, and then recovers with a one-pole release. The output is
/// the input delayed by `lookahead - 1` samples, and by the interpolator's reach.
///
/// After `2 × (lookahead + reach)` samples of digital silence (a pause) the limiter is at rest, exactly:
/// unity gain and nothing held. What comes out after a pause depends only on what came in
/// since, not on where in the stream it is, so an edit's unchanged audio is limited exactly as
/// before (`MP3Splice`).
public final class Limiter {
    public let ceiling: Float
    private let lookahead: Int
    private let release: Float
    private var delay: [Float]
    private var needed: [Float]
    /// A sliding minimum of `needed` over the last `lookahead` samples: a ring of the
    /// stream indices (and values) of increasing needed gains, oldest first.
    private var minimaIndex: [Int]
    private var minimaValue: [Float]
    private var minimaHead = 0
    private var minimaCount = 0
    private var window: [Float]
    private var windowSum: Float
    private var index = 0
    /// Samples since the last rest, and digital silence in a row.
    private var sinceRest = 0
    private var silent = 0
    private var gain: Float = 1
    /// The last `2 × reach` input samples, twice over (at `i` and `i + 2 × reach`), so the
    /// interpolator reads them in order without wrapping.
    private var recent = [Float](repeating: 0, count: 4 * TruePeakMeter.reach)
    /// The delay line's first outputs, which precede the stream and are dropped, so the
    /// output lines up with the input sample for sample.
    private var toSkip: Int

    /// Samples the output runs behind the input.
    public var latency: Int { lookahead - 1 + TruePeakMeter.reach }
    /// Digital silence after which the limiter is at rest.
    public var restLength: Int { 2 * (lookahead + TruePeakMeter.reach) }

    /// `ceilingDB` in dBFS (sample peak); `lookaheadSeconds` about 1.5 ms; `releaseSeconds`
    /// the time to recover most of the way.
    public init(sampleRate: Int, ceilingDB: Double, lookaheadSeconds: Double = 0.0015, releaseSeconds: Double = 0.08) {
        ceiling = Float(pow(10, ceilingDB / 20))
        lookahead = max(2, Int(Double(sampleRate) * lookaheadSeconds))
        release = Float(1 - exp(-1 / (Double(sampleRate) * releaseSeconds)))
        delay = [Float](repeating: 0, count: lookahead)
        needed = [Float](repeating: 1, count: lookahead)
        minimaIndex = [Int](repeating: 0, count: lookahead)
        minimaValue = [Float](repeating: 1, count: lookahead)
        window = [Float](repeating: 1, count: lookahead)
        windowSum = Float(lookahead)
        toSkip = lookahead - 1 + TruePeakMeter.reach
    }

    private static let phases = TruePeakMeter.phases

    /// Limits `input`. The output runs `lookahead - 1` samples behind until `flush`, which
    /// gives the rest: a stream comes out exactly as long as it went in.
    public func process(_ input: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: input.count)
        // Locals in the loop: no exclusivity checks on the object's storage per sample, and
        // ring positions that wrap by comparison, not division.
        let n = lookahead, ceiling = ceiling, release = release, rest = restLength
        let reach = TruePeakMeter.reach, span = 2 * TruePeakMeter.reach
        let (phase1, phase2, phase3) = (Self.phases[0], Self.phases[1], Self.phases[2])
        var index = index, gain = gain, windowSum = windowSum, sinceRest = sinceRest, silent = silent
        var head = minimaHead, count = minimaCount
        var slot = index % n
        delay.withUnsafeMutableBufferPointer { delay in
        needed.withUnsafeMutableBufferPointer { needed in
        window.withUnsafeMutableBufferPointer { window in
        minimaIndex.withUnsafeMutableBufferPointer { minimaIndex in
        minimaValue.withUnsafeMutableBufferPointer { minimaValue in
        output.withUnsafeMutableBufferPointer { output in
        recent.withUnsafeMutableBufferPointer { recent in
            for (position, incoming) in input.enumerated() {
                // The newest input goes in; the sample limited now is `reach` older, with the
                // values between it and the next interpolated from the 12 around them.
                let at = index % span
                recent[at] = incoming
                recent[at + span] = incoming
                let newest = at + span  // recent[newest - k] is the input k samples back
                let sample = recent[newest - reach]
                var between1: Float = 0, between2: Float = 0, between3: Float = 0
                for k in 0..<span {
                    let x = recent[newest - k]
                    between1 += phase1[k] * x
                    between2 += phase2[k] * x
                    between3 += phase3[k] * x
                }
                let magnitude = max(abs(sample), abs(between1), abs(between2), abs(between3))
                let need = magnitude > ceiling ? ceiling / magnitude : 1
                // Sliding minimum of the needed gain over the last `n` samples, which for
                // the delayed output are the next `n`.
                needed[slot] = need
                while count > 0, minimaIndex[head] <= index - n {
                    head += 1
                    if head == n { head = 0 }
                    count -= 1
                }
                while count > 0 {
                    var last = head + count - 1
                    if last >= n { last -= n }
                    guard minimaValue[last] >= need else { break }
                    count -= 1
                }
                var tail = head + count
                if tail >= n { tail -= n }
                minimaIndex[tail] = index
                minimaValue[tail] = need
                count += 1
                let smallest = minimaValue[head]
                // Average of the minimum over the last `n` samples.
                windowSum += smallest - window[slot]
                window[slot] = smallest
                silent = incoming == 0 ? silent + 1 : 0
                sinceRest += 1
                if silent >= rest {
                    // Every needed gain and every average in the window is 1: at rest.
                    (windowSum, gain, sinceRest) = (Float(n), 1, 0)
                } else if sinceRest & 0xFFFF == 0 {
                    // No drift from the running sum: add the window up again, oldest first.
                    windowSum = 0
                    for j in 0..<n { windowSum += window[slot + 1 + j < n ? slot + 1 + j : slot + 1 + j - n] }
                }
                let target = min(windowSum / Float(n), 1)
                gain = min(target, gain + (1 - gain) * release)
                let out = slot + 1 == n ? 0 : slot + 1
                // The delayed sample's own need still sits in its slot; never exceed it.
                output[position] = delay[out] * min(gain, needed[out])
                delay[slot] = sample
                index += 1
                slot = out
            }
        }
        }
        }
        }
        }
        }
        }
        self.index = index
        self.sinceRest = sinceRest
        self.silent = silent
        self.gain = gain
        self.windowSum = windowSum
        minimaHead = head
        minimaCount = count
        if toSkip > 0 {
            let skipped = min(toSkip, output.count)
            toSkip -= skipped
            return Array(output.dropFirst(skipped))
        }
        return output
    }

    /// The samples still held in the delay line, limited.
    public func flush() -> [Float] {
        process([Float](repeating: 0, count: latency))
    }
}
