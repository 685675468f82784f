import AudioEdition
import EditionServer
import Foundation

/// What `edition serve` does with an accepted article: the run `edition article` makes,
/// with the request's voice, language, formats and mastering over the server's own.
struct EditionNewsroom: Newsroom {
    let options: EditionRun.Options
    let library: VoiceLibrary
    /// What a queued job names of the server's own settings.
    var profile = "morning"
    var baseURL: String?
    var voice: String?
    /// With `--queue`: a deletion takes the lock every worker's publication takes.
    var publication: PublicationLock?

    func check(_ request: ArticleRequest) throws(RequestRefused) {
        let inline = [request.html, request.text, request.markdown].compactMap { $0 }
        guard inline.count + (request.url == nil ? 0 : 1) > 0 else {
            throw RequestRefused(400, "give the article as one of url, html, text or markdown")
        }
        guard inline.count <= 1 else { throw RequestRefused(400, "give the article as one of html, text or markdown, not several") }
        if let url = request.url, let scheme = URL(string: url)?.scheme?.lowercased(), scheme != "http" && scheme != "https" {
            throw RequestRefused(422, FetchError(url: url, problem: .scheme(scheme)).description)
        } else if let url = request.url, URL(string: url)?.host == nil {
            throw RequestRefused(422, "url \(url) is not an http(s) address")
        }
        do {
            _ = try runOptions(for: request)
        } catch let refused as RequestRefused {
            throw refused
        } catch {
            throw RequestRefused(422, "\(error)")
        }
        if let (field, content) = request.inline {
            // Read now, so an article with no text is refused rather than failed later.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("edition-check-\(UUID().uuidString).\(Self.extension(field))")
            defer { try? FileManager.default.removeItem(at: file) }
            do {
                try Data(content.utf8).write(to: file)
                _ = try ArticleReader(fetch: options.fetch, language: request.language ?? options.speech.language).read(path: file.path)
            } catch let error as ArticleError {
                throw RequestRefused(422, ArticleError(path: field, problem: error.problem, line: error.line).description)
            } catch {
                throw RequestRefused(422, "\(field): \(error)")
            }
        }
    }

    func check(_ briefing: BriefingRequest) throws(RequestRefused) {
        guard !briefing.sources.isEmpty else { throw RequestRefused(400, "give the briefing at least one source") }
        if let date = briefing.date, !DateFinder.isoDateIsValid(date) {
            throw RequestRefused(422, "date '\(date)' is not a date in the form YYYY-MM-DD")
        }
        if let summary = briefing.summary, summary < 1 { throw RequestRefused(422, "summary must be 1 or more") }
        if let maxStories = briefing.maxStories, maxStories < 1 { throw RequestRefused(422, "maxStories must be 1 or more") }
        do {
            _ = try briefingProfile(briefing)
        } catch let refused as RequestRefused {
            throw refused
        } catch {
            throw RequestRefused(422, "\(error)")
        }
        for (index, source) in briefing.sources.enumerated() {
            // A story is checked as an article is, with the briefing's settings.
            var story = source
            (story.language, story.formats, story.loudness, story.truePeak, story.bitrate) =
                (briefing.language, briefing.formats, briefing.loudness, briefing.truePeak, briefing.bitrate)
            do {
                try check(story)
            } catch {
                throw RequestRefused(error.status, "sources[\(index)]: \(error.message)")
            }
        }
    }

    func perform(_ job: Job) throws -> (episode: String, published: Bool) {
        if let briefing = job.briefing { return try perform(briefing) }
        let request = job.request
        let run = EditionRun(options: try runOptions(for: request))
        let summary: EditionRun.Summary
        if request.inline != nil {
            // The article is kept beside the job: the episode's source names it.
            var source = try ArticleReader(fetch: options.fetch, language: request.language ?? options.speech.language).read(path: try place(request))
            if let url = request.url { source.article.sourceURL = url }
            summary = try run.run(sources: [source])
        } else if let url = request.url {
            summary = try run.run(paths: [url])
        } else {
            throw RequestRefused(400, "the job names no article")
        }
        if let failure = summary.failures.first { throw RequestRefused(422, failure.message) }
        if let episode = summary.rendered.first { return (episode.id, true) }
        guard let episode = summary.upToDate.first else { throw RequestRefused(500, "the run made no episode") }
        return (episode.id, false)
    }

    func delete(episode id: String) throws -> Bool {
        let lock = try OutputLock(options.output.folder, wait: publication?.wait ?? options.publishing.lockWait ?? 30, shared: publication?.shared)
        defer { withExtendedLifetime(lock) {} }
        let store = ManifestStore(output: options.output.folder)
        var manifest = try store.load()
        guard manifest.episode(id: id) != nil else { return false }
        manifest.episodes.removeAll { $0.id == id }
        // The manifest first: it never names a file that is gone.
        try store.save(manifest)
        if let channel = options.publishing.channel {
            try Publishing.write(manifest, channel: channel, to: options.output.folder, changed: id)
        }
        try FileManager.default.removeItem(at: options.output.folder.url(relative: id))
        return true
    }

