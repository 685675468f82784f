import Foundation

/// A lookahead peak limiter for mono float audio, streamed: no sample leaves above the
/// ceiling, and the gain moves smoothly.
///
/// For each sample, the gain it needs is `ceiling / |x|` (or 1). The limiter takes the
/// smallest needed gain over the next `lookahead` samples, averages that over the last
/// `lookahead` values, so the gain glides down before a peak and is at or below what the
/// peak needs when it arrives, and then recovers with a one-pole release. The output is
/// the input delayed by `lookahead - 1` samples.
public final class Limiter {
    public let ceiling: Float
    private let lookahead: Int
    private let release: Float
    private var delay: [Float]
    private var needed: [Float]
    /// Indices into `needed` (a ring) with increasing values: a sliding minimum.
    private var minima: [Int] = []
    private var minimaHead = 0
    private var window: [Float]
    private var windowSum: Float
    private var index = 0
    private var gain: Float = 1
    /// The delay line's first outputs, which precede the stream and are dropped, so the
    /// output lines up with the input sample for sample.
    private var toSkip: Int

    /// `ceilingDB` in dBFS (sample peak); `lookaheadSeconds` about 1.5 ms; `releaseSeconds`
    /// the time to recover most of the way.
    public init(sampleRate: Int, ceilingDB: Double, lookaheadSeconds: Double = 0.0015, releaseSeconds: Double = 0.08) {
        ceiling = Float(pow(10, ceilingDB / 20))
        lookahead = max(2, Int(Double(sampleRate) * lookaheadSeconds))
        release = Float(1 - exp(-1 / (Double(sampleRate) * releaseSeconds)))
        delay = [Float](repeating: 0, count: lookahead)
        needed = [Float](repeating: 1, count: lookahead)
        window = [Float](repeating: 1, count: lookahead)
        windowSum = Float(lookahead)
        toSkip = lookahead - 1
    }

    /// Limits `input`. The output runs `lookahead - 1` samples behind until `flush`, which
    /// gives the rest: a stream comes out exactly as long as it went in.
    public func process(_ input: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: input.count)
        // Locals in the loop: no exclusivity checks on the object's storage per sample.
        let n = lookahead, ceiling = ceiling, release = release
        var index = index, gain = gain, windowSum = windowSum
        var head = minimaHead
        var minima = minima
        delay.withUnsafeMutableBufferPointer { delay in
        needed.withUnsafeMutableBufferPointer { needed in
        window.withUnsafeMutableBufferPointer { window in
        output.withUnsafeMutableBufferPointer { output in
            for (position, sample) in input.enumerated() {
                let magnitude = abs(sample)
                let need = magnitude > ceiling ? ceiling / magnitude : 1
                let slot = index % n
                // Sliding minimum of the needed gain over the last `n` samples, which for
                // the delayed output are the next `n`.
                needed[slot] = need
                while minima.count > head, needed[minima[minima.count - 1] % n] >= need { minima.removeLast() }
                minima.append(index)
                while minima[head] <= index - n { head += 1 }
                if head > 4096 {
                    minima.removeFirst(head)
                    head = 0
                }
                let smallest = needed[minima[head] % n]
                // Average of the minimum over the last `n` samples.
                windowSum += smallest - window[slot]
                window[slot] = smallest
                if index & 0xFFFF == 0 { windowSum = window.reduce(0, +) }  // no drift from the running sum
                let target = min(windowSum / Float(n), 1)
                gain = min(target, gain + (1 - gain) * release)
                let out = (index + 1) % n
                // The delayed sample's own need still sits in its slot; never exceed it.
                output[position] = delay[out] * min(gain, needed[out])
                delay[slot] = sample
                index += 1
            }
        }
        }
        }
        }
        self.index = index
        self.gain = gain
        self.windowSum = windowSum
        self.minima = minima
        minimaHead = head
        if toSkip > 0 {
            let skipped = min(toSkip, output.count)
            toSkip -= skipped
            return Array(output.dropFirst(skipped))
        }
        return output
    }

    /// The samples still held in the delay line, limited.
    public func flush() -> [Float] {
        process([Float](repeating: 0, count: lookahead - 1))
    }
}
