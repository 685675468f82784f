import Foundation

/// `edition queue work`: takes jobs from the queue and makes them, one machine's share.
///
/// Article jobs that agree on output folder, formats and voice run through one `EditionRun`,
/// fed a job at a time while the ones before are spoken and encoded, so the speech workers
/// stay busy and warm between jobs; at most `depth` are held at once, so other machines get
/// the rest. A briefing job runs alone. The folder is locked only to publish, by the queue's
/// advisory lock and then its `flock`, so workers everywhere make episodes for it at once.
///
/// Three connections: one claims jobs and listens for new ones (this thread), one records
/// outcomes and renews leases (the run's threads and the lease thread), one holds the
/// advisory lock. Each reconnects when the server goes away and comes back.
public final class QueueWorker: @unchecked Sendable {
    public struct Settings: Sendable {
        public var url: String
        /// Seconds a lease lasts; renewed every third of it.
        public var lease: Double = 30
        /// Stop once no job is queued or running anywhere.
        public var untilEmpty = false
        /// The speech worker processes every job's run uses.
        public var speaking: WorkerPool.Settings
        /// Segment cache folder for every job; each output folder's own when nil.
        public var cache: String?
        public var library: VoiceLibrary
        /// Seconds to wait for each publication's turn in a shared folder.
        public var publishWait: Double = 120
        /// Article jobs one `EditionRun` takes before the worker starts another.
        public var jobsPerRun = 200

        public init(url: String, speaking: WorkerPool.Settings, library: VoiceLibrary) {
            (self.url, self.speaking, self.library) = (url, speaking, library)
        }
    }

    private let settings: Settings
    private let log: @Sendable (String) -> Void
    private let name: String
    private let claims: JobQueue
    private let states: JobQueue
    private let statesLock = NSLock()
    private let advisory: AdvisoryLock
    private let lock = NSCondition()
    /// Jobs claimed and not yet done, failed or released: their leases are renewed.
    private var held: [Int64: ClaimedJob] = [:]
    /// The current article run's jobs, by absolute source path.
    private var inFlight: [String: Int64] = [:]
    private var stopping = false
    private var releasing = false
    private var running = true
    private var current: EditionRun?
    private var makingBriefing = false

    /// Connects (three times) and creates or migrates the queue's table.
    public init(settings: Settings, log: @escaping @Sendable (String) -> Void) throws {
        self.settings = settings
        self.log = log
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        name = "\(String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)):\(getpid())"
        claims = try JobQueue(url: settings.url)
        states = try JobQueue(url: settings.url)
        advisory = try AdvisoryLock(url: settings.url)
    }

    /// Jobs held at once: one more than the speech workers, so the next is being read and
    /// planned while the last is encoded.
    private var depth: Int { settings.speaking.count + 1 }

    /// Claims and makes jobs until stopped, or with `untilEmpty` until none is left.
    public func run() throws {
        let renewer = Thread { [self] in renewLeases() }
        renewer.start()
        defer { lock.withLock { running = false; lock.broadcast() } }
        var next: ClaimedJob?
        while !isStopping {
            guard let job = try next ?? claim() else {
                if settings.untilEmpty, try persistently(claims, { try $0.isEmpty() }) { break }
                _ = try persistently(claims) { try $0.waitForWork(seconds: pollInterval) }
                continue
            }
            next = nil
            switch job.request.kind {
            case .briefing: makeBriefing(job)
            case .article: next = runArticles(from: job)
            }
        }
        if let next { giveBack([next.id]) }
    }

    /// Stops claiming; the jobs held are finished first.
    public func stop() {
        lock.withLock { stopping = true; lock.broadcast() }
    }

