import Foundation
import Synchronization

/// The engines a voice profile can name.
public enum SpeechEngineKind: String, CaseIterable, Sendable {
    /// espeak-ng's own formant voices.
    case espeak = "espeak-ng"
    /// A neural Piper (VITS) voice, run by sherpa-onnx on espeak-ng's IPA phonemes.
    case piper
}

/// A neural profile's `neural` block: which Piper model speaks, and how.
///
/// The scales default to the model's own (`inference` in its `.onnx.json`), as Piper's own
/// command reads them; `sentenceSilence` defaults to Piper's 0.2 s.
public struct NeuralSettings: Codable, Sendable, Equatable {
    /// The model's file name (`en_US-joe-medium.onnx`, or without `.onnx`), found in the
    /// Voices folder's `models/`, then the models folder (`ModelFolders`); or an absolute path.
    public var model: String
    /// Above 1 slower, below 1 faster (VITS's duration scale).
    public var lengthScale: Double?
    /// How much the voice varies from its mean sound (VITS's prior noise).
    public var noiseScale: Double?
    /// How much the durations vary (VITS's duration-predictor noise).
    public var noiseW: Double?
    /// Seconds of silence between sentences within a segment.
    public var sentenceSilence: Double?
    /// The model's licence, as `edition voices` shows it; not part of the sound.
    public var licence: String?
    /// Where the model was found and its SHA-256: set when the profile is loaded
    /// (`VoiceLibrary.load`), never read from the profile's file, and not part of the
    /// profile's hash (the engine's identity carries the model's SHA-256 instead).
    public var installed: InstalledModel?

    public init(model: String, lengthScale: Double? = nil, noiseScale: Double? = nil, noiseW: Double? = nil,
                sentenceSilence: Double? = nil, licence: String? = nil) {
        self.model = model
        self.lengthScale = lengthScale
        self.noiseScale = noiseScale
        self.noiseW = noiseW
        self.sentenceSilence = sentenceSilence
        self.licence = licence
    }

    public static let defaultSentenceSilence = 0.2
}

/// A Piper model found on disk: the `.onnx`, its `.onnx.json` beside it, and the model's
/// SHA-256, which every segment key spoken with it includes.
public struct InstalledModel: Codable, Sendable, Equatable, Hashable {
    public var path: String
    public var sha256: String

    public var configPath: String { path + ".json" }
    public var fileName: String { (path as NSString).lastPathComponent }

    /// What identifies this model's sound in segment keys and the manifest: its file name and
    /// SHA-256, the library that runs it and the espeak-ng that phonemises for it.
    public func engineIdentity(espeak: String) -> String {
        "piper \(fileName) sha256:\(sha256) on sherpa-onnx \(PiperVoice.libraryVersion), phonemes by \(espeak)"
    }
}

/// Where Piper models are looked for, in order: the Voices folder's `models/` (a voice a
/// user drops in), then `$EDITION_MODELS`, else `/usr/local/share/audioedition/models`,
/// where `make voices` (`.ci/install-neural`) installs the bundled one.
public enum ModelFolders {
    public static let installed = "/usr/local/share/audioedition/models"
    public static let installCommand = "`make voices` (.ci/install-neural)"

    public static func search(voices: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        [voices.appendingPathComponent("models").path, environment["EDITION_MODELS"] ?? installed]
    }
}

extension VoiceProfile {
    /// What identifies the engine's sound in segment keys and the manifest: espeak-ng's
    /// version for its own voices, the model's identity for a neural one.
    public func engineIdentity(espeak: String) -> String {
        guard speechEngine == .piper, let model = neural?.installed else { return espeak }
        return model.engineIdentity(espeak: espeak)
    }
}

/// Models' SHA-256s, hashed once a process for as long as a file's size and modification
/// time stay the same: a briefing loads several profiles on one model, and 63 MB take
/// about 60 ms to hash.
enum ModelDigests {
    private static let known = Mutex<[String: (size: Int, modified: Date, digest: String)]>([:])

    static func sha256(of path: String) throws -> String {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
        let modified = attributes[.modificationDate] as? Date ?? .distantPast
        if let entry = known.withLock({ $0[path] }), entry.size == size, entry.modified == modified { return entry.digest }
        let digest = try SHA256.hex(fileAt: URL(fileURLWithPath: path))
        known.withLock { $0[path] = (size, modified, digest) }
        return digest
    }
}
