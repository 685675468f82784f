import Foundation

/// What a Piper voice's `.onnx.json` says that speaking needs: its sample rate, the espeak-ng
/// voice that phonemises for it, its default scales and its phoneme-to-id map.
public struct PiperConfig: Sendable, Equatable {
    public var sampleRate: Int
    public var espeakVoice: String
    public var speakers: Int
    public var noiseScale: Double
    public var lengthScale: Double
    public var noiseW: Double
    /// Each phoneme (one Unicode scalar) and its id; phonemes the model does not know are
    /// dropped before synthesis, as Piper drops them.
    public var phonemeIDs: [Unicode.Scalar: Int]

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(_ path: String) throws -> PiperConfig {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Problem(description: "cannot be read: \(SourceText.reason(error))")
        }
        return try parse(data)
    }

    static func parse(_ data: Data) throws(Problem) -> PiperConfig {
        struct File: Decodable {
            struct Audio: Decodable { var sample_rate: Int }
            struct ESpeak: Decodable { var voice: String }
            struct Inference: Decodable { var noise_scale: Double?; var length_scale: Double?; var noise_w: Double? }
            var audio: Audio
            var espeak: ESpeak?
            var inference: Inference?
            var phoneme_type: String?
            var num_speakers: Int?
            var phoneme_id_map: [String: [Int]]
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw Problem(description: "not a Piper voice configuration (\(error is DecodingError ? "it lacks audio.sample_rate or phoneme_id_map" : "not JSON"))")
        }
        guard file.phoneme_type ?? "espeak" == "espeak" else {
            throw Problem(description: "phoneme_type is '\(file.phoneme_type ?? "")'; only espeak phonemes are supported")
        }
        guard (8000...96000).contains(file.audio.sample_rate) else {
            throw Problem(description: "audio.sample_rate \(file.audio.sample_rate) is not a sample rate")
        }
        var ids: [Unicode.Scalar: Int] = [:]
        for (symbol, values) in file.phoneme_id_map {
            guard let id = values.first, symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first else { continue }
            ids[scalar] = id
        }
        for required in ["^", "$", "_"] where ids[Unicode.Scalar(required)!] == nil {
            throw Problem(description: "phoneme_id_map lacks '\(required)' (start, end and pad)")
        }
        return PiperConfig(sampleRate: file.audio.sample_rate, espeakVoice: file.espeak?.voice ?? "en-us",
                           speakers: file.num_speakers ?? 1, noiseScale: file.inference?.noise_scale ?? 0.667,
                           lengthScale: file.inference?.length_scale ?? 1, noiseW: file.inference?.noise_w ?? 0.8, phonemeIDs: ids)
    }

    /// sherpa-onnx's `tokens.txt`: a line a phoneme, then its id.
    public var tokens: String {
        phonemeIDs.sorted { $0.value < $1.value }.map { "\(Character($0.key)) \($0.value)\n" }.joined()
    }

    /// The metadata sherpa-onnx reads from a Piper model before it runs it.
    public var metadata: [(String, String)] {
        [("model_type", "vits"), ("comment", "piper"), ("language", espeakVoice), ("voice", espeakVoice),
         ("has_espeak", "1"), ("n_speakers", "\(speakers)"), ("sample_rate", "\(sampleRate)")]
    }
}

/// A Piper model made ready for sherpa-onnx, which reads the model's sample rate and kind from
/// metadata inside the `.onnx` (Piper keeps them in the `.onnx.json`) and its phonemes from a
/// `tokens.txt`. Both are derived from the voice's own files into a folder keyed by the model's
/// SHA-256 (`~/.cache/audioedition/models`, else the segment cache's `models/`), once.
///
/// The metadata is added by appending `metadata_props` entries (field 14 of ONNX's
/// `ModelProto`) to a copy of the file: a protobuf message may be extended by appending fields,
/// and a repeated field's entries are joined. The message's top-level fields are walked first
/// so that a key the model already has is not added twice. Written by hand because this is
/// three small varint-framed strings; swift-protobuf would add minutes to every cold build.
public enum PreparedModel {
    public struct Files: Sendable, Equatable {
        public var model: String
        public var tokens: String
    }

