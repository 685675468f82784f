import Foundation

/// Word times for a voice that reports none, taken from a reference that does.
///
/// A VITS model gives audio and nothing else. espeak-ng, speaking the same text, gives a
/// start for every written word. Both say the same phonemes in the same order, so the
/// reference is aligned to the neural audio by dynamic time warping over their MFCCs, as
/// aeneas aligns espeak-ng's reading of a text with a human recording of it, sentence by
/// sentence where both have the same sentences (each neural sentence is synthesised alone, so
/// its span is exact), and each reference word start is carried along the warping path.
public enum WordTiming {
    /// Samples a frame hop covers: 10 ms at 22,050 Hz.
    static let hop = 220
    /// A sentence pair whose frames multiply past this is placed linearly instead (a very
    /// long run-on paragraph), to bound the warping matrix's memory.
    static let largestMatrix = 16_000_000

    /// A span of audio and where it sits in its recording.
    public struct Span {
        public var start: Int
        public var samples: [Float]

        public init(start: Int, samples: [Float]) {
            self.start = start
            self.samples = samples
        }
    }

    /// The neural sample at which each reference sample falls. `reference` and `neural` are
    /// paired sentence by sentence when their counts agree, else taken whole.
    public static func mapping(reference: [Span], neural: [Span]) -> (Int) -> Int {
        let pairs: [(Span, Span)] = reference.count == neural.count && !reference.isEmpty
            ? Array(zip(reference, neural)) : [(joined(reference), joined(neural))]
        let warps = pairs.map { Warp(reference: $0.0, neural: $0.1) }
        return { sample in
            // The pair whose reference holds the sample, else the last one starting before it.
            let warp = warps.last { $0.referenceStart <= sample } ?? warps[0]
            return warp.place(sample)
        }
    }

    /// Word starts moved onto the sound: a start that lands in a pause (a frame quieter than
    /// `quiet` of its sentence's loudest) moves forward to where the sound begins, by at most
    /// `reach` samples and never past the next word's start. The warp pairs a reference pause
    /// with a neural one, and its path reaches the next word at the pause's start.
    public static func onsets(_ starts: [Int], in spans: [Span], reach: Int = 6_615, quiet: Float = 0.001) -> [Int] {
        let loudest = spans.map { span in
            stride(from: 0, to: span.samples.count, by: hop).map { energy(span.samples, at: $0) }.max() ?? 0
        }
        return starts.indices.map { index in
            let start = starts[index]
            guard let which = spans.lastIndex(where: { $0.start <= start }) else { return start }
            let span = spans[which], threshold = loudest[which] * quiet
            let limit = min(start + reach, index + 1 < starts.count ? starts[index + 1] : .max,
                            span.start + span.samples.count - hop)
            var at = start
            while at < limit && energy(span.samples, at: at - span.start) < threshold { at += hop / 2 }
            return at < limit ? at : start
        }
    }

    /// Mean square of the `hop` samples from `offset`.
    static func energy(_ samples: [Float], at offset: Int) -> Float {
        let end = min(samples.count, offset + hop)
        guard offset >= 0, offset < end else { return 0 }
        var sum: Float = 0
        for index in offset..<end { sum += samples[index] * samples[index] }
        return sum / Float(end - offset)
    }

    /// One span from several, silence between them as it was.
    static func joined(_ spans: [Span]) -> Span {
        guard let first = spans.first, let last = spans.last else { return Span(start: 0, samples: []) }
        var samples = [Float](repeating: 0, count: last.start + last.samples.count - first.start)
        for span in spans {
            for (index, value) in span.samples.enumerated() { samples[span.start - first.start + index] = value }
        }
        return Span(start: first.start, samples: samples)
    }

    /// A reference span warped onto a neural one: for each reference frame, the neural frame
    /// the warping path first reaches it at.
    struct Warp {
        var referenceStart: Int
        var neuralStart: Int
        var neuralLength: Int
        var path: [Int]

        init(reference: Span, neural: Span) {
            referenceStart = reference.start
            neuralStart = neural.start
            neuralLength = neural.samples.count
            let a = MFCC.frames(reference.samples), b = MFCC.frames(neural.samples)
            let (n, m) = (a.count / MFCC.coefficients, b.count / MFCC.coefficients)
            if n == 0 || m == 0 || n * m > largestMatrix {
                path = (0..<n).map { m == 0 ? 0 : $0 * m / n }
            } else {
                path = WordTiming.path(a, b)
            }
        }

