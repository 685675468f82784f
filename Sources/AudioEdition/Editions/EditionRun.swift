import Foundation

/// One `edition article` run over many articles: every article is planned, the segments
/// the cache lacks are spoken by a `WorkerPool`, and each episode is assembled as its
/// segments arrive in the cache and recorded in the manifest as soon as it is complete,
/// while others are still being spoken. A segment that fails fails only its episode; the
/// others complete.
public final class EditionRun: @unchecked Sendable {
    /// What a run is told, in small groups by concern.
    public struct Options: Sendable {
        public var output: OutputSettings
        public var speech: SpeechSettings
        public var master: MasterSettings
        /// How articles at http(s) addresses are fetched.
        public var fetch: FetchSettings
        public var publishing: PublishSettings

        public init(output: OutputSettings, speech: SpeechSettings, master: MasterSettings = MasterSettings(),
                    fetch: FetchSettings = FetchSettings(), publishing: PublishSettings = PublishSettings()) {
            (self.output, self.speech, self.master, self.fetch, self.publishing) = (output, speech, master, fetch, publishing)
        }
    }

    /// Where episodes go and what they are made of.
    public struct OutputSettings: Sendable {
        public var folder: OutputFolder
        public var cache: SegmentCache
        public var formats: [AudioFormat]
        /// Revisions of each episode whose files are kept.
        public var keep: Int

        public init(folder: OutputFolder, cache: SegmentCache, formats: [AudioFormat], keep: Int = 1) {
            (self.folder, self.cache, self.formats, self.keep) = (folder, cache, formats, keep)
        }
    }

    /// Who reads each article, and the workers that speak for them.
    public struct SpeechSettings: Sendable {
        /// One voice for all, or each language's own.
        public var voices: VoiceCast
        /// The language every article is taken to be in (`--language`), over what it declares.
        public var language: String?
        public var workers: WorkerPool.Settings

        public init(voices: VoiceCast, language: String? = nil, workers: WorkerPool.Settings) {
            (self.voices, self.language, self.workers) = (voices, language, workers)
        }
    }

    /// How a finished episode reaches the folder's readers.
    public struct PublishSettings: Sendable {
        /// The feed's channel: with one, every episode committed republishes the playlist,
        /// the feed and the player pages.
        public var channel: BriefingProfile.Feed?
        /// Seconds to wait for another run's lock on the output folder; nil when the caller
        /// holds it already.
        public var lockWait: Double?
        /// Set when runs on other machines write the folder at once (queue workers): the
        /// folder is locked only while each episode is published, and `lockWait` is unused.
        public var shared: PublicationLock?

        public init(channel: BriefingProfile.Feed? = nil, lockWait: Double? = 30, shared: PublicationLock? = nil) {
            (self.channel, self.lockWait, self.shared) = (channel, lockWait, shared)
        }
    }

    /// What the run reports as it goes.
    public enum Event: Sendable {
        /// Totals grew: one more article planned.
        case planned(Totals)
        /// A segment's audio is in the cache.
        case spoken(characters: Int, seconds: Double)
        /// An article's episode is made or was up to date; `path` as the article was given.
        case finished(ArticleEditor.Outcome, path: String)
        case failed(path: String, message: String)
    }

    public struct Totals: Sendable, Equatable {
        public var episodes = 0
        public var segments = 0
        /// Characters to speak, over segments not in the cache.
        public var characters = 0
        public var cached = 0

        public init() {}
    }

    public struct Summary: Sendable {
        public var rendered: [Manifest.Episode] = []
        public var upToDate: [Manifest.Episode] = []
        public var failures: [(path: String, message: String)] = []
        public var segmentsSpoken = 0
        public var segmentsCached = 0
        public var audioSeconds = 0.0
        public var workersReplaced = 0
        public var cancelled = false
        /// Where the time went, in seconds: reading and planning, the workers' engine time
        /// (summed over workers), assembling and encoding (summed), and the whole run.
        public var planning = 0.0
        public var speaking = 0.0
        /// Of the workers' time, writing cache entries.
        public var storing = 0.0
        public var encoding = 0.0
        public var wall = 0.0
    }

    private let options: Options
    private let editor: ArticleEditor
    private let events: @Sendable (Event) -> Void
    private let lock = NSLock()
    private var summary = Summary()
    private var totals = Totals()
    private var plans: [EpisodePlan?] = []
    private var closed: [Bool] = []
    /// Keys being spoken, and the plans (with a segment index) waiting for each.
    private var pending: [String: [(plan: Int, segment: Int)]] = [:]
    /// Keys whose speech failed; an episode that needs one fails.
    private var failedKeys: Set<String> = []
    /// Segments each plan sent to the engine (a key shared by plans counts for the first).
    private var synthesised: [Int] = []
    /// Signalled whenever a key is spoken or fails, or the run is cancelled.
    private let spokenOrFailed = NSCondition()
    private var pool: WorkerPool?
    private let group = DispatchGroup()
    private let encoders = DispatchQueue(label: "edition.encode", attributes: .concurrent)
    private let encoderSlots: DispatchSemaphore
    private var writer: ManifestWriter?
    private var sampleRate = ESpeakEngine.expectedSampleRate
    private var nextJob = 0

