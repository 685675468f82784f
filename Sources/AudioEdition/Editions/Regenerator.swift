import Foundation

/// `edition regenerate`: brings every episode in the manifest (or the ones named) up to date
/// with its sources, voices and lexicon. Unchanged episodes are not touched. A changed one
/// speaks only the segments whose content keys are new (cache misses), is assembled and
/// mastered again as the next revision, and gets a history entry. A source that has gone is
/// reported and its episode kept, flagged stale. One writer holds the output folder's lock
/// throughout.
public final class Regenerator {
    public struct Options: Sendable {
        public var output: OutputFolder
        public var cache: SegmentCache
        public var library: VoiceLibrary
        public var speaking: WorkerPool.Settings
        /// Revisions of each episode whose files are kept.
        public var keep: Int
        public var lockWait: Double
        public var dryRun: Bool
        /// The channel articles are published under; briefings use their profile's.
        public var channel: BriefingProfile.Feed?
        /// How sources at http(s) addresses are fetched again.
        public var fetch = FetchSettings()

        public init(output: OutputFolder, cache: SegmentCache, library: VoiceLibrary, speaking: WorkerPool.Settings,
                    keep: Int = 1, lockWait: Double = 30, dryRun: Bool = false) {
            (self.output, self.cache, self.library, self.speaking) = (output, cache, library, speaking)
            (self.keep, self.lockWait, self.dryRun) = (keep, lockWait, dryRun)
        }
    }

    public enum Line: Sendable {
        case remade(Manifest.Episode)
        case upToDate(Manifest.Episode)
        case stale(id: String, reason: String)
        /// Dry run: what would be spoken.
        case plan(id: String, segments: Int, seconds: Double, places: [String])
        case failed(id: String, message: String)
    }

    let options: Options

    public init(options: Options) { self.options = options }

