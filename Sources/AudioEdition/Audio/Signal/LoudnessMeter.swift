import CEBUR128
import Foundation

/// A failure of the loudness meter, with libebur128's error code.
public struct LoudnessError: Error, CustomStringConvertible, Equatable {
    public var operation: String
    public var code: Int32
    public var description: String { "libebur128: cannot \(operation) (error \(code))" }
}

/// Integrated loudness (EBU R 128 / ITU-R BS.1770) and true peak, measured with libebur128:
/// the only importer of `CEBUR128`. A mono programme is measured as dual mono, the way it is
/// heard on two speakers or headphones, so −16 LUFS means what podcast apps expect.
public final class LoudnessMeter {
    private let state: UnsafeMutablePointer<ebur128_state>
    public let sampleRate: Int

    /// `truePeak` costs most of the meter's time (it oversamples); leave it off when only
    /// the loudness is wanted. The meter gates from a histogram of block loudness (0.1 LU
    /// bins), not a list of every 400 ms block, so its memory does not grow with the
    /// programme: a five-hour list is tens of megabytes a meter.
    /// What the meter keeps: the integrated loudness (from a histogram of blocks, or every
    /// block, exactly), or only the last 400 ms, for the energy of each short cell.
    public enum Mode: Sendable { case integrated, exact, cells }

    public init(sampleRate: Int, dualMono: Bool = true, truePeak: Bool = true, mode: Mode = .integrated) throws(LoudnessError) {
        let kept = switch mode {
        case .integrated: EBUR128_MODE_I.rawValue | EBUR128_MODE_HISTOGRAM.rawValue
        case .exact: EBUR128_MODE_I.rawValue
        case .cells: EBUR128_MODE_M.rawValue
        }
        let mode = kept | (truePeak ? EBUR128_MODE_TRUE_PEAK.rawValue : 0)
        guard let state = ebur128_init(1, UInt(sampleRate), Int32(mode)) else {
            throw LoudnessError(operation: "start a meter at \(sampleRate) Hz", code: -1)
        }
        self.state = state
        self.sampleRate = sampleRate
        if dualMono {
            let status = ebur128_set_channel(state, 0, Int32(EBUR128_DUAL_MONO.rawValue))
            guard status == EBUR128_SUCCESS.rawValue else { throw LoudnessError(operation: "set dual mono", code: status) }
        }
    }

    deinit {
        var state: UnsafeMutablePointer<ebur128_state>? = state
        ebur128_destroy(&state)
    }

    public func add(_ samples: [Float]) throws(LoudnessError) {
        try add(samples[...])
    }

    public func add(_ samples: ArraySlice<Float>) throws(LoudnessError) {
        guard !samples.isEmpty else { return }
        let status = samples.withUnsafeBufferPointer { ebur128_add_frames_float(state, $0.baseAddress, $0.count) }
        guard status == EBUR128_SUCCESS.rawValue else { throw LoudnessError(operation: "measure", code: status) }
    }

    /// Integrated loudness in LUFS; −∞ for silence.
    public func integrated() throws(LoudnessError) -> Double {
        var value = 0.0
        let status = ebur128_loudness_global(state, &value)
        guard status == EBUR128_SUCCESS.rawValue else { throw LoudnessError(operation: "read the loudness", code: status) }
        return value
    }

    /// The mean K-weighted square of the last `milliseconds` (at most 400), weighted as
    /// BS.1770 weighs the channel; 0 for silence.
    public func energy(milliseconds: Int) throws(LoudnessError) -> Double {
        var value = 0.0
        let status = ebur128_loudness_window(state, UInt(milliseconds), &value)
        guard status == EBUR128_SUCCESS.rawValue else { throw LoudnessError(operation: "read a window's loudness", code: status) }
        return Levels.energy(lufs: value)
    }

    /// True peak in dBTP.
    public func truePeak() throws(LoudnessError) -> Double {
        var value = 0.0
        let status = ebur128_true_peak(state, 0, &value)
        guard status == EBUR128_SUCCESS.rawValue else { throw LoudnessError(operation: "read the true peak", code: status) }
        return value > 0 ? 20 * log10(value) : -Double.infinity
    }
}