        func place(_ sample: Int) -> Int {
            guard !path.isEmpty else { return neuralStart }
            let frame = min(max(0, (sample - referenceStart + hop / 2) / hop), path.count - 1)
            return neuralStart + min(path[frame] * hop, max(0, neuralLength - 1))
        }
    }

    /// Dynamic time warping of `a` onto `b` (each a flat run of `MFCC.coefficients`-long
    /// frames; Euclidean distance; steps right, down and diagonal; from the first frames to
    /// the last), within a band around the diagonal as wide as a fifth of the longer side
    /// (a sentence read at another pace is still inside it): for each frame of `a`, the first
    /// frame of `b` the cheapest path pairs it with.
    static func path(_ a: [Float], _ b: [Float]) -> [Int] {
        let d = MFCC.coefficients
        let n = a.count / d, m = b.count / d
        let band = max(abs(n - m), 0) + max(n, m) / 5 + 10
        var cost = [Float](repeating: .infinity, count: n * m)
        var step = [UInt8](repeating: 0, count: n * m)  // 0 diagonal, 1 from above (i-1), 2 from the left (j-1)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                cost.withUnsafeMutableBufferPointer { cost in
                    step.withUnsafeMutableBufferPointer { step in
                        for i in 0..<n {
                            let centre = m > 1 && n > 1 ? i * (m - 1) / (n - 1) : 0
                            for j in max(0, centre - band)..<min(m, centre + band + 1) {
                                var distance: Float = 0
                                for k in 0..<d {
                                    let difference = a[i * d + k] - b[j * d + k]
                                    distance += difference * difference
                                }
                                distance = distance.squareRoot()
                                if i == 0 && j == 0 { cost[0] = distance; continue }
                                var best = Float.infinity, from: UInt8 = 0
                                if i > 0 && j > 0 { best = cost[(i - 1) * m + j - 1] }
                                if i > 0, cost[(i - 1) * m + j] < best { best = cost[(i - 1) * m + j]; from = 1 }
                                if j > 0, cost[i * m + j - 1] < best { best = cost[i * m + j - 1]; from = 2 }
                                cost[i * m + j] = best + distance
                                step[i * m + j] = from
                            }
                        }
                    }
                }
            }
        }
        var first = [Int](repeating: 0, count: n)
        var i = n - 1, j = m - 1
        while i >= 0 && j >= 0 {
            first[i] = j
            if i == 0 && j == 0 { break }
            switch step[i * m + j] {
            case 0: i -= 1; j -= 1
            case 1: i -= 1
            default: j -= 1
            }
        }
        return first
    }
}

/// Mel-frequency cepstral coefficients, 10 ms apart at 22,050 Hz: what the warping compares.
/// 12 coefficients (without the energy term) from 26 mel bands of a 512-point power spectrum
/// of each pre-emphasised, Hann-windowed frame, less their mean over the span, so that the
/// two voices' different timbres weigh less than what is said.
enum MFCC {
    static let size = 512
    static let bands = 26
    static let coefficients = 12

    /// The span's frames, flat: `coefficients` numbers a frame.
    ///
    /// Frames are real, so two go through one complex transform, one as its real part and the
    /// next as its imaginary part, and their spectra are told apart by symmetry. That halves
    /// the transforms, which were most of the word timing's cost.
    static func frames(_ samples: [Float]) -> [Float] {
        let count = samples.count / WordTiming.hop
        guard count > 0 else { return [] }
        var result = [Float](repeating: 0, count: count * coefficients)
        var real = [Float](repeating: 0, count: size), imaginary = [Float](repeating: 0, count: size)
        var power = [Float](repeating: 0, count: 2 * (size / 2 + 1))
        let (window, filters, dct) = (Self.window, Self.filters, Self.dct)
        samples.withUnsafeBufferPointer { samples in
            /// Pre-emphasised, windowed frame `index`, or silence past the end.
            func load(_ index: Int, into frame: inout [Float]) {
                let start = index * WordTiming.hop - size / 2 + WordTiming.hop / 2
                for k in 0..<size {
                    let at = start + k
                    frame[k] = index < count && at >= 1 && at < samples.count
                        ? (samples[at] - 0.97 * samples[at - 1]) * window[k] : 0
                }
            }
            for index in stride(from: 0, to: count, by: 2) {
                load(index, into: &real)
                load(index + 1, into: &imaginary)
                FFT.transform(&real, &imaginary)
                let half = size / 2 + 1
                for k in 0..<half {
                    let mirror = (size - k) % size
                    let (zr, zi, mr, mi) = (real[k], imaginary[k], real[mirror], imaginary[mirror])
                    let (xr, xi) = ((zr + mr) / 2, (zi - mi) / 2)
                    let (yr, yi) = ((zi + mi) / 2, (mr - zr) / 2)
                    power[k] = xr * xr + xi * xi
                    power[half + k] = yr * yr + yi * yi
                }
                for (frame, offset) in [(index, 0), (index + 1, half)] where frame < count {
                    var energies = [Float](repeating: 0, count: bands)
                    for band in 0..<bands {
                        var sum: Float = 0
                        for (bin, weight) in filters[band] { sum += weight * power[offset + bin] }
                        energies[band] = log(sum + 1e-10)
                    }
                    for c in 0..<coefficients {
                        var sum: Float = 0
                        for band in 0..<bands { sum += energies[band] * dct[(c + 1) * bands + band] }
                        result[frame * coefficients + c] = sum
                    }
                }
            }
        }
        for c in 0..<coefficients {
            var mean: Float = 0
            for index in 0..<count { mean += result[index * coefficients + c] }
            mean /= Float(count)
            for index in 0..<count { result[index * coefficients + c] -= mean }
        }
        return result
    }

