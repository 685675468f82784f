import Foundation

/// Makes a briefing: one episode from many stories, with an intro, transitions, chapters
/// and an outro, spoken by worker processes through the segment cache, assembled once,
/// mastered once (`Mastering`), and published: the manifest, `playlist.m3u8` and
/// `feed.xml` are replaced after the audio is in place.
public final class BriefingEditor {
    public struct Request: Sendable {
        public var sources: [String]
        public var title: String?
        /// `YYYY-MM-DD`; today (UTC) when nil.
        public var date: String?
        public var summary: Int?
        public var formats: [AudioFormat]
        public var profile: BriefingProfile
        /// Revisions whose files are kept.
        public var keep = 1
        /// Seconds to wait for another run's lock; nil when the caller holds it.
        public var lockWait: Double? = 30
        /// Set when runs on other machines write the folder at once (queue workers): the
        /// folder is locked only while the briefing is published, and `lockWait` is unused.
        public var publication: PublicationLock?
        /// Plan only: say what would be spoken, change nothing.
        public var dryRun = false
        /// Read only the N newest stories (by publication date, then by the order given),
        /// newest first.
        public var newest: Int?
        /// Read at most this many stories, the first in the order given; the profile's
        /// `maxStories` when nil.
        public var maxStories: Int?
        /// How http(s) sources are fetched.
        public var fetch = FetchSettings()
        /// The language every story is taken to be in (`--language`), over what it declares.
        public var language: String?

        public init(sources: [String], title: String? = nil, date: String? = nil, summary: Int? = nil,
                    formats: [AudioFormat] = [.mp3, .flac], profile: BriefingProfile) {
            (self.sources, self.title, self.date, self.summary, self.formats, self.profile) = (sources, title, date, summary, formats, profile)
        }
    }

    public enum Outcome: Sendable {
        case made(Manifest.Episode)
        case upToDate(Manifest.Episode)
        /// A dry run: the segments that would be spoken, and their characters.
        case wouldMake(id: String, segments: Int, characters: Int, rate: Int)
    }

    /// A source that could not be read; the briefing is made from the others.
    public struct Skipped: Sendable, CustomStringConvertible {
        public var path: String
        public var message: String

        /// The message, naming the source when it does not already.
        public var description: String { message.contains(path) ? message : "\(path): \(message)" }
    }

    public struct BriefingError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    let output: OutputFolder
    let cache: SegmentCache
    let library: VoiceLibrary
    let speaking: WorkerPool.Settings
    let now: @Sendable () -> Date
    /// Set by `make` when the sources gave more stories than the briefing reads: how many they
    /// gave, and how many were read.
    public private(set) var capped: (found: Int, read: Int)?

    public init(output: OutputFolder, cache: SegmentCache, library: VoiceLibrary, speaking: WorkerPool.Settings,
                now: @escaping @Sendable () -> Date = Date.init) {
        (self.output, self.cache, self.library, self.speaking, self.now) = (output, cache, library, speaking, now)
    }

    struct Story {
        var id: String
        var path: String
        var sha256: String
        var article: Article
    }

