import ArgumentParser
import AudioEdition
import Foundation

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Share the work among machines through a job queue in PostgreSQL.",
        discussion: """
        `queue add` puts jobs in the queue, `queue work` runs on each machine and makes them, \
        and `queue status` counts them. Every machine mounts the output folders and the \
        segment cache at the same paths. --queue is a libpq connection URI, for example \
        postgresql://edition@/edition?host=/run/postgresql, or $EDITION_QUEUE.
        """,
        subcommands: [QueueAddCommand.self, QueueWorkCommand.self, QueueStatusCommand.self]
    )
}

/// `--queue`, or `$EDITION_QUEUE`.
struct QueueOption: ParsableArguments {
    @Option(help: ArgumentHelp("PostgreSQL connection URI (default: $EDITION_QUEUE).", valueName: "url"))
    var queue: String?

    var url: String {
        get throws {
            if let queue { return queue }
            if let url = ProcessInfo.processInfo.environment["EDITION_QUEUE"], !url.isEmpty { return url }
            throw ValidationError("give the queue's PostgreSQL URI with --queue (or $EDITION_QUEUE)")
        }
    }

    func validate() throws { _ = try url }

    /// The queue, or the reason it cannot be reached, reported.
    func open() throws -> JobQueue {
        do {
            return try JobQueue(url: try url)
        } catch let error as DatabaseError {
            report("queue: \(error)")
            throw ExitCode.failure
        }
    }
}

struct QueueAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Queue jobs; prints one job id a line.",
        subcommands: [QueueAddArticleCommand.self, QueueAddBriefingCommand.self]
    )
}

/// What every queued job says about its output, shared by both kinds.
struct QueuedOutputOptions: ParsableArguments {
    @OptionGroup var queue: QueueOption

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder, as every worker mounts it.", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("Comma-separated formats: \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "list"))
    var format = "mp3,flac"

    @Option(help: ArgumentHelp("Briefing profile: a briefing's voices, and the feed settings of the folder's podcast feed.", valueName: "name"))
    var profile = "morning"

    @Option(help: ArgumentHelp("URL the output folder is served from, for feed.xml (default: the profile's).", valueName: "url"))
    var baseURL: String?

    @OptionGroup var language: LanguageOption

    @OptionGroup var master: MasterOptions

    @Option(help: ArgumentHelp("Times a failed job is tried again.", valueName: "n"))
    var retries = 2

    func validate() throws {
        _ = try parseFormats(format, from: AudioFormat.allCases)
        guard (0...20).contains(retries) else { throw ValidationError("--retries must be from 0 to 20") }
    }

    func request(_ kind: JobRequest.Kind, sources: [String]) throws -> JobRequest {
        var request = JobRequest(kind: kind, sources: sources.map(SourceLocation.absolute), output: SourceLocation.absolute(output),
                                 formats: try parseFormats(format, from: AudioFormat.allCases), language: language.tag, profile: profile)
        request.baseURL = baseURL
        (request.loudness, request.truePeak, request.bitrate) = (master.loudness, master.truePeak, master.bitrate)
        return request
    }

    func add(_ requests: [JobRequest]) throws {
        let queue = try self.queue.open()
        do {
            for id in try queue.add(requests, attempts: retries + 1) { print(id) }
        } catch {
            report("queue: \(error)")
            throw ExitCode.failure
        }
    }
}

struct QueueAddArticleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article",
        abstract: "Queue one job for each article: its episode, as `edition article` makes it."
    )

    @Argument(help: ArgumentHelp("Article files or http(s) addresses.", valueName: "path"))
    var paths: [String]

    @OptionGroup var output: QueuedOutputOptions

    @Option(help: ArgumentHelp("Voice profile (default: the one <voices>/languages.tsv maps the article's language to).", valueName: "name"))
    var voice: String?

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one article file") }
    }

    func run() throws {
        try output.add(paths.map { path in
            var request = try output.request(.article, sources: [path])
            request.voice = voice
            return request
        })
    }
}