    static let window: [Float] = (0..<size).map { 0.5 - 0.5 * cos(2 * Float.pi * Float($0) / Float(size)) }

    /// Each mel band's spectrum bins and their triangular weights, 80 Hz to 7,600 Hz.
    static let filters: [[(Int, Float)]] = {
        func mel(_ hz: Double) -> Double { 2595 * log10(1 + hz / 700) }
        func hz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }
        let low = mel(80), high = mel(7600)
        let edges = (0...(bands + 1)).map { hz(low + (high - low) * Double($0) / Double(bands + 1)) / 22050 * Double(size) }
        return (0..<bands).map { band in
            let (left, centre, right) = (edges[band], edges[band + 1], edges[band + 2])
            return (Int(left.rounded(.up))...Int(right)).compactMap { bin -> (Int, Float)? in
                let b = Double(bin)
                let weight = b <= centre ? (b - left) / (centre - left) : (right - b) / (right - centre)
                return weight > 0 && bin <= size / 2 ? (bin, Float(weight)) : nil
            }
        }
    }()

    /// DCT-II, row c for coefficient c.
    static let dct: [Float] = (0...coefficients).flatMap { c in
        (0..<bands).map { band in Float(cos(Double.pi * Double(c) * (Double(band) + 0.5) / Double(bands))) }
    }
}

/// An in-place radix-2 complex FFT for the MFCCs' 512-point frames. Written here because it is
/// twenty lines and the only transform the project needs; FFTW would be one more C library
/// behind one more system-library target for it.
enum FFT {
    /// cos and sin of -2πk/512, for k below 256.
    static let twiddles: (cos: [Float], sin: [Float]) = (
        (0..<(MFCC.size / 2)).map { cos(-2 * Float.pi * Float($0) / Float(MFCC.size)) },
        (0..<(MFCC.size / 2)).map { sin(-2 * Float.pi * Float($0) / Float(MFCC.size)) })

    /// Transforms `MFCC.size` points in place.
    static func transform(_ real: inout [Float], _ imaginary: inout [Float]) {
        let n = MFCC.size
        let (cosines, sines) = twiddles
        real.withUnsafeMutableBufferPointer { real in
            imaginary.withUnsafeMutableBufferPointer { imaginary in
                var j = 0
                for i in 1..<n {
                    var bit = n >> 1
                    while j & bit != 0 { j ^= bit; bit >>= 1 }
                    j |= bit
                    if i < j { real.swapAt(i, j); imaginary.swapAt(i, j) }
                }
                var length = 2
                while length <= n {
                    let stride = n / length
                    for start in Swift.stride(from: 0, to: n, by: length) {
                        for k in 0..<(length / 2) {
                            let (wr, wi) = (cosines[k * stride], sines[k * stride])
                            let (a, b) = (start + k, start + k + length / 2)
                            let tr = real[b] * wr - imaginary[b] * wi, ti = real[b] * wi + imaginary[b] * wr
                            real[b] = real[a] - tr; imaginary[b] = imaginary[a] - ti
                            real[a] += tr; imaginary[a] += ti
                        }
                    }
                    length <<= 1
                }
            }
        }
    }
}