    public func make(_ request: Request, skipped: inout [Skipped]) throws -> Outcome {
        let profile = request.profile
        let date = request.date ?? UTCDates.day(now())
        let title = request.title ?? profile.title

        // Stories, in the order given: files, folders of files, and feeds.
        var stories: [Story] = []
        for source in request.sources {
            do {
                stories += try Self.stories(at: source, fetch: request.fetch)
            } catch {
                skipped.append(Skipped(path: source, message: "\(error)"))
            }
        }
        guard !stories.isEmpty else { throw BriefingError(message: "no stories to read: every source failed or was empty") }
        let cap = request.maxStories ?? profile.maxStories ?? BriefingProfile.defaultMaxStories
        capped = stories.count > cap ? (stories.count, cap) : nil
        stories = Self.selected(stories, newest: request.newest, cap: cap)
        if let language = request.language.flatMap(LanguageTag.normalise) {
            for index in stories.indices { stories[index].article.language = language }
        }

        let voices = BriefingScript.Voices(host: try library.load(profile.voices.host), headline: try library.load(profile.voices.headline),
                                           body: try library.load(profile.voices.body), quote: try library.load(profile.voices.quote))
        let lexicon = try library.lexicon(for: voices.host)
        // A story in another language than the host's is read by that language's voice.
        // The language map is read only when a story needs it.
        let hostLanguage = LanguageTag.primary(voices.host.espeakVoice)
        var cast: VoiceCast?
        let storyVoices = try stories.map { story -> VoiceCast.Voice? in
            guard let language = story.article.language, LanguageTag.primary(language) != hostLanguage else { return nil }
            if cast == nil { cast = try VoiceCast(library: library) }
            return try cast?.voice(for: language)
        }
        let script = BriefingScript(stories: stories.map(\.article), title: title, date: date, summary: request.summary,
                                    profile: profile, voices: voices, lexicon: lexicon, storyVoices: storyVoices)
        let held = request.dryRun || request.publication != nil ? nil : try request.lockWait.map { try OutputLock(output, wait: $0) }
        defer { withExtendedLifetime(held) {} }
        let writer = try ManifestWriter(output: output, publication: request.publication)
        let id = "\(EpisodeID.slug(title))-\(date)"
        let previous = writer.manifest.episode(id: id)

        // Speech: every segment the cache lacks, across the workers.
        if !request.dryRun { try cache.prepare() }
        final class FirstFailure: @unchecked Sendable {
            private let lock = NSLock()
            private var message: String?
            func note(_ text: String) { lock.withLock { message = message ?? text } }
            var value: String? { lock.withLock { message } }
        }
        let failures = FirstFailure()
        let done = DispatchGroup()
        let pool = WorkerPool(speaking, cache: cache) { job, outcome in
            if case let .failed(message) = outcome { failures.note("\"\(job.text.prefix(60))…\": \(message)") }
            done.leave()
        }
        let hello = try pool.start()
        // Everything that changes the episode, hashed: unchanged, nothing is made again.
        var keys: [String] = []
        var inputs = [profile.name, title, date, "\(request.summary ?? 0)", request.formats.map(\.rawValue).joined(separator: ","),
                      "\(profile.master.loudness) \(profile.master.truePeak) \(profile.master.mp3Bitrate)", profile.transition, hello.version]
        inputs += stories.map(\.sha256)
        for case let .speech(segment, voice) in script.items {
            keys.append(SegmentKey.make(text: segment.spoken, voice: voice.sha256, engine: voice.engineIdentity(espeak: hello.version),
                                        sampleRate: hello.sampleRate))
        }
        let inputsHash = SHA256.hex((inputs + keys).joined(separator: "\u{1F}"))
        if let previous, previous.source.sha256 == inputsHash,
           output.holdsWhole(previous.files) {
            pool.finish()
            return .upToDate(previous)
        }
        if request.dryRun {
            var seen: Set<String> = [], characters = 0
            var dryKeys = keys.makeIterator()
            for case let .speech(segment, _) in script.items {
                guard let key = dryKeys.next(), !cache.contains(key), seen.insert(key).inserted else { continue }
                characters += segment.spoken.count
            }
            pool.finish()
            return .wouldMake(id: id, segments: seen.count, characters: characters, rate: voices.body.rate)
        }
        var submitted: Set<String> = []
        var pendingKeys = keys.makeIterator()
        for case let .speech(segment, voice) in script.items {
            guard let key = pendingKeys.next(), !cache.contains(key), submitted.insert(key).inserted else { continue }
            done.enter()
            pool.submit(WorkerPool.Job(id: submitted.count, key: key, text: segment.spoken, voice: voice))
        }
        done.wait()
        pool.finish()
        if let failure = failures.value { throw BriefingError(message: "a segment could not be spoken: \(failure)") }

        // Assembly into one lossless file at the voice's rate, then the master from it.
        let rate = hello.sampleRate
        let build = try EpisodeBuild(output: output, sampleRate: rate, previous: previous, keys: keys, bitrate: profile.master.mp3Bitrate)
        var chapters: [(title: String, start: Double)] = []
        var segments: [Manifest.Episode.Segment] = []
        var sounds: [String: [Int16]] = [:]
        var nextKey = keys.makeIterator()
        let recordings = cache.prefetching(keys)
        defer { recordings.stop() }
        for item in script.items {
            switch item {
            case let .speech(segment, voice):
                guard let key = nextKey.next() else { continue }
                let (start, end) = try build.speak(segment, recording: recordings.next())
                segments.append(.init(key: key, role: segment.role.rawValue, start: Double(start) / Double(rate),
                                      end: Double(end) / Double(rate), voice: voice.name))
            case let .sound(name):
                if sounds[name] == nil { sounds[name] = try TransitionSound.load(name, voices: library.folder, sampleRate: rate) }
                try build.write(samples: sounds[name] ?? [])
            case let .silence(seconds):
                build.silence(seconds: seconds)
            case let .chapter(name):
                chapters.append((name, build.seconds))
            }
        }
        let revision = (previous?.revision ?? 0) + 1
        let tags = AudioTags(title: "\(title), \(date)", artist: profile.publisher, album: title, date: date,
                             comment: stories.map(\.article.title).joined(separator: " · "))
        let finished = try build.finish(id: id, revision: revision, formats: request.formats, master: profile.master, tags: tags, chapters: chapters)
        let time = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        var episode = Manifest.Episode(
            id: id, kind: "briefing", title: "\(title), \(date)", revision: revision,
            source: .init(path: request.sources.map(SourceLocation.absolute).joined(separator: "\n"), sha256: inputsHash),
            voice: .init(name: voices.host.name, sha256: voices.host.sha256), engine: voices.host.engineIdentity(espeak: hello.version),
            files: finished.files, transcript: finished.transcript, segments: segments, created: previous?.created ?? time, updated: time)
        episode.wordTranscript = finished.wordTranscript
        episode.language = LanguageTag.normalise(profile.feed.language)
        episode.stories = stories.map { .init(id: $0.id, path: $0.path, sha256: $0.sha256, title: $0.article.title, language: $0.article.language) }
        episode.chapters = chapters.map { .init(start: $0.start, title: $0.title) }
        episode.master = finished.master
        episode.history = (previous?.history ?? []) + [.entry(for: episode, replacing: previous, synthesised: submitted.count)]
        episode.request = .init(sources: request.sources.map(SourceLocation.absolute), title: title, date: date,
                                summary: request.summary, formats: request.formats.map(\.rawValue), profile: profile.name,
                                loudness: profile.master.loudness, mp3Bitrate: profile.master.mp3Bitrate, baseURL: profile.feed.baseURL,
                                newest: request.newest, language: request.language, maxStories: cap)
        try writer.commit(episode, replacing: previous, extra: finished.chapters.map { [$0] } ?? [], keep: request.keep) { manifest in
            try Publishing.write(manifest, channel: profile.feed, to: output, changed: id)
        }
        return .made(episode)
    }