    public init(options: Options, events: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.options = options
        editor = ArticleEditor(output: options.output.folder, cache: options.output.cache)
        self.events = events
        encoderSlots = DispatchSemaphore(value: max(2, options.speech.workers.count))
    }

    /// Runs every article. Throws only when the run as a whole cannot go on (an unreadable
    /// manifest, a cache that cannot be written, workers that cannot start); a bad article
    /// or segment is a failure in the summary.
    public func run(paths: [String]) throws -> Summary {
        let start = Date()
        // Every article is read and checked before anything is written or started, so bad
        // input alone leaves no trace.
        var sources: [ArticleSource] = []
        let reader = ArticleReader(fetch: options.fetch, language: options.speech.language)
        for path in paths {
            let began = Date()
            do {
                sources.append(try reader.read(path: path))
            } catch {
                lock.withLock { summary.failures.append((path, "\(error)")) }
                events(.failed(path: path, message: "\(error)"))
            }
            lock.withLock { summary.planning += Date().timeIntervalSince(began) }
        }
        return try run(sources: sources, started: start)
    }

    /// Runs articles already read (and fetched).
    public func run(sources: [ArticleSource], started start: Date = Date()) throws -> Summary {
        guard !sources.isEmpty else {
            summary.wall = Date().timeIntervalSince(start)
            return summary
        }
        var next = sources.makeIterator()
        return try run(feed: { next.next() }, started: start)
    }

    /// Runs articles as `feed` gives them, until it gives nil; it may wait for the next while
    /// the ones before are spoken and assembled (a queue worker's jobs).
    public func run(feed: () -> ArticleSource?, started start: Date = Date()) throws -> Summary {
        // One writer at a time; the manifest is read under the lock.
        let held = try options.publishing.shared == nil ? options.publishing.lockWait.map { try OutputLock(options.output.folder, wait: $0) } : nil
        defer { withExtendedLifetime(held) {} }
        let writer = try ManifestWriter(output: options.output.folder, publication: options.publishing.shared)
        self.writer = writer
        try options.output.cache.prepare()
        let pool = WorkerPool(options.speech.workers, cache: options.output.cache) { [weak self] job, outcome in
            self?.completed(job, outcome)
        }
        lock.withLock { self.pool = pool }
        let hello = try pool.start()
        lock.withLock { sampleRate = hello.sampleRate }
        defer { options.output.cache.removeTemporaries(of: pool.spawned) }

        while !isCancelled, let source = feed() {
            let began = Date()
            do {
                // Other machines publish into a shared folder meanwhile.
                if options.publishing.shared != nil { try writer.reload() }
                let voice = try options.speech.voices.voice(for: source.article.language)
                let planned = try editor.plan(source: source, voice: voice.profile, lexicon: voice.lexicon, formats: options.output.formats,
                                              master: options.master, engine: voice.profile.engineIdentity(espeak: hello.version), sampleRate: hello.sampleRate,
                                              manifest: writer.manifest)
                lock.withLock { summary.planning += Date().timeIntervalSince(began) }
                switch planned {
                case let .upToDate(episode):
                    try writer.refresh(episode)
                    lock.withLock { summary.upToDate.append(episode) }
                    events(.finished(.upToDate(episode), path: source.path))
                case let .needed(plan):
                    register(plan, pool: pool)
                }
            } catch {
                lock.withLock { summary.failures.append((source.path, "\(error)")) }
                events(.failed(path: source.path, message: "\(error)"))
            }
        }
        pool.finish()
        group.wait()
        return lock.withLock {
            summary.workersReplaced = pool.replaced
            summary.wall = Date().timeIntervalSince(start)
            return summary
        }
    }

    /// Stops the run: workers are killed, episodes being assembled stop between segments
    /// and remove their temporaries, and nothing more is recorded. The manifest keeps every
    /// episode completed before.
    public func cancel() {
        let pool = lock.withLock {
            summary.cancelled = true
            return self.pool
        }
        pool?.terminate()
        // Episodes waiting for speech will get none: wake them to stop.
        spokenOrFailed.withLock { spokenOrFailed.broadcast() }
    }

    private var isCancelled: Bool { lock.withLock { summary.cancelled } }

