import CSherpaOnnx
import Foundation

/// A failure of sherpa-onnx or ONNX Runtime, with the library's own message.
public struct NeuralError: Error, CustomStringConvertible, Equatable {
    public var operation: String
    public var message: String

    public var description: String { "sherpa-onnx: cannot \(operation): \(message)" }
}

/// One Piper model loaded by sherpa-onnx: the one owner of its TTS handle, freed in `deinit`,
/// and the only file that imports CSherpaOnnx.
///
/// A worker process loads a model once and keeps it. sherpa-onnx takes the phonemes from us
/// (`phoneme_codepoints`), one sentence a call, and maps them through the `tokens.txt` made
/// from the voice's `phoneme_id_map`, with its pad, start and end ids, as Piper does.
/// `@unchecked Sendable`: the handle is used by one thread at a time (the worker's speaking
/// thread); sherpa-onnx's generate is not documented as reentrant, so nothing else calls it.
public final class PiperVoice: @unchecked Sendable {
    public let config: PiperConfig
    public let sampleRate: Int
    private let handle: OpaquePointer

    /// sherpa-onnx's version, for the engine's identity ("2.0.1").
    public static var libraryVersion: String { String(cString: SherpaOnnxGetVersionStr()) }

    /// Loads the model with the given noise scales (fixed per handle) on `threads` threads.
    public init(files: PreparedModel.Files, config: PiperConfig, noiseScale: Double, noiseW: Double, threads: Int) throws(NeuralError) {
        self.config = config
        let (created, printed): (OpaquePointer?, String) = files.model.withCString { model in
            files.tokens.withCString { tokens in
                "cpu".withCString { provider in
                    var settings = SherpaOnnxOfflineTtsConfig()
                    settings.model.vits.model = model
                    settings.model.vits.tokens = tokens
                    settings.model.vits.noise_scale = Float(noiseScale)
                    settings.model.vits.noise_scale_w = Float(noiseW)
                    // The pace comes with each call (`generate`'s speed). sherpa-onnx 2.0.1 uses
                    // 1 / speed instead of the handle's length_scale, except at speed 1, when it
                    // uses the handle's (measured: scale 2 at speed 1, scale 1 at speed 0.5 and
                    // scale 2 at speed 0.5 are one length). So the handle's is 1: a profile's
                    // lengthScale 1 is then 1 whatever the model's own default.
                    settings.model.vits.length_scale = 1
                    settings.model.num_threads = Int32(max(1, threads))
                    settings.model.provider = provider
                    settings.max_num_sentences = 1
                    return StandardError.capturing { SherpaOnnxCreateOfflineTts(&settings) }
                }
            }
        }
        guard let created else {
            throw NeuralError(operation: "load \(files.model)", message: Self.lastLine(of: printed) ?? "the model could not be loaded")
        }
        handle = created
        sampleRate = Int(SherpaOnnxOfflineTtsSampleRate(handle))
    }

    deinit {
        SherpaOnnxDestroyOfflineTts(handle)
    }

    /// The last line sherpa-onnx logged, without its source location
    /// ("/…/offline-tts-vits-model.cc:Init:168 'sample_rate' does not exist in the metadata").
    static func lastLine(of log: String) -> String? {
        guard let line = log.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        if line.hasPrefix("/"), let space = line.firstIndex(of: " "), line[..<space].contains(":") {
            return String(line[line.index(after: space)...]).trimmingCharacters(in: .whitespaces)
        }
        return String(line).trimmingCharacters(in: .whitespaces)
    }

    /// Samples in [-1, 1] at `sampleRate` for one sentence of phonemes (without start, end or
    /// pad: sherpa-onnx adds them). `lengthScale` over 1 is slower.
    public func generate(_ phonemes: [Unicode.Scalar], lengthScale: Double) throws(NeuralError) -> [Float] {
        let codepoints = phonemes.map { Int32(bitPattern: $0.value) }
        guard !codepoints.isEmpty else { return [] }
        var lengths = [Int32(codepoints.count)]
        let audio = codepoints.withUnsafeBufferPointer { points in
            lengths.withUnsafeMutableBufferPointer { lengths in
                var generation = SherpaOnnxGenerationConfig()
                generation.speed = Float(1 / lengthScale)
                generation.silence_scale = 0
                generation.phoneme_codepoints = points.baseAddress
                generation.phoneme_codepoints_lens = UnsafePointer(lengths.baseAddress)
                generation.phoneme_codepoints_num_sentences = 1
                return "".withCString { SherpaOnnxOfflineTtsGenerateWithConfig(handle, $0, &generation, nil, nil) }
            }
        }
        guard let audio else { throw NeuralError(operation: "synthesise", message: "no audio for \(phonemes.count) phonemes") }
        defer { SherpaOnnxDestroyOfflineTtsGeneratedAudio(audio) }
        let count = Int(audio.pointee.n)
        guard count > 0, let samples = audio.pointee.samples else { return [] }
        return Array(UnsafeBufferPointer(start: samples, count: count))
    }
}

/// Runs a C call while its standard error goes to a temporary file, then returns its result
/// and what it printed: sherpa-onnx reports a model that cannot be loaded only there.
enum StandardError {
    static func capturing<T>(_ call: () -> T) -> (T, String) {
        fflush(nil)
        let saved = dup(2)
        var path = Array("/tmp/edition-stderr-XXXXXX".utf8CString)
        let fd = mkstemp(&path)
        guard saved >= 0, fd >= 0 else {
            if fd >= 0 { close(fd) }
            if saved >= 0 { close(saved) }
            return (call(), "")
        }
        unlink(path)
        dup2(fd, 2)
        let result = call()
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        var text = ""
        let size = lseek(fd, 0, SEEK_END)
        if size > 0 {
            var buffer = [UInt8](repeating: 0, count: Int(min(size, 65536)))
            let read = pread(fd, &buffer, buffer.count, max(0, size - off_t(buffer.count)))
            text = String(decoding: buffer.prefix(max(0, read)), as: UTF8.self)
        }
        close(fd)
        return (result, text)
    }
}
