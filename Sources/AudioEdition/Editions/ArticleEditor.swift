import Foundation

/// What an article's episode will be, before any audio is made: its script, and the content
/// key of every segment's audio.
public struct EpisodePlan: Sendable {
    public var id: String
    public var path: String
    public var source: ArticleSource
    public var voice: VoiceProfile
    /// The profile and its lexicon, hashed: a lexicon edit makes a new revision.
    public var voiceHash: String
    public var formats: [AudioFormat]
    /// Loudness, true-peak ceiling and MP3 bitrate of the master every format is made from.
    public var master: MasterSettings
    public var engine: String
    public var sampleRate: Int
    /// Builds the segments again, block by block, when the episode is assembled: a plan
    /// keeps only what each segment needs before then, so a long article's word-level
    /// detail is never all in memory at once.
    public var script: ScriptBuilder
    /// `SegmentKey` of each segment, in order.
    public var keys: [String]
    /// What each segment gives the engine, in order; a run drops these once it has handed
    /// them to the workers.
    public var spoken: [String]
    /// Where each segment is, for messages: "paragraph 3 ("The first words…")".
    public var places: [String]
    public var previous: Manifest.Episode?

    public var revision: Int { (previous?.revision ?? 0) + 1 }
}

/// Makes article episodes in three steps, so a run can spread the middle one over worker
/// processes: `plan` reads the article and keys its segments; the audio of every key is put
/// in the segment cache (by a `WorkerPool`, or in-process by `render`); `assemble` streams
/// the cached segments into the episode's files and moves them into place; `ManifestWriter`
/// records it. Files appear under their final names only when complete, and the manifest is
/// replaced in one rename after them.
public final class ArticleEditor: Sendable {
    public enum Planned: Sendable {
        case needed(EpisodePlan)
        case upToDate(Manifest.Episode)
    }

    public let output: OutputFolder
    public let cache: SegmentCache
    private let lexicon: Lexicon
    private let now: @Sendable () -> Date
    /// Whether a new revision's MP3 and FLAC may be spliced from the last one's (`MP3Splice`,
    /// `FLACSplice`).
    private let splicing: Bool

    public init(output: OutputFolder, cache: SegmentCache? = nil, lexicon: Lexicon = Lexicon(), now: @escaping @Sendable () -> Date = Date.init,
                splicing: Bool = Mastering.splicing) {
        self.output = output
        self.cache = cache ?? SegmentCache(output: output)
        self.lexicon = lexicon
        self.now = now
        self.splicing = splicing
    }

    /// Reads and checks the article, builds its script and keys, and compares it with its
    /// last episode. Nothing is written.
    public func plan(path: String, voice: VoiceProfile, formats: [AudioFormat], master: MasterSettings = MasterSettings(),
                     engine: String, sampleRate: Int, manifest: Manifest) throws -> Planned {
        try plan(source: ArticleReader().read(path: path), voice: voice, formats: formats, master: master, engine: engine,
                 sampleRate: sampleRate, manifest: manifest)
    }