    /// Stops now: the jobs held go back to the queue and an article run in progress is
    /// cancelled. False when a briefing is being made, which cannot be cancelled: the
    /// caller ends the process (what it wrote so far is temporaries).
    public func stopNow() -> Bool {
        let (run, briefing): (EditionRun?, Bool) = lock.withLock {
            stopping = true
            releasing = true
            lock.broadcast()
            return (current, makingBriefing)
        }
        giveBack(lock.withLock { Array(held.keys) })
        run?.cancel()
        return !briefing
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    // MARK: Jobs

    /// Idle, the queue is asked again this often even without a notification: leases run out
    /// silently, and a retried job waits out its pause. A job that ends elsewhere notifies,
    /// so an `untilEmpty` worker leaves as soon as the last one does.
    private var pollInterval: Double { min(5, max(0.25, settings.lease / 4)) }


    private func claim() throws -> ClaimedJob? {
        guard let job = try persistently(claims, { try $0.claim(worker: name, lease: settings.lease) }) else { return nil }
        lock.withLock { held[job.id] = job }
        let sources = job.request.sources.joined(separator: ", ")
        log("job \(job.id) (\(job.request.kind.rawValue) \(sources)): started, attempt \(job.attempt) of \(job.attempts)")
        return job
    }

    /// Runs article jobs with the settings of `first` until the queue runs dry (with
    /// `untilEmpty`), the worker stops, or a job needs other settings: that one is returned.
    private func runArticles(from first: ClaimedJob) -> ClaimedJob? {
        let shape = first.request.settings
        let run: EditionRun
        do {
            run = EditionRun(options: try options(for: first.request)) { [self] event in handle(event) }
        } catch {
            failed(first, message: "\(error)")
            return nil
        }
        lock.withLock { current = run }
        var pending = [first]
        var handOver: ClaimedJob?
        var fed = 0
        do {
            _ = try run.run(feed: {
                while true {
                    // A run keeps what it made for its summary: a fresh one now and then
                    // keeps a worker that runs for weeks flat.
                    if fed >= settings.jobsPerRun, pending.isEmpty { return nil }
                    if let job = pending.popLast() {
                        let path = job.request.sources.first ?? ""
                        do {
                            var source = try ArticleReader(fetch: FetchSettings(), language: job.request.language).read(path: path)
                            if let canonical = job.request.canonical { source.article.sourceURL = canonical }
                            lock.withLock { inFlight[SourceLocation.absolute(path)] = job.id }
                            fed += 1
                            return source
                        } catch {
                            failed(job, message: "\(error)")
                            continue
                        }
                    }
                    if isStopping { return nil }
                    let busy = lock.withLock { inFlight.count }
                    if busy >= depth {
                        lock.withLock { _ = lock.wait(until: Date().addingTimeInterval(0.5)) }
                        continue
                    }
                    guard let job = try? claim() else {
                        if settings.untilEmpty, busy == 0, (try? persistently(claims, { try $0.isEmpty() })) ?? false { return nil }
                        _ = try? persistently(claims) { try $0.waitForWork(seconds: busy == 0 ? pollInterval : 0.25) }
                        continue
                    }
                    let duplicate = lock.withLock { inFlight[SourceLocation.absolute(job.request.sources.first ?? "")] != nil }
                    guard job.request.kind == .article, job.request.settings == shape, !duplicate else {
                        handOver = job
                        return nil
                    }
                    pending.append(job)
                }
            })
        } catch {
            // The run as a whole could not go on (an unreadable manifest, workers that cannot
            // start): every job it held fails, to be tried again.
            let jobs = lock.withLock { inFlight.values.compactMap { held[$0] } } + pending
            for job in jobs { failed(job, message: "\(error)") }
            lock.withLock { inFlight = [:] }
        }
        let left = lock.withLock {
            current = nil
            defer { inFlight = [:] }
            return Array(inFlight.values)
        }
        // Cancelled: what it held goes back.
        giveBack(left)
        return handOver
    }

    /// The run's outcomes, as they come: each finished or failed article ends its job.
    private func handle(_ event: EditionRun.Event) {
        switch event {
        case let .finished(outcome, path):
            let episode: Manifest.Episode
            switch outcome {
            case let .rendered(made), let .upToDate(made): episode = made
            }
            guard let job = take(SourceLocation.absolute(path)) else { return }
            finished(job, episode: episode)
        case let .failed(path, message):
            // A second failure of the same article (another of its segments) finds no job.
            guard let job = take(SourceLocation.absolute(path)) else { return }
            failed(job, message: message)
        default:
            break
        }
    }

    private func take(_ path: String) -> ClaimedJob? {
        lock.withLock {
            defer { lock.broadcast() }
            return inFlight.removeValue(forKey: path).flatMap { held[$0] }
        }
    }

    private func makeBriefing(_ job: ClaimedJob) {
        let request = job.request
        lock.withLock { makingBriefing = true }
        defer { lock.withLock { makingBriefing = false } }
        do {
            let folder = OutputFolder(URL(fileURLWithPath: request.output))
            var profile = try BriefingProfile.load(request.profile, voices: settings.library.folder)
            profile.master = request.master(over: profile.master)
            if let baseURL = request.baseURL { profile.feed.baseURL = baseURL }
            let editor = BriefingEditor(output: folder, cache: SegmentCache(folder: settings.cache, output: folder), library: settings.library,
                                        speaking: settings.speaking)
            var briefing = BriefingEditor.Request(sources: request.sources, title: request.title, date: request.date, summary: request.summary,
                                                  formats: request.formats, profile: profile)
            briefing.publication = PublicationLock(shared: advisory, wait: settings.publishWait)
            briefing.language = request.language
            briefing.maxStories = request.maxStories
            var skipped: [BriefingEditor.Skipped] = []
            switch try editor.make(briefing, skipped: &skipped) {
            case let .made(episode), let .upToDate(episode):
                finished(job, episode: episode, note: skipped.isEmpty ? nil : "skipped: " + skipped.map(\.description).joined(separator: "; "))
            case .wouldMake:
                break
            }
        } catch {
            failed(job, message: "\(error)")
        }
    }

    private func options(for request: JobRequest) throws -> EditionRun.Options {
        let library = settings.library
        let folder = OutputFolder(URL(fileURLWithPath: request.output))
        let voices = try VoiceCast.choosing(request.voice, from: library)
        var channel = try BriefingProfile.load(request.profile, voices: library.folder).feed
        if let baseURL = request.baseURL { channel.baseURL = baseURL }
        return EditionRun.Options(
            output: .init(folder: folder, cache: SegmentCache(folder: settings.cache, output: folder), formats: request.formats),
            speech: .init(voices: voices, language: request.language, workers: settings.speaking),
            master: request.master(),
            publishing: .init(channel: channel, shared: PublicationLock(shared: advisory, wait: settings.publishWait)))
    }

    // MARK: Recording outcomes

    private func finished(_ job: ClaimedJob, episode: Manifest.Episode, note: String? = nil) {
        lock.withLock { _ = held.removeValue(forKey: job.id) }
        let recorded = record { try $0.finish(job.id, worker: name, episode: episode.id, note: note) }
        switch recorded {
        case true?: log("job \(job.id): done, \(episode.id) revision \(episode.revision)" + (note.map { " (\($0))" } ?? ""))
        case false?: log("job \(job.id): done, \(episode.id) revision \(episode.revision), but its lease had run out and another worker holds it")
        case nil: break
        }
    }

    private func failed(_ job: ClaimedJob, message: String) {
        lock.withLock { _ = held.removeValue(forKey: job.id) }
        switch record({ try $0.fail(job.id, worker: name, message: message) }) {
        case let .retrying(next, of)?: log("job \(job.id): failed, to be tried again (attempt \(next) of \(of)): \(message)")
        case .failed?: log("job \(job.id): failed: \(message)")
        case .lost?: log("job \(job.id): failed, but its lease had run out and another worker holds it: \(message)")
        case nil: break
        }
    }

    private func giveBack(_ ids: [Int64]) {
        let jobs = lock.withLock { ids.compactMap { held.removeValue(forKey: $0) } }
        for job in jobs where record({ try $0.release(job.id, worker: name) }) != nil {
            log("job \(job.id): given back to the queue")
        }
    }

    /// Runs `body` on the outcomes connection, through a lost connection; nil when it could
    /// not be recorded (told to stop at once while the server was away).
    private func record<T>(_ body: (JobQueue) throws -> T) -> T? {
        statesLock.withLock {
            do {
                return try persistently(states, body)
            } catch {
                log("could not record it in the queue: \(error)")
                return nil
            }
        }
    }

    /// Renews the leases of the jobs held, every third of a lease, until the worker ends.
    private func renewLeases() {
        let interval = settings.lease / 3
        while true {
            let alive = lock.withLock {
                let deadline = Date().addingTimeInterval(interval)
                while running, lock.wait(until: deadline) {}
                return running
            }
            guard alive else { return }
            let ids = lock.withLock { Array(held.keys) }
            guard !ids.isEmpty else { continue }
            let kept: Set<Int64>? = statesLock.withLock {
                do {
                    return try states.renew(ids, worker: name, lease: settings.lease)
                } catch let error as DatabaseError where error.connectionLost {
                    _ = try? states.reconnect()
                    return nil
                } catch {
                    return nil
                }
            }
            for id in Set(ids).subtracting(kept ?? Set(ids)) where lock.withLock({ held[id] != nil }) {
                log("job \(id): its lease ran out before it was renewed; another worker may take it")
            }
        }
    }

    /// Runs `body`, and through a lost connection: reconnects with a growing pause, and
    /// runs it again, until it works or the worker is told to stop at once.
    private func persistently<T>(_ queue: JobQueue, _ body: (JobQueue) throws -> T) throws -> T {
        var pause = 0.1
        var lost = false
        while true {
            do {
                let value = try body(queue)
                if lost { log("connected to the queue again") }
                return value
            } catch let error as DatabaseError where error.connectionLost {
                if !lost { log("lost the queue's database (\(error.message)); connecting again") }
                lost = true
                if lock.withLock({ releasing }) { throw error }
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 2)
                try? queue.reconnect()
            }
        }
    }
}