struct QueueAddBriefingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "Queue one briefing job: one episode from the sources, as `edition briefing` makes it."
    )

    @Argument(help: ArgumentHelp("Article files, folders of them, feed files, or http(s) addresses.", valueName: "source"))
    var sources: [String]

    @OptionGroup var output: QueuedOutputOptions

    @OptionGroup var choices: BriefingChoices

    func validate() throws {
        guard !sources.isEmpty else { throw ValidationError("give at least one source") }
    }

    func run() throws {
        var request = try output.request(.briefing, sources: sources)
        (request.title, request.date, request.summary, request.maxStories) = (choices.title, choices.date, choices.summary, choices.maxStories)
        try output.add([request])
    }
}

struct QueueWorkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Make queued jobs, one machine's share, until stopped.",
        discussion: """
        Jobs are claimed a few at a time (one more than --workers), so the speech workers stay \
        busy, and each is leased for --lease seconds and renewed while it runs; a job whose \
        worker stops renewing is taken by another. Each outcome is printed on stderr. SIGTERM \
        finishes the jobs held and exits; a second SIGTERM, or Ctrl-C, gives them back to the \
        queue at once. If PostgreSQL goes away, the worker connects again when it returns.
        """
    )

    @OptionGroup var queue: QueueOption

    @Flag(help: "Exit once no job is queued or running.")
    var untilEmpty = false

    @Option(help: ArgumentHelp("Seconds a job's lease lasts; renewed every third of it.", valueName: "s"))
    var lease = 30.0

    @OptionGroup var speech: SpeechOptions

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(help: ArgumentHelp("Seconds a worker may spend on a segment before it is killed, plus 20 ms a character.", valueName: "s"))
    var segmentTimeout = 10.0

    /// For the tests: how many article jobs one run takes before the next starts.
    @Option(help: .hidden)
    var jobsPerRun = 200

    func validate() throws {
        guard jobsPerRun >= 1 else { throw ValidationError("--jobs-per-run must be 1 or more") }
        guard (1...64).contains(speech.workerCount) else { throw ValidationError("--workers must be from 1 to 64") }
        guard (1...3600).contains(lease) else { throw ValidationError("--lease must be from 1 to 3600 seconds") }
        guard segmentTimeout > 0 else { throw ValidationError("--segment-timeout must be more than 0") }
    }

    func run() throws {
        var settings = QueueWorker.Settings(url: try queue.url, workers: speech.workerCount, library: try voiceOptions.library(),
                                            executable: ArticleCommand.executable)
        settings.lease = lease
        settings.untilEmpty = untilEmpty
        settings.cache = speech.cache
        settings.segmentTimeout = segmentTimeout
        settings.jobsPerRun = jobsPerRun
        let worker: QueueWorker
        do {
            worker = try QueueWorker(settings: settings) { inform($0) }
        } catch {
            report("queue: \(error)")
            throw ExitCode.failure
        }
        let signals = WorkerSignals(worker)
        defer { signals.disarm() }
        do {
            try worker.run()
        } catch {
            report("queue: \(error)")
            throw ExitCode.failure
        }
    }
}

/// The first SIGTERM lets the worker finish what it holds; a second, or SIGINT, gives it back.
final class WorkerSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var told = false

    init(_ worker: QueueWorker) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let again = lock.withLock { defer { told = true }; return told }
                if number == SIGTERM, !again {
                    inform("stopping: finishing the jobs held (SIGTERM again gives them back)")
                    worker.stop()
                } else if !worker.stopNow() {
                    inform("stopped: the briefing being made was given back")
                    Foundation.exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func disarm() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
    }
}

struct QueueStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Count the queue's jobs by state, and list the ones that failed."
    )

    @OptionGroup var queue: QueueOption

    @Flag(help: "Print JSON: {\"queued\": n, \"running\": n, \"done\": n, \"failed\": n, \"failures\": [...]}.")
    var json = false

    func run() throws {
        let status: QueueStatus
        do {
            status = try queue.open().status()
        } catch let error as DatabaseError {
            report("queue: \(error)")
            throw ExitCode.failure
        }
        if json {
            print(status.json())
            return
        }
        print("queued \(status.queued), running \(status.running), done \(status.done), failed \(status.failed)")
        for failure in status.failures {
            print("job \(failure.id) (\(failure.kind) \(failure.sources.joined(separator: ", "))) failed after \(failure.attempts) attempts: \(failure.message)")
        }
    }
}
