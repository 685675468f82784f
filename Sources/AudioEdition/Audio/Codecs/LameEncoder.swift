import CLame
import Foundation

/// A failure inside LAME, with the step and LAME's return code.
public struct LameError: Error, CustomStringConvertible, Equatable {
    public var operation: String
    public var code: Int32
    public var description: String { "libmp3lame: cannot \(operation) (error \(code))" }
}

/// One LAME encoder for mono 16-bit PCM at a constant bitrate: the only importer of `CLame`,
/// owning the encoder and closing it in `deinit`.
///
/// The bit reservoir is off, so every frame's audio lies in its own bytes: frames from
/// different encoders can be joined and a stream can be spliced at any frame (`MP3Writer`).
/// Frame `i` of the output carries samples from `i * 1152 - encoderDelay` on; LAME writes
/// no tag of its own (`MP3Writer` writes the Info frame with the gapless figures).
final class LameEncoder {
    /// LAME's algorithm quality, 0 (best, slowest) to 9. Chosen by measurement on our speech
    /// at 64 kbps (`Tests/Benchmarks/bench_mp3.py`): 7 encodes three times as fast as 2 and
    /// twice as fast as 5, with no lower signal-to-noise ratio, and the reservoir being off
    /// costs none either.
    static let quality: Int32 = 7
    static let samplesPerFrame = 1152

    private let flags: OpaquePointer
    let sampleRate: Int
    let bitrate: Int
    private var buffer: [UInt8] = []

    init(sampleRate: Int, bitrate: Int, quality: Int32 = LameEncoder.quality) throws(LameError) {
        guard let flags = lame_init() else { throw LameError(operation: "start an encoder", code: -1) }
        self.flags = flags
        self.sampleRate = sampleRate
        self.bitrate = bitrate
        lame_set_num_channels(flags, 1)
        lame_set_mode(flags, MONO)
        lame_set_in_samplerate(flags, Int32(sampleRate))
        lame_set_out_samplerate(flags, Int32(sampleRate))
        lame_set_VBR(flags, vbr_off)
        lame_set_brate(flags, Int32(bitrate))
        lame_set_quality(flags, quality)
        lame_set_disable_reservoir(flags, 1)
        lame_set_bWriteVbrTag(flags, 0)
        lame_set_write_id3tag_automatic(flags, 0)
        let status = lame_init_params(flags)
        guard status >= 0 else {
            lame_close(flags)
            throw LameError(operation: "encode \(sampleRate) Hz at \(bitrate) kbps", code: status)
        }
    }

    deinit { lame_close(flags) }

    /// Samples LAME puts before the first input sample.
    var encoderDelay: Int { Int(lame_get_encoder_delay(flags)) }

    /// LAME's version, for the Info frame: "3.100".
    static var version: String { String(cString: get_lame_short_version()) }

    /// The frames `samples` complete; LAME holds back what it cannot encode yet.
    func encode(_ samples: ArraySlice<Int16>) throws(LameError) -> [UInt8] {
        guard !samples.isEmpty else { return [] }
        let room = samples.count * 5 / 4 + 7200
        if buffer.count < room { buffer = [UInt8](repeating: 0, count: room) }
        let made = samples.withUnsafeBufferPointer { pcm in
            buffer.withUnsafeMutableBufferPointer { out in
                lame_encode_buffer(flags, pcm.baseAddress, nil, Int32(pcm.count), out.baseAddress, Int32(out.count))
            }
        }
        guard made >= 0 else { throw LameError(operation: "encode", code: made) }
        return Array(buffer.prefix(Int(made)))
    }

    /// The last frames, the input padded with silence to a whole frame and past LAME's delay.
    func flush() throws(LameError) -> [UInt8] {
        if buffer.count < 7200 { buffer = [UInt8](repeating: 0, count: 7200) }
        let made = buffer.withUnsafeMutableBufferPointer { lame_encode_flush(flags, $0.baseAddress, Int32($0.count)) }
        guard made >= 0 else { throw LameError(operation: "finish", code: made) }
        return Array(buffer.prefix(Int(made)))
    }
}
