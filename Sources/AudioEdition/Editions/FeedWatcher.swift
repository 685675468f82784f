import Foundation

/// `edition watch`: one pass over a site's feeds keeps its items' episodes current. Each
/// feed is asked conditionally; a new item becomes an episode, a changed one (its content in
/// the feed, or its page, itself asked conditionally) is made again, speaking only its
/// changed segments, and an item the feed no longer lists keeps its episode, marked
/// `delisted`. The feed, playlist and pages are republished as episodes complete. A fetch
/// that fails is reported and changes nothing; the pass goes on with the other items.
public final class FeedWatcher: @unchecked Sendable {
    public struct Options: Sendable {
        public var feeds: [String]
        /// How episodes are made (the briefing's formats, workers and fetching too), and how
        /// long to wait for the output folder's lock (`publishing.lockWait`; nil when the
        /// caller holds it).
        public var run: EditionRun.Options
        /// A briefing of the newest items, made once a day from the given time on.
        public var briefing: Briefing?

        public init(feeds: [String], run: EditionRun.Options) {
            self.feeds = feeds
            self.run = run
        }
    }

    public struct Briefing: Sendable {
        public var profile: BriefingProfile
        public var library: VoiceLibrary
        public var stories: Int
        /// Minutes after local midnight.
        public var at: Int

        public init(profile: BriefingProfile, library: VoiceLibrary, stories: Int, at: Int) {
            (self.profile, self.library, self.stories, self.at) = (profile, library, stories, at)
        }
    }

    /// What one pass did.
    public struct Pass: Sendable {
        public var items = 0
        public var new = 0
        public var changed = 0
        public var unchanged = 0
        public var delisted = 0
        /// Every failure, with the address or item it concerns.
        public var failures: [String] = []
        public var briefing: String?
        public var seconds = 0.0
    }

    let options: Options
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var current: EditionRun?
    private var cancelled = false

    public init(options: Options, now: @escaping @Sendable () -> Date = Date.init) {
        self.options = options
        self.now = now
    }

    /// Stops a pass in progress as `EditionRun.cancel` does: episodes complete so far stay.
    public func cancel() {
        let run = lock.withLock {
            cancelled = true
            return current
        }
        run?.cancel()
    }

