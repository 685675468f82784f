import Foundation

/// How one voice sounds and paces an episode. Loaded from `Voices/<name>.json`.
public struct VoiceProfile: Codable, Sendable, Equatable {
    /// Silences the assembler writes between segments, in seconds.
    public struct Pauses: Codable, Sendable, Equatable {
        /// Before the first word of the episode.
        public var leadIn: Double
        /// After the title.
        public var afterTitle: Double
        /// Between paragraphs.
        public var betweenParagraphs: Double
        /// After the last word of the episode.
        public var tail: Double

        public init(leadIn: Double = 0.3, afterTitle: Double = 1.0, betweenParagraphs: Double = 0.7, tail: Double = 0.8) {
            self.leadIn = leadIn
            self.afterTitle = afterTitle
            self.betweenParagraphs = betweenParagraphs
            self.tail = tail
        }
    }

    public var name: String
    public var description: String
    /// The espeak-ng voice, for example `en-us`.
    public var espeakVoice: String
    /// Words per minute (espeak-ng accepts 80 to 450).
    public var rate: Int
    /// Base pitch, 0 to 100.
    public var pitch: Int
    /// Pitch range, 0 (monotone) to 100.
    public var pitchRange: Int
    /// Amplitude, 0 to 200; 100 is espeak-ng's default.
    public var volume: Int
    /// Extra pause between words, in units of 10 ms at the default rate.
    public var wordGap: Int
    public var pauses: Pauses
    /// The engine that speaks: nil or `espeak-ng` for espeak-ng's own voices, `piper` for a
    /// neural Piper voice that speaks espeak-ng's phonemes (`espeakVoice` phonemises).
    /// `rate` then only paces the reference the word timings are taken from, and `pitch`,
    /// `pitchRange`, `volume` and `wordGap` are unused.
    public var engine: String?
    /// The neural settings; nil for an espeak-ng voice.
    public var neural: NeuralSettings?

    public init(name: String, description: String = "", espeakVoice: String = "en-us", rate: Int = 175, pitch: Int = 50,
                pitchRange: Int = 50, volume: Int = 100, wordGap: Int = 0, pauses: Pauses = Pauses()) {
        self.name = name
        self.description = description
        self.espeakVoice = espeakVoice
        self.rate = rate
        self.pitch = pitch
        self.pitchRange = pitchRange
        self.volume = volume
        self.wordGap = wordGap
        self.pauses = pauses
    }

    /// The engine this profile names.
    public var speechEngine: SpeechEngineKind { engine.flatMap(SpeechEngineKind.init(rawValue:)) ?? .espeak }

    /// The canonical JSON of everything that changes the sound (sorted keys, no description
    /// or licence), so that editing a comment does not invalidate audio. The fields a neural
    /// voice added are absent from an espeak-ng profile's form, so its hash is as it was.
    public var canonicalForm: String {
        var audible = self
        audible.description = ""
        audible.neural?.licence = nil
        audible.neural?.installed = nil
        // Encoding a struct of strings and numbers cannot fail.
        let data = (try? JSONEncoder.canonical().encode(audible)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public var sha256: String { SHA256.hex(canonicalForm) }

    /// Range checks, so a typo in a profile is reported by name instead of reaching espeak-ng.
    public func validate() throws(VoiceError) {
        func require(_ ok: Bool, _ problem: String) throws(VoiceError) {
            if !ok { throw .invalidProfile(name: name, problem: problem) }
        }
        try require(!espeakVoice.isEmpty, "espeakVoice is empty")
        try require((80...450).contains(rate), "rate \(rate) is outside 80...450 words per minute")
        try require((0...100).contains(pitch), "pitch \(pitch) is outside 0...100")
        try require((0...100).contains(pitchRange), "pitchRange \(pitchRange) is outside 0...100")
        try require((0...200).contains(volume), "volume \(volume) is outside 0...200")
        try require((0...100).contains(wordGap), "wordGap \(wordGap) is outside 0...100")
        let p = pauses
        for (label, seconds) in [("leadIn", p.leadIn), ("afterTitle", p.afterTitle),
                                 ("betweenParagraphs", p.betweenParagraphs), ("tail", p.tail)] {
            try require((0...10).contains(seconds), "pause \(label) \(seconds) s is outside 0...10 s")
        }
        if let engine {
            try require(SpeechEngineKind(rawValue: engine) != nil,
                        "engine '\(engine)' is not one of \(SpeechEngineKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch (speechEngine, neural) {
        case (.piper, nil): try require(false, "engine 'piper' needs a 'neural' block naming its model")
        case (.espeak, .some): try require(false, "a 'neural' block needs \"engine\": \"piper\"")
        case let (.piper, settings?):
            try require(!settings.model.isEmpty, "neural.model is empty")
            try require(settings.lengthScale.map { (0.25...4).contains($0) } ?? true, "neural.lengthScale is outside 0.25...4")
            try require(settings.noiseScale.map { (0...2).contains($0) } ?? true, "neural.noiseScale is outside 0...2")
            try require(settings.noiseW.map { (0...2).contains($0) } ?? true, "neural.noiseW is outside 0...2")
            try require(settings.sentenceSilence.map { (0...5).contains($0) } ?? true, "neural.sentenceSilence is outside 0...5 s")
        case (.espeak, nil): break
        }
    }
}

/// Problems finding or loading a voice profile.
public enum VoiceError: Error, Equatable, CustomStringConvertible {
    case unknownVoice(name: String, available: [String])
    case unreadableProfile(path: String, problem: String)
    case invalidProfile(name: String, problem: String)
    case noVoicesFolder(searched: [String])
    case briefingProfile(path: String, problem: String)
    /// `languages.tsv` cannot be read, or names a profile the folder lacks.
    case languageMap(path: String, problem: String)
    /// A neural profile's model (or its `.onnx.json`) is not installed.
    case missingModel(voice: String, file: String, searched: [String])
    /// A neural profile's model is there but cannot be used.
    case unusableModel(voice: String, path: String, problem: String)

    public var description: String {
        switch self {
        case let .unknownVoice(name, available):
            "unknown voice '\(name)'; available voices: \(available.joined(separator: ", "))"
        case let .unreadableProfile(path, problem):
            "\(path): not a valid voice profile: \(problem)"
        case let .invalidProfile(name, problem):
            "voice profile '\(name)': \(problem)"
        case let .briefingProfile(path, problem), let .languageMap(path, problem):
            "\(path): \(problem)"
        case let .missingModel(voice, file, searched):
            "voice '\(voice)': its model \(file) is not installed (looked in \(searched.joined(separator: ", "))); "
                + "install it with \(ModelFolders.installCommand), or put the .onnx and its .onnx.json in the Voices folder's models/"
        case let .unusableModel(voice, path, problem):
            "voice '\(voice)': \(path): \(problem)"
        case let .noVoicesFolder(searched):
            "no Voices folder found (looked in \(searched.joined(separator: ", "))); pass --voices DIR"
        }
    }
}

/// The voice profiles in a `Voices/` folder.
public struct VoiceLibrary: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// Finds the Voices folder: an explicit one, then `./Voices`, then the nearest
    /// `Voices/` above the running executable (the checkout it was built in).
    public static func locate(explicit: String?, executable: URL = URL(fileURLWithPath: CommandLine.arguments[0])) throws(VoiceError) -> VoiceLibrary {
        if let explicit { return VoiceLibrary(folder: URL(fileURLWithPath: explicit)) }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Voices")]
        var dir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            candidates.append(dir.appendingPathComponent("Voices"))
            dir.deleteLastPathComponent()
        }
        for candidate in candidates {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), isDir.boolValue {
                return VoiceLibrary(folder: candidate)
            }
        }
        throw .noVoicesFolder(searched: [candidates[0].path, "the folders above \(executable.path)"])
    }

