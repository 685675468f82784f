import Foundation

/// Makes one article's episode: reads it, speaks it, writes the files, and records it in
/// the manifest. Files appear under their final names only when complete, and the manifest
/// is replaced in one rename after them.
public final class ArticleEditor {
    public enum Outcome {
        case rendered(Manifest.Episode)
        case upToDate(Manifest.Episode)

        public var episode: Manifest.Episode {
            switch self {
            case let .rendered(episode), let .upToDate(episode): episode
            }
        }
    }

    private let makeEngine: () throws -> any SpeechEngine
    private var madeEngine: (any SpeechEngine)?
    private let output: OutputFolder
    private let lexicon: Lexicon
    private let now: () -> Date

    /// The engine is made on first need, so bad input is refused without starting one.
    public init(engine: @escaping @autoclosure () throws -> any SpeechEngine, output: OutputFolder, lexicon: Lexicon = Lexicon(),
                now: @escaping () -> Date = Date.init) {
        makeEngine = engine
        self.output = output
        self.lexicon = lexicon
        self.now = now
    }

    private func engine() throws -> any SpeechEngine {
        if let madeEngine { return madeEngine }
        let engine = try makeEngine()
        madeEngine = engine
        return engine
    }

    /// Everything that can be wrong with the input is found before anything is written.
    public func render(path: String, voice: VoiceProfile, formats: [AudioFormat]) throws -> Outcome {
        let source = try ArticleReader().read(path: path)
        let article = source.article
        let script = ScriptBuilder(article: article, pauses: voice.pauses, lexicon: lexicon)
        // The voice is the profile and its lexicon: a lexicon edit makes a new revision.
        let profileHash = voice.sha256
        let voiceHash = lexicon.entries.isEmpty ? profileHash : SHA256.hex(profileHash + lexicon.sha256)
        let store = ManifestStore(output: output)
        var manifest = try store.load()
        let id = EpisodeID.forSource(path: path)
        let previous = manifest.episode(id: id)
        let engine = try engine()
        if let previous, isCurrent(previous, source: source, voice: voiceHash, formats: formats, engine: engine.version) {
            return .upToDate(previous)
        }
        let revision = (previous?.revision ?? 0) + 1

        var temporaries: [URL] = []
        defer { for url in temporaries { try? FileManager.default.removeItem(at: url) } }
        let tags = AudioTags(
            title: article.title,
            artist: article.byline.isEmpty ? "AudioEdition" : article.byline.joined(separator: ", "),
            album: "AudioEdition",
            date: article.published ?? Self.day(now()),
            comment: "Read by \(engine.version), voice \(voice.name), from \(URL(fileURLWithPath: path).lastPathComponent)"
        )
        var sinks: [SoundFile] = []
        for format in formats {
            let url = try output.temporaryFile(extension: format.fileExtension)
            temporaries.append(url)
            sinks.append(try SoundFile(writingTo: url, format: format, sampleRate: engine.sampleRate, tags: tags))
        }

        let transcriptURL = try output.temporaryFile(extension: "vtt")
        temporaries.append(transcriptURL)
        let transcriptWriter = try WebVTTWriter(url: transcriptURL, sampleRate: engine.sampleRate)

        try engine.use(voice)
        let assembler = EpisodeAssembler(outputs: sinks, sampleRate: engine.sampleRate)
        let rate = Double(engine.sampleRate)
        var segments: [Manifest.Episode.Segment] = []
        // Each silence is written before the segment it precedes, so the last segment can be
        // followed by the tail pause without knowing ahead which segment is last.
        var pause = voice.pauses.leadIn
        for block in 0..<script.blockCount {
            for segment in script.segments(forBlock: block) {
                try assembler.writeSilence(seconds: pause)
                let start = assembler.position
                try transcriptWriter.append(assembler.speak(segment, with: engine))
                segments.append(Manifest.Episode.Segment(
                    key: SegmentKey.make(text: segment.spoken, voice: profileHash, engine: engine.version, sampleRate: engine.sampleRate),
                    role: segment.role.rawValue, start: Double(start) / rate, end: Double(assembler.position) / rate))
                pause = segment.pauseAfter
            }
        }
        try assembler.writeSilence(seconds: voice.pauses.tail)
        for sink in sinks { try sink.close() }
        try transcriptWriter.close()

        // Describe the files while they are still temporaries, then move each into place.
        var files: [Manifest.Episode.File] = []
        for (format, url) in zip(formats, temporaries) {
            files.append(Manifest.Episode.File(
                path: output.relativePath(episode: id, revision: revision, extension: format.fileExtension),
                format: format.rawValue, sampleRate: engine.sampleRate,
                duration: Double(assembler.position) / rate,
                bytes: try Self.size(of: url), sha256: try SHA256.hex(fileAt: url)))
        }
        let transcript = output.relativePath(episode: id, revision: revision, extension: "vtt")
        for (file, url) in zip(files.map(\.path) + [transcript], temporaries) {
            try AtomicFile.move(url, to: output.url(relative: file))
        }
        temporaries.removeAll()

        // The manifest keeps whole seconds; so does the episode, so it compares equal once read back.
        let time = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        let episode = Manifest.Episode(
            id: id, kind: "article", title: article.title, revision: revision,
            source: .init(path: URL(fileURLWithPath: path).standardizedFileURL.path, sha256: source.sha256),
            voice: .init(name: voice.name, sha256: voiceHash), engine: engine.version,
            files: files, transcript: transcript, segments: segments,
            created: previous?.created ?? time, updated: time)
        manifest.upsert(episode)
        do {
            try store.save(manifest)
        } catch {
            // The manifest still names the previous revision: the new files are orphans.
            for path in files.map(\.path) + [transcript] { try? FileManager.default.removeItem(at: output.url(relative: path)) }
            throw error
        }
        // Only now that the manifest no longer names them may the old revision's files go.
        if let previous {
            let kept = Set(files.map(\.path) + [transcript])
            for path in previous.files.map(\.path) + [previous.transcript] where !kept.contains(path) {
                try? FileManager.default.removeItem(at: output.url(relative: path))
            }
        }
        return .rendered(episode)
    }

    /// Nothing that changes the sound differs, and the files are still there.
    private func isCurrent(_ episode: Manifest.Episode, source: ArticleSource, voice: String, formats: [AudioFormat], engine: String) -> Bool {
        guard episode.source.sha256 == source.sha256, episode.voice.sha256 == voice,
              episode.engine == engine, episode.files.map(\.format) == formats.map(\.rawValue) else { return false }
        return episode.files.allSatisfy { file in
            (try? Self.size(of: output.url(relative: file.path))) == file.bytes
        }
    }

    private static func size(of url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