    public func pass() throws -> Pass {
        let started = Date()
        var pass = Pass()
        let output = options.run.output.folder
        let held = try options.run.publishing.lockWait.map { try OutputLock(output, wait: $0) }
        defer { withExtendedLifetime(held) {} }
        let store = ManifestStore(output: output)
        let manifest = try store.load()
        let client: HTTPClient
        do { client = try HTTPClient(settings: options.run.fetch) } catch { throw OutputError(path: output.root.path, problem: "\(error)") }
        let feeds = FeedSources(client: client)
        let pages = SourceReader(client: client)

        var sources: [ArticleSource] = []
        var states: [Manifest.WatchedFeed] = []
        var listed: [String: Set<String>] = [:]
        // Sources read again whole but unchanged, by episode id: their validators may have moved.
        var unchanged: [String: ArticleSource] = [:]
        // Feeds with an item that failed: their state is not kept, so the next pass reads every item again.
        var incomplete: Set<String> = []
        for url in options.feeds {
            let state = manifest.feeds?.first { $0.url == url }
            let episodes = manifest.episodes.filter { $0.kind == "article" && $0.source.feed == url }
            let read: (file: SourceFile, items: [FeedReader.Item])?
            do {
                read = try feeds.items(of: url, unless: state.map { HTTPValidators(etag: $0.etag, lastModified: $0.lastModified) })
            } catch {
                pass.failures.append("\(error)")
                continue
            }
            guard let read, read.file.sha256 != state?.sha256 else {
                // The feed is as it was: only pages can have changed.
                let items = state?.items ?? []
                listed[url] = Set(items)
                pass.items += items.count
                for id in items {
                    if let episode = episodes.first(where: { $0.source.item == id }), episode.source.path != url {
                        if !check(page: episode, reader: pages, sources: &sources, unchanged: &unchanged, pass: &pass) { incomplete.insert(url) }
                    } else {
                        pass.unchanged += 1
                    }
                }
                if let read, var state { (state.etag, state.lastModified) = (read.file.validators?.etag, read.file.validators?.lastModified); states.append(state) }
                continue
            }
            states.append(Manifest.WatchedFeed(url: url, etag: read.file.validators?.etag, lastModified: read.file.validators?.lastModified,
                                               sha256: read.file.sha256, items: read.items.map(\.id)))
            listed[url] = Set(read.items.map(\.id))
            pass.items += read.items.count
            for item in read.items {
                let previous = episodes.first { $0.source.item == item.id }
                if let previous, !FeedSources.readsPage(item), previous.source.path == url, previous.source.sha256 == item.sha256 {
                    pass.unchanged += 1
                    continue
                }
                do {
                    guard let source = try feeds.source(of: item, in: read.file, previous: previous?.source) else {
                        pass.unchanged += 1
                        continue
                    }
                    if let previous, previous.source.sha256 == source.sha256, previous.source.path == source.path {
                        pass.unchanged += 1
                        unchanged[previous.id] = source
                        continue
                    }
                    sources.append(source)
                } catch {
                    pass.failures.append("\(error)")
                    incomplete.insert(url)
                }
            }
        }

        // New and changed items, spoken by the workers; each is committed (and published) as it completes.
        if !sources.isEmpty, !lock.withLock({ cancelled }) {
            var runOptions = options.run
            runOptions.publishing.lockWait = nil
            let run = EditionRun(options: runOptions)
            lock.withLock { current = run }
            let summary = try run.run(sources: sources)
            lock.withLock { current = nil }
            for episode in summary.rendered {
                if episode.revision == 1 { pass.new += 1 } else { pass.changed += 1 }
            }
            pass.unchanged += summary.upToDate.count
            pass.failures += summary.failures.map { "\($0.path): \($0.message)" }
            for failure in summary.failures {
                if let feed = sources.first(where: { $0.path == failure.path })?.feed { incomplete.insert(feed) }
            }
        }

        // A stopped pass may have left items unmade: every feed is read whole next time.
        if lock.withLock({ cancelled }) { incomplete.formUnion(options.feeds) }

        // The feeds' state and the items they no longer list, in one replacement of the manifest.
        var latest = try store.load()
        var changed = false, republish = false
        for var state in states {
            if incomplete.contains(state.url) { (state.etag, state.lastModified, state.sha256) = (nil, nil, "") }
            var all = latest.feeds ?? []
            if let index = all.firstIndex(where: { $0.url == state.url }) {
                if all[index] != state { all[index] = state; changed = true }
            } else {
                all.append(state)
                changed = true
            }
            latest.feeds = all
        }
        let time = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        for index in latest.episodes.indices {
            let source = latest.episodes[index].source
            guard let feed = source.feed, let item = source.item, let ids = listed[feed] else { continue }
            let gone = !ids.contains(item)
            if gone, latest.episodes[index].delisted == nil {
                latest.episodes[index].delisted = time
                pass.delisted += 1
                changed = true
                republish = true
            } else if !gone, latest.episodes[index].delisted != nil {
                latest.episodes[index].delisted = nil
                changed = true
                republish = true
            }
            if let source = unchanged[latest.episodes[index].id] {
                let now = ArticleEditor.refreshed(latest.episodes[index], from: source)
                if now != latest.episodes[index] {
                    latest.episodes[index] = now
                    changed = true
                }
            }
        }
        if changed { try store.save(latest) }
        if republish, let channel = options.run.publishing.channel { try Publishing.write(latest, channel: channel, to: output) }

        if let briefing = options.briefing, !lock.withLock({ cancelled }) {
            do {
                pass.briefing = try makeBriefing(briefing, manifest: latest)
            } catch {
                pass.failures.append("briefing: \(error)")
            }
        }
        pass.seconds = Date().timeIntervalSince(started)
        return pass
    }

    /// Asks a page again with its validators; a changed page joins `sources`. False when it failed.
    private func check(page episode: Manifest.Episode, reader: SourceReader, sources: inout [ArticleSource],
                       unchanged: inout [String: ArticleSource], pass: inout Pass) -> Bool {
        do {
            guard let source = try reader.read(episode.source) else {
                pass.unchanged += 1
                return true
            }
            if source.sha256 == episode.source.sha256 {
                pass.unchanged += 1
                unchanged[episode.id] = source
                return true
            }
            sources.append(source)
            return true
        } catch {
            pass.failures.append("\(error)")
            return false
        }
    }

    /// Today's briefing from the newest items, once its time has come; nil when it is not
    /// due or is made already.
    private func makeBriefing(_ briefing: Briefing, manifest: Manifest) throws -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let moment = now()
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
              (parts.hour ?? 0) * 60 + (parts.minute ?? 0) >= briefing.at else { return nil }
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        let id = "\(EpisodeID.slug(briefing.profile.title))-\(date)"
        guard manifest.episode(id: id) == nil else { return nil }
        var request = BriefingEditor.Request(sources: options.feeds, date: date, formats: options.run.output.formats, profile: briefing.profile)
        request.newest = briefing.stories
        request.lockWait = nil
        request.fetch = options.run.fetch
        let editor = BriefingEditor(output: options.run.output.folder, cache: options.run.output.cache, library: briefing.library,
                                    speaking: options.run.speech.workers, now: now)
        var skipped: [BriefingEditor.Skipped] = []
        switch try editor.make(request, skipped: &skipped) {
        case let .made(episode): return episode.id
        case let .upToDate(episode): return episode.id
        case .wouldMake: return nil
        }
    }
}