    /// The stories a briefing reads: the `newest` newest if asked, then at most `cap`.
    static func selected(_ stories: [Story], newest count: Int?, cap: Int) -> [Story] {
        Array((count.map { newest($0, of: stories) } ?? stories).prefix(max(1, cap)))
    }

    /// The `count` newest stories, by publication date and then by the order given, newest first.
    static func newest(_ count: Int, of stories: [Story]) -> [Story] {
        Array(stories.enumerated().sorted { a, b in
            let (x, y) = (a.element.article.published ?? "", b.element.article.published ?? "")
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element).prefix(count))
    }

    /// The stories of one source: an article, every article in a folder (by name), or the
    /// items of a feed.
    static func stories(at path: String, fetch: FetchSettings = FetchSettings()) throws -> [Story] {
        if HTTPClient.isURL(path) { return try stories(fetching: path, fetch: fetch) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                .filter { ArticleFormat(extension: ($0 as NSString).pathExtension) != nil || ["rss", "atom", "xml"].contains(($0 as NSString).pathExtension) }
            return try names.flatMap { try stories(at: (path as NSString).appendingPathComponent($0)) }
        }
        let file = try SourceFile.load(path: path)
        if file.isFeed {
            // A file's item is read from its page only when it has no text of its own.
            let items = try FeedReader().read(file)
            let feed = items.contains { $0.article.blocks.isEmpty } ? FeedSources(client: try HTTPClient(settings: fetch)) : nil
            return try stories(of: items, in: file, path: path, feed: feed) { $0.article.blocks.isEmpty }
        }
        let source = try ArticleReader().read(path: path)
        return [Story(id: URL(fileURLWithPath: path).standardizedFileURL.path, path: path, sha256: source.sha256, article: source.article)]
    }

    /// The stories at an address: a feed's items (each from the feed, or from its page when
    /// the feed has only a summary; a page that cannot be fetched leaves the summary), or one
    /// page.
    static func stories(fetching url: String, fetch: FetchSettings) throws -> [Story] {
        let client = try HTTPClient(settings: fetch)
        guard let file = try SourceFile.fetch(url, client: client) else { return [] }
        guard file.isFeed else {
            let source = try ArticleReader(fetch: fetch).read(file)
            return [Story(id: url, path: url, sha256: source.sha256, article: source.article)]
        }
        return try stories(of: FeedReader().read(file), in: file, path: url, feed: FeedSources(client: client)) { _ in true }
    }

    /// A feed's items as stories: each item `readsSource` picks is read through `feed` (from
    /// its page, when the feed has only a summary), and keeps its own text when that fails; an
    /// item left with no text is left out alone. When no story is left, the first failure is
    /// the error: every item needed its page and none could be read.
    private static func stories(of items: [FeedReader.Item], in file: SourceFile, path: String, feed: FeedSources?,
                                readsSource: (FeedReader.Item) -> Bool) throws -> [Story] {
        var failure: (any Error)?
        let stories = items.compactMap { item -> Story? in
            var source: ArticleSource?
            if readsSource(item) {
                do { source = try feed?.source(of: item, in: file) } catch { failure = failure ?? error }
            }
            let article = source?.article ?? item.article
            guard !article.blocks.isEmpty else { return nil }
            return Story(id: item.id, path: path, sha256: source?.sha256 ?? item.sha256, article: article)
        }
        if stories.isEmpty, let failure { throw failure }
        return stories
    }
}