    /// `lexicon` is the voice's, over the editor's own. The script is normalised by the rules
    /// of the article's language.
    public func plan(source: ArticleSource, voice: VoiceProfile, lexicon: Lexicon? = nil, formats: [AudioFormat],
                     master: MasterSettings = MasterSettings(), engine: String, sampleRate: Int, manifest: Manifest) throws -> Planned {
        let path = source.path
        let lexicon = lexicon ?? self.lexicon
        let script = ScriptBuilder(article: source.article, pauses: voice.pauses, lexicon: lexicon)
        let profileHash = voice.sha256
        let voiceHash = lexicon.entries.isEmpty ? profileHash : SHA256.hex(profileHash + lexicon.sha256)
        // The episode this article already has: by its identity, or, in a manifest from
        // before identities, by its path.
        let identity = EpisodeID.identity(of: source)
        let absolute = SourceLocation.absolute(path)
        let previous = manifest.episodes.first { $0.kind == "article" && $0.source.identity == identity }
            ?? manifest.episodes.first { $0.kind == "article" && $0.source.identity == nil && $0.source.path == absolute }
        let id = previous?.id ?? EpisodeID.make(title: source.article.title, identity: identity)
        if let previous, isCurrent(previous, source: source, voice: voiceHash, formats: formats, master: master, engine: engine) {
            return .upToDate(Self.refreshed(previous, from: source))
        }
        var keys: [String] = [], spoken: [String] = [], places: [String] = []
        for block in 0..<script.blockCount {
            for segment in script.segments(forBlock: block) {
                keys.append(SegmentKey.make(text: segment.spoken, voice: profileHash, engine: engine, sampleRate: sampleRate))
                spoken.append(segment.spoken)
                places.append(Self.place(of: segment))
            }
        }
        // A voice or lexicon edit that changes none of this episode's audio leaves it alone:
        // the same keys in the same order make the same files. So does a page fetched by
        // address whose bytes changed around an unchanged story (an advert, a timestamp, a
        // token): what is spoken decides, and the manifest takes the page's new hash.
        let sameSource = previous?.source.sha256 == source.sha256 || (source.validators != nil && previous?.title == source.article.title)
        if let previous, previous.segments.map(\.key) == keys, sameSource, previous.engine == engine,
           previous.files.map(\.format) == formats.map(\.rawValue), previous.master?.settings == master,
           output.holdsWhole(previous.files) {
            return .upToDate(Self.refreshed(previous, from: source))
        }
        return .needed(EpisodePlan(id: id, path: path, source: source, voice: voice, voiceHash: voiceHash, formats: formats,
                                   master: master, engine: engine, sampleRate: sampleRate, script: script, keys: keys, spoken: spoken,
                                   places: places, previous: previous))
    }

    /// An up-to-date episode as its fetched source now stands: the page's new hash and
    /// validators, to compare and ask with next time. `ManifestWriter.refresh` records it
    /// (and the watcher, for a page it found unchanged without a run).
    static func refreshed(_ episode: Manifest.Episode, from source: ArticleSource) -> Manifest.Episode {
        guard let validators = source.validators else { return episode }
        var episode = episode
        (episode.source.sha256, episode.source.etag, episode.source.lastModified) = (source.sha256, validators.etag, validators.lastModified)
        return episode
    }

    /// "paragraph 3 ("Hungary has obstructed the European…")", "headline ("…")".
    static func place(of segment: Script.Segment) -> String {
        let place = segment.block == 0 ? (segment.role == .title ? "headline" : "byline") : "paragraph \(segment.block)"
        let words = segment.text.split(separator: " ")
        let start = words.prefix(8).joined(separator: " ") + (words.count > 8 ? "…" : "")
        return "\(place) (\"\(start)\")"
    }