    func queued(_ request: ArticleRequest, briefing: BriefingRequest?) throws -> JobRequest {
        if let briefing {
            let profile = try briefingProfile(briefing)
            var job = JobRequest(kind: .briefing, sources: try briefing.sources.map { try place($0) },
                                 output: options.output.folder.root.path, formats: try formats(briefing.formats) ?? options.output.formats,
                                 language: briefing.language.flatMap(LanguageTag.normalise), profile: briefing.profile ?? self.profile)
            (job.title, job.date, job.summary, job.maxStories, job.baseURL) = (briefing.title, briefing.date, briefing.summary, briefing.maxStories, baseURL)
            (job.loudness, job.truePeak, job.bitrate) = (profile.master.loudness, profile.master.truePeak, profile.master.mp3Bitrate)
            return job
        }
        let run = try runOptions(for: request)
        var job = JobRequest(kind: .article, sources: [try place(request)], output: options.output.folder.root.path, formats: run.output.formats,
                             voice: request.voice ?? voice, language: run.speech.language, profile: profile)
        job.baseURL = baseURL
        job.loudness = run.master.loudness
        job.truePeak = run.master.truePeak
        job.bitrate = run.master.mp3Bitrate
        job.canonical = request.inline == nil ? nil : request.url
        return job
    }

    /// A briefing's episode, as `edition briefing` makes it.
    private func perform(_ briefing: BriefingRequest) throws -> (episode: String, published: Bool) {
        let editor = BriefingEditor(output: options.output.folder, cache: options.output.cache, library: library, speaking: options.speech.workers)
        var request = BriefingEditor.Request(sources: try briefing.sources.map { try place($0) }, title: briefing.title,
                                             date: briefing.date, summary: briefing.summary,
                                             formats: try formats(briefing.formats) ?? options.output.formats, profile: try briefingProfile(briefing))
        request.lockWait = options.publishing.lockWait
        request.publication = publication
        request.fetch = options.fetch
        request.language = briefing.language.flatMap(LanguageTag.normalise) ?? options.speech.language
        request.maxStories = briefing.maxStories
        var skipped: [BriefingEditor.Skipped] = []
        switch try editor.make(request, skipped: &skipped) {
        case let .made(episode): return (episode.id, true)
        case let .upToDate(episode): return (episode.id, false)
        case .wouldMake: throw RequestRefused(500, "the briefing was planned, not made")
        }
    }

    /// The profile a briefing names (the server's by default), with the request's mastering.
    private func briefingProfile(_ briefing: BriefingRequest) throws -> BriefingProfile {
        var profile: BriefingProfile
        do {
            profile = try BriefingProfile.load(briefing.profile ?? self.profile, voices: library.folder)
        } catch {
            throw RequestRefused(422, "profile: \(error)")
        }
        if let baseURL { profile.feed.baseURL = baseURL }
        var overrides = ArticleRequest()
        (overrides.loudness, overrides.truePeak, overrides.bitrate) = (briefing.loudness, briefing.truePeak, briefing.bitrate)
        var options = options
        options.master = profile.master
        profile.master = try runOptions(for: overrides, over: options).master
        _ = try formats(briefing.formats)
        return profile
    }

    private func formats(_ names: [String]?) throws -> [AudioFormat]? {
        guard let names else { return nil }
        do {
            return try parseFormats(names.joined(separator: ","), from: AudioFormat.allCases)
        } catch {
            throw RequestRefused(422, "formats: \(error)")
        }
    }

    /// Where a story is read from: its address, or its inline text written into the output
    /// folder under the hash of its content (beside the journal, which every worker mounts).
    private func place(_ request: ArticleRequest) throws -> String {
        guard let (field, content) = request.inline else { return request.url ?? "" }
        let file = options.output.folder.root.appendingPathComponent(".jobs/articles/\(SHA256.hex(content)).\(Self.extension(field))")
        try AtomicFile.write(Data(content.utf8), to: file, scratch: options.output.folder.scratch)
        return file.path
    }

    /// The server's run options with the request's over them; refused with the messages
    /// `edition article` gives for the same flags.
    private func runOptions(for request: ArticleRequest, over base: EditionRun.Options? = nil) throws -> EditionRun.Options {
        var options = base ?? options
        if let voice = request.voice {
            do {
                options.speech.voices = try VoiceCast.choosing(voice, from: library)
            } catch {
                throw RequestRefused(422, "voice: \(error)")
            }
        }
        if let formats = try formats(request.formats) { options.output.formats = formats }
        if let language = request.language {
            guard let tag = LanguageTag.normalise(language) else {
                throw RequestRefused(422, "language '\(language)' is not a language tag (for example uk, de, en-GB)")
            }
            options.speech.language = tag
        }
        if let bitrate = request.bitrate {
            guard MasterSettings.mp3Bitrates.contains(bitrate) else {
                throw RequestRefused(422, "bitrate \(bitrate) is not an MP3 bitrate; choose from \(MasterSettings.mp3Bitrates.map(String.init).joined(separator: ", "))")
            }
            options.master.mp3Bitrate = bitrate
        }
        if let loudness = request.loudness {
            guard MasterSettings.loudnessRange.contains(loudness) else { throw RequestRefused(422, "loudness must be from -40 to -5 LUFS") }
            options.master.loudness = loudness
        }
        if let truePeak = request.truePeak {
            guard MasterSettings.truePeakRange.contains(truePeak) else { throw RequestRefused(422, "truePeak must be from -9 to 0 dBTP") }
            options.master.truePeak = truePeak
        }
        return options
    }

    private static func `extension`(_ field: String) -> String {
        switch field {
        case "html": "html"
        case "markdown": "md"
        default: "txt"
        }
    }
}
