import CSoxr
import Foundation

public struct ResamplerError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { "libsoxr: \(message)" }
}

/// Streaming sample-rate conversion of mono float audio with libsoxr: the only importer of
/// `CSoxr`. Mastering uses it for the rates other than double the voice's (Opus's 48 kHz), at
/// the high quality setting: on speech it nulls against very high to −135 dB below 8 kHz and
/// −72 dB in all (`EngineIntegrationTests`), so very high would buy nothing audible.
public final class Resampler {
    private let handle: soxr_t
    public let inputRate: Int
    public let outputRate: Int

    public enum Quality: Sendable { case high, veryHigh }

    public init(from inputRate: Int, to outputRate: Int, quality: Quality = .high) throws(ResamplerError) {
        var error: soxr_error_t?
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var quality = soxr_quality_spec(UInt(quality == .high ? SOXR_HQ : SOXR_VHQ), 0)
        guard let handle = soxr_create(Double(inputRate), Double(outputRate), 1, &error, &io, &quality, nil), error == nil else {
            throw ResamplerError(message: error.map { String(cString: $0) } ?? "cannot convert \(inputRate) Hz to \(outputRate) Hz")
        }
        self.handle = handle
        self.inputRate = inputRate
        self.outputRate = outputRate
    }

    deinit { soxr_delete(handle) }

    /// The output for `input`; pass an empty array at the end to drain what is held back.
    public func process(_ input: [Float], final: Bool = false) throws(ResamplerError) -> [Float] {
        var output: [Float] = []
        var offset = 0
        repeat {
            let room = max(1024, Int(Double(input.count - offset) * Double(outputRate) / Double(inputRate)) + 64)
            var chunk = [Float](repeating: 0, count: room)
            var used = 0, made = 0
            let error: soxr_error_t? = input.withUnsafeBufferPointer { inBuffer in
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    let source = final && offset >= input.count ? nil : UnsafeRawPointer(inBuffer.baseAddress.map { $0 + offset })
                    return soxr_process(handle, source, final && offset >= input.count ? 0 : input.count - offset, &used,
                                        outBuffer.baseAddress, room, &made)
                }
            }
            if let error { throw ResamplerError(message: String(cString: error)) }
            offset += used
            output += chunk.prefix(made)
            if final && offset >= input.count && made == 0 { break }
            if !final && offset >= input.count { break }
        } while true
        return output
    }
}