    public func run(ids: [String], report: @escaping @Sendable (Line) -> Void) throws {
        let held = options.dryRun ? nil : try OutputLock(options.output, wait: options.lockWait)
        defer { withExtendedLifetime(held) {} }
        let manifest = try ManifestStore(output: options.output).load()
        for id in ids where manifest.episode(id: id) == nil {
            throw OutputError(path: ManifestStore(output: options.output).url.path, problem: "no episode '\(id)' in the manifest")
        }
        let chosen = manifest.episodes.filter { ids.isEmpty || ids.contains($0.id) }
        var stale: [String: String] = [:]
        let reader = SourceReader(fetch: options.fetch)

        // Articles, grouped by what they are made with. A fetched source the server says is
        // unchanged costs one request and nothing more.
        var groups: [String: (voice: String, formats: [AudioFormat], master: MasterSettings, sources: [ArticleSource])] = [:]
        for episode in chosen where episode.kind == "article" {
            var source: ArticleSource
            do {
                guard let read = try reader.read(episode.source) else {
                    report(.upToDate(episode))
                    continue
                }
                source = read
                // Read in the language it was spoken in, which a --language run chose.
                if let language = episode.language { source.article.language = language }
            } catch let error as SourceReader.Gone {
                stale[episode.id] = error.reason
                continue
            } catch {
                report(.failed(id: episode.id, message: "\(error)"))
                continue
            }
            let formats = episode.files.compactMap { AudioFormat(rawValue: $0.format) }
            let master = episode.master?.settings ?? MasterSettings()
            let group = [episode.voice.name, formats.map(\.rawValue).joined(separator: ","),
                         "\(master.loudness) \(master.truePeak) \(master.mp3Bitrate)"].joined(separator: "|")
            groups[group, default: (episode.voice.name, formats, master, [])].sources.append(source)
        }
        for group in groups.keys.sorted() {
            guard let (voiceName, formats, master, sources) = groups[group] else { continue }
            let voice = try options.library.load(voiceName)
            let lexicon = try options.library.lexicon(for: voice)
            if options.dryRun {
                try plan(sources: sources, voice: voice, lexicon: lexicon, formats: formats, master: master, manifest: manifest, report: report)
                continue
            }
            // The lock is held here already.
            let runOptions = EditionRun.Options(
                output: .init(folder: options.output, cache: options.cache, formats: formats, keep: options.keep),
                speech: .init(voices: VoiceCast(profile: voice, lexicon: lexicon), workers: options.speaking),
                master: master, publishing: .init(channel: options.channel, lockWait: nil))
            let summary = try EditionRun(options: runOptions).run(sources: sources)
            for episode in summary.rendered { report(.remade(episode)) }
            for episode in summary.upToDate { report(.upToDate(episode)) }
            for failure in summary.failures { report(.failed(id: failure.path, message: failure.message)) }
        }

        // Briefings, from what they were made from.
        for episode in chosen where episode.kind == "briefing" {
            guard let request = episode.request else {
                report(.failed(id: episode.id, message: "made before briefings recorded their request; make it again with edition briefing"))
                continue
            }
            if let missing = request.sources.first(where: { !HTTPClient.isURL($0) && !FileNameBytes.exists($0) }) {
                stale[episode.id] = "source missing: \(FileNameBytes.display(missing))"
                continue
            }
            do {
                var profile = try BriefingProfile.load(request.profile, voices: options.library.folder)
                profile.master.loudness = request.loudness
                profile.master.mp3Bitrate = request.mp3Bitrate
                profile.feed.baseURL = request.baseURL
                var briefing = BriefingEditor.Request(sources: request.sources, title: request.title, date: request.date, summary: request.summary,
                                                      formats: request.formats.compactMap(AudioFormat.init(rawValue:)), profile: profile)
                briefing.lockWait = nil
                briefing.keep = options.keep
                briefing.dryRun = options.dryRun
                briefing.newest = request.newest
                briefing.maxStories = request.maxStories
                briefing.language = request.language
                briefing.fetch = options.fetch
                let editor = BriefingEditor(output: options.output, cache: options.cache, library: options.library, speaking: options.speaking)
                var skipped: [BriefingEditor.Skipped] = []
                switch try editor.make(briefing, skipped: &skipped) {
                case let .made(made): report(.remade(made))
                case let .upToDate(same): report(.upToDate(same))
                case let .wouldMake(id, segments, characters, rate):
                    report(segments == 0 ? .upToDate(episode)
                        : .plan(id: id, segments: segments, seconds: Double(characters) / 6 / Double(rate) * 60, places: []))
                }
                for item in skipped { report(.failed(id: episode.id, message: "\(item.path): \(item.message)")) }
            } catch {
                report(.failed(id: episode.id, message: "\(error)"))
            }
        }

        // Stale flags: the episode stays as it was, marked.
        for (id, reason) in stale.sorted(by: { $0.key < $1.key }) { report(.stale(id: id, reason: reason)) }
        guard !options.dryRun else { return }
        var latest = try ManifestStore(output: options.output).load()
        var changed = false
        for index in latest.episodes.indices where chosen.contains(where: { $0.id == latest.episodes[index].id }) {
            let flag = stale[latest.episodes[index].id]
            if latest.episodes[index].stale != flag {
                latest.episodes[index].stale = flag
                changed = true
            }
        }
        if changed { try ManifestStore(output: options.output).save(latest) }
    }

    /// Dry run for articles: what each changed episode would speak.
    private func plan(sources: [ArticleSource], voice: VoiceProfile, lexicon: Lexicon, formats: [AudioFormat], master: MasterSettings, manifest: Manifest,
                      report: (Line) -> Void) throws {
        guard let any = manifest.episodes.first(where: { $0.kind == "article" }) else { return }
        let editor = ArticleEditor(output: options.output, cache: options.cache, lexicon: lexicon)
        for source in sources {
            let path = source.path
            let previous = manifest.episodes.first { $0.source.path == SourceLocation.absolute(path) }
            do {
                switch try editor.plan(source: source, voice: voice, formats: formats, master: master, engine: previous?.engine ?? any.engine,
                                       sampleRate: previous?.files.first?.sampleRate ?? 22050, manifest: manifest) {
                case let .upToDate(episode):
                    report(.upToDate(episode))
                case let .needed(plan):
                    var seen: Set<String> = [], characters = 0, places: [String] = []
                    for (index, key) in plan.keys.enumerated() where !options.cache.contains(key) && seen.insert(key).inserted {
                        characters += plan.spoken[index].count
                        places.append(plan.places[index])
                    }
                    report(.plan(id: plan.id, segments: seen.count, seconds: Double(characters) / 6 / Double(voice.rate) * 60, places: places))
                }
            } catch {
                report(.failed(id: previous?.id ?? path, message: "\(error)"))
            }
        }
    }
}