    private func register(_ plan: EpisodePlan, pool: WorkerPool) {
        var jobs: [WorkerPool.Job] = []
        let index: Int = lock.withLock {
            let index = plans.count
            plans.append(plan)
            closed.append(false)
            synthesised.append(0)
            group.enter()
            var seen: Set<String> = []
            for (segment, key) in plan.keys.enumerated() where seen.insert(key).inserted {
                if pending[key] != nil {
                    pending[key]?.append((index, segment))
                } else if options.output.cache.contains(key) {
                    totals.cached += 1
                    summary.segmentsCached += 1
                } else {
                    pending[key] = [(index, segment)]
                    synthesised[index] += 1
                    totals.characters += plan.spoken[segment].count
                    nextJob += 1
                    jobs.append(WorkerPool.Job(id: nextJob, key: key, text: plan.spoken[segment], voice: plan.voice))
                }
            }
            totals.episodes += 1
            totals.segments += plan.keys.count
            plans[index]?.spoken = []  // the jobs have it now
            return index
        }
        events(.planned(lock.withLock { totals }))
        for job in jobs { pool.submit(job) }
        // Assembly starts now and takes each segment as soon as it is spoken, so encoding
        // overlaps speech.
        encode(index)
    }

    /// The episode failed because one of its segments could not be spoken; already reported.
    private struct SegmentFailed: Error {}

    /// Blocks until `key` is in the cache; throws when its speech failed or the run stopped.
    private func waitFor(_ key: String) throws {
        spokenOrFailed.lock()
        defer { spokenOrFailed.unlock() }
        while true {
            let (waiting, failed, cancelled) = lock.withLock { (pending[key] != nil, failedKeys.contains(key), summary.cancelled) }
            if cancelled { throw CancellationError() }
            if failed { throw SegmentFailed() }
            if !waiting { return }
            spokenOrFailed.wait()
        }
    }

    private func completed(_ job: WorkerPool.Job, _ outcome: WorkerPool.Outcome) {
        defer { spokenOrFailed.withLock { spokenOrFailed.broadcast() } }
        var failed: [(String, String)] = []
        var spoken: Double?
        lock.withLock {
            let waiters = pending.removeValue(forKey: job.key) ?? []
            switch outcome {
            case let .stored(samples, seconds, storing):
                summary.storing += storing
                let audio = Double(samples) / Double(sampleRate)
                summary.segmentsSpoken += 1
                summary.audioSeconds += audio
                summary.speaking += seconds
                spoken = audio
            case let .failed(message):
                failedKeys.insert(job.key)
                guard !summary.cancelled else { return }
                for (index, segment) in waiters where !closed[index] {
                    guard let plan = plans[index] else { continue }
                    let text = "\(plan.places[segment]): \(message)"
                    summary.failures.append((plan.path, text))
                    failed.append((plan.path, text))
                }
            }
        }
        if let spoken { events(.spoken(characters: job.text.count, seconds: spoken)) }
        for (path, message) in failed { events(.failed(path: path, message: message)) }
    }

    private func encode(_ index: Int) {
        encoders.async { [self] in
            encoderSlots.wait()
            defer { encoderSlots.signal() }
            guard let plan = lock.withLock({ closed[index] ? nil : plans[index] }), let writer else { return }
            let began = Date()
            // Time spent waiting for the workers is theirs, not the encoder's.
            var waited = 0.0
            do {
                var episode = try editor.assemble(plan, waitingFor: { key in
                    let start = Date()
                    defer { waited += Date().timeIntervalSince(start) }
                    try waitFor(key)
                })
                episode.history = (plan.previous?.history ?? [])
                    + [.entry(for: episode, replacing: plan.previous, synthesised: lock.withLock { synthesised[index] })]
                try writer.commit(episode, replacing: plan.previous, keep: options.output.keep) { [options] manifest in
                    if let channel = options.publishing.channel { try Publishing.write(manifest, channel: channel, to: options.output.folder, changed: episode.id) }
                }
                lock.withLock {
                    summary.rendered.append(episode)
                    summary.encoding += Date().timeIntervalSince(began) - waited
                }
                events(.finished(.rendered(episode), path: plan.path))
            } catch is CancellationError {
            } catch is SegmentFailed {
            } catch {
                lock.withLock { summary.failures.append((plan.path, "\(error)")) }
                events(.failed(path: plan.path, message: "\(error)"))
            }
            lock.withLock { close(index) }
        }
    }

    /// Marks a plan done, once, and lets its memory go. Call with the lock held.
    private func close(_ index: Int) {
        guard !closed[index] else { return }
        closed[index] = true
        plans[index] = nil
        group.leave()
    }
}