    /// The pronunciation lexicon for a profile's language (`lexicon/en.tsv` for `en-us`),
    /// or an empty one when there is none.
    public func lexicon(for profile: VoiceProfile) throws -> Lexicon {
        let language = profile.espeakVoice.split(separator: "-").first.map(String.init) ?? profile.espeakVoice
        let url = folder.appendingPathComponent("lexicon/\(language).tsv")
        guard FileManager.default.fileExists(atPath: url.path) else { return Lexicon() }
        do {
            let lexicon = try Lexicon.load(url)
            return profile.speechEngine == .espeak ? lexicon : lexicon.forNeuralVoice()
        } catch {
            throw VoiceError.unreadableProfile(path: url.path, problem: error.localizedDescription)
        }
    }

    /// Profile names, sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The profile `name`, checked, with its neural model found (`installing`).
    public func load(_ name: String) throws(VoiceError) -> VoiceProfile {
        try installing(profile(name))
    }

    /// The profile `name` as its file says, checked, without looking for its model.
    public func profile(_ name: String) throws(VoiceError) -> VoiceProfile {
        let available = names()
        guard available.contains(name) else { throw .unknownVoice(name: name, available: available) }
        let url = folder.appendingPathComponent("\(name).json")
        var profile: VoiceProfile
        do {
            profile = try JSONDecoder().decode(VoiceProfile.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw .unreadableProfile(path: url.path, problem: Self.describe(error))
        } catch {
            throw .unreadableProfile(path: url.path, problem: error.localizedDescription)
        }
        // The file name is the profile's identity; a mismatching "name" field would make
        // two different files look like one voice in the manifest.
        profile.name = name
        profile.neural?.installed = nil
        try profile.validate()
        return profile
    }

    /// The profile with its neural model found: its `.onnx` and `.onnx.json` located, the
    /// configuration checked, and where the model is and its SHA-256 recorded. A missing file
    /// is an error naming the voice, the file and how to install it: never another voice
    /// instead. An espeak-ng profile is returned as it is.
    public func installing(_ profile: VoiceProfile) throws(VoiceError) -> VoiceProfile {
        guard profile.speechEngine == .piper, var settings = profile.neural else { return profile }
        let file = settings.model.hasSuffix(".onnx") ? settings.model : settings.model + ".onnx"
        let absolute = file.hasPrefix("/")
        let searched = absolute ? [(file as NSString).deletingLastPathComponent] : ModelFolders.search(voices: folder)
        let candidates = absolute ? [file] : searched.map { ($0 as NSString).appendingPathComponent(file) }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw .missingModel(voice: profile.name, file: file, searched: searched)
        }
        guard FileManager.default.fileExists(atPath: path + ".json") else {
            throw .missingModel(voice: profile.name, file: file + ".json", searched: [(path as NSString).deletingLastPathComponent])
        }
        do {
            _ = try PiperConfig.load(path + ".json")
        } catch {
            throw .unusableModel(voice: profile.name, path: path + ".json", problem: "\(error)")
        }
        let digest: String
        do { digest = try ModelDigests.sha256(of: path) } catch {
            throw .unusableModel(voice: profile.name, path: path, problem: "cannot be read: \(error)")
        }
        settings.installed = InstalledModel(path: path, sha256: digest)
        var installed = profile
        installed.neural = settings
        return installed
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _): "missing key '\(key.stringValue)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case let .dataCorrupted(context): context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        @unknown default: "\(error)"
        }
    }
}