    public static func folder(cache: URL?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let base = environment["XDG_CACHE_HOME"] ?? environment["HOME"].map({ $0 + "/.cache" }), base.hasPrefix("/") {
            return URL(fileURLWithPath: base).appendingPathComponent("audioedition/models")
        }
        return (cache ?? FileManager.default.temporaryDirectory).appendingPathComponent("models")
    }

    /// The prepared model and tokens for `model`, made now if they are not there yet.
    public static func files(for model: InstalledModel, config: PiperConfig, in folder: URL) throws -> Files {
        let files = Files(model: folder.appendingPathComponent("\(model.sha256).onnx").path,
                          tokens: folder.appendingPathComponent("\(model.sha256).tokens.txt").path)
        let manager = FileManager.default
        if manager.fileExists(atPath: files.model), manager.fileExists(atPath: files.tokens) { return files }
        if let reason = SegmentCache.makeDirectories(folder.path) {
            throw PiperConfig.Problem(description: "\(folder.path): cannot create it: \(reason)")
        }
        let original: Data
        do { original = try Data(contentsOf: URL(fileURLWithPath: model.path), options: .alwaysMapped) } catch {
            throw PiperConfig.Problem(description: "\(model.path): cannot be read: \(SourceText.reason(error))")
        }
        guard let present = metadataKeys(original) else {
            throw PiperConfig.Problem(description: "\(model.path): not an ONNX model (its protobuf framing is broken)")
        }
        var appended = Data()
        for (key, value) in config.metadata where !present.contains(key) {
            let entry = field(1, key) + field(2, value)
            appended.append(0x72)  // field 14, length-delimited
            appended.append(contentsOf: varint(entry.count))
            appended.append(contentsOf: entry)
        }
        try AtomicFile.write(Data(config.tokens.utf8), to: URL(fileURLWithPath: files.tokens), scratch: folder)
        try AtomicFile.writing(to: URL(fileURLWithPath: files.model), scratch: folder) { handle in
            try handle.write(contentsOf: original)
            try handle.write(contentsOf: appended)
        }
        return files
    }

    /// The keys of the model's `metadata_props`; nil when the bytes are not a protobuf message.
    static func metadataKeys(_ data: Data) -> Set<String>? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Set<String>? in
            var at = 0
            func readVarint() -> Int? {
                var value = 0, shift = 0
                while at < bytes.count, shift < 64 {
                    let byte = bytes[at]
                    at += 1
                    value |= Int(byte & 0x7F) << shift
                    if byte & 0x80 == 0 { return value }
                    shift += 7
                }
                return nil
            }
            var keys: Set<String> = []
            while at < bytes.count {
                guard let tag = readVarint() else { return nil }
                switch tag & 7 {
                case 0: guard readVarint() != nil else { return nil }
                case 1: at += 8
                case 5: at += 4
                case 2:
                    guard let length = readVarint(), length >= 0, length <= bytes.count - at else { return nil }
                    if tag >> 3 == 14 {
                        // StringStringEntryProto: key is field 1.
                        let end = at + length
                        while at < end {
                            guard let inner = readVarint(), inner & 7 == 2, let size = readVarint(), size <= end - at else { return nil }
                            if inner >> 3 == 1 { keys.insert(String(decoding: bytes[at..<(at + size)], as: UTF8.self)) }
                            at += size
                        }
                    } else {
                        at += length
                    }
                default: return nil
                }
                guard at <= bytes.count else { return nil }
            }
            return keys
        }
    }

    private static func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(value), out: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            out.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return out
    }

    private static func field(_ number: Int, _ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return [UInt8(number << 3 | 2)] + varint(bytes.count) + bytes
    }
}