    /// Streams the plan's cached segments, with the profile's pauses, into one lossless file
    /// at the voice's rate and the transcript, masters that into every format
    /// (`Mastering`, as a briefing is mastered), and moves the finished files into place.
    /// The episode is not yet in the manifest: `ManifestWriter.commit` puts it there.
    /// `waitingFor` is called with each segment's key before it is read, to wait until a
    /// worker has spoken it; whatever it throws stops the assembly, and the temporaries are
    /// removed.
    public func assemble(_ plan: EpisodePlan, waitingFor: (String) throws -> Void = { _ in }) throws -> Manifest.Episode {
        let article = plan.source.article
        let build = try EpisodeBuild(output: output, sampleRate: plan.sampleRate, previous: plan.previous, keys: plan.keys,
                                     bitrate: plan.master.mp3Bitrate, splicing: splicing)
        let rate = Double(plan.sampleRate)
        var segments: [Manifest.Episode.Segment] = []
        // Each silence is written before the segment it follows, so the last segment can be
        // followed by the tail pause.
        var pause = plan.voice.pauses.leadIn
        var keys = plan.keys.makeIterator()
        for block in 0..<plan.script.blockCount {
            for segment in plan.script.segments(forBlock: block) {
                guard let key = keys.next() else { throw OutputError(path: plan.path, problem: "the script changed while it was spoken") }
                try waitingFor(key)
                build.silence(seconds: pause)
                let (start, end) = try build.speak(segment, recording: cache.load(key))
                segments.append(Manifest.Episode.Segment(key: key, role: segment.role.rawValue,
                                                         start: Double(start) / rate, end: Double(end) / rate))
                pause = segment.pauseAfter
            }
        }
        build.silence(seconds: plan.voice.pauses.tail)
        let tags = AudioTags(
            title: article.title,
            artist: article.byline.isEmpty ? "AudioEdition" : article.byline.joined(separator: ", "),
            album: "AudioEdition",
            date: article.published ?? UTCDates.day(now()),
            comment: "Read by \(plan.engine), voice \(plan.voice.name), from \(URL(fileURLWithPath: plan.path).lastPathComponent)"
        )
        let finished = try build.finish(id: plan.id, revision: plan.revision, formats: plan.formats, master: plan.master, tags: tags)

        // The manifest keeps whole seconds; so does the episode, so it compares equal once read back.
        let time = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        var episode = Manifest.Episode(
            id: plan.id, kind: "article", title: article.title, revision: plan.revision,
            source: .init(path: SourceLocation.absolute(plan.path), sha256: plan.source.sha256,
                          identity: EpisodeID.identity(of: plan.source), etag: plan.source.validators?.etag,
                          lastModified: plan.source.validators?.lastModified, feed: plan.source.feed, item: plan.source.item),
            voice: .init(name: plan.voice.name, sha256: plan.voiceHash), engine: plan.engine,
            files: finished.files, transcript: finished.transcript, segments: segments,
            created: plan.previous?.created ?? time, updated: time)
        episode.master = finished.master
        episode.wordTranscript = finished.wordTranscript
        episode.language = article.language
        return episode
    }

    /// Plans, speaks and assembles one article in this process with `engine`, through the
    /// cache, and records it in the manifest. The CLI spreads the speaking over worker
    /// processes instead (`EditionRun`); this is the same path with one engine, for the
    /// library and its tests.
    public func render(path: String, voice: VoiceProfile, formats: [AudioFormat], engine: any SpeechEngine) throws -> Outcome {
        let writer = try ManifestWriter(output: output)
        switch try plan(path: path, voice: voice, formats: formats, engine: engine.version, sampleRate: engine.sampleRate,
                        manifest: writer.manifest) {
        case let .upToDate(episode):
            try writer.refresh(episode)
            return .upToDate(episode)
        case let .needed(plan):
            try cache.prepare()
            try engine.use(voice)
            var spoken = 0
            for (text, key) in zip(plan.spoken, plan.keys) where !cache.contains(key) {
                let recorder = SegmentRecorder(sampleRate: engine.sampleRate)
                try engine.speak(text, into: recorder)
                try cache.store(recorder.recording, for: key)
                spoken += 1
            }
            var episode = try assemble(plan)
            episode.history = (plan.previous?.history ?? []) + [.entry(for: episode, replacing: plan.previous, synthesised: spoken)]
            try writer.commit(episode, replacing: plan.previous)
            return .rendered(episode)
        }
    }

    public enum Outcome: Sendable {
        case rendered(Manifest.Episode)
        case upToDate(Manifest.Episode)

        public var episode: Manifest.Episode {
            switch self {
            case let .rendered(episode), let .upToDate(episode): episode
            }
        }
    }

    /// Nothing that changes the sound differs, and the files are still there.
    private func isCurrent(_ episode: Manifest.Episode, source: ArticleSource, voice: String, formats: [AudioFormat],
                           master: MasterSettings, engine: String) -> Bool {
        guard episode.source.sha256 == source.sha256, episode.voice.sha256 == voice, episode.master?.settings == master,
              episode.engine == engine, episode.files.map(\.format) == formats.map(\.rawValue) else { return false }
        return output.holdsWhole(episode.files)
    }

}

