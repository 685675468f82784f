import ArgumentParser
import AudioEdition
import Foundation

struct ArticleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article",
        abstract: "Make an episode from each article file.",
        discussion: """
        Writes <output>/<id>/<id>-r<revision>.<format> for each format, mastered as a \
        briefing is (--loudness, --true-peak, --bitrate; MP3 at 44.1 kHz, Opus at 48 kHz), \
        a WebVTT transcript beside them, and an entry in <output>/manifest.json as each episode completes. \
        Segments are spoken by worker processes and kept in a cache, so nothing is spoken \
        twice; an article whose source, voice and formats are unchanged is skipped.
        """
    )

    @Argument(help: ArgumentHelp("Article files or http(s) addresses: HTML, page text, Markdown or JSON.", valueName: "path"))
    var paths: [String]

    @OptionGroup var episode: EpisodeOptions

    @Option(help: ArgumentHelp("Seconds a worker may spend on a segment before it is killed, plus 20 ms a character.", valueName: "s"))
    var segmentTimeout = 10.0

    @Flag(name: .shortAndLong, help: "No progress line; only the final summary.")
    var quiet = false

    @Flag(help: "Print where the time went after the summary.")
    var timings = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one article file") }
        guard segmentTimeout > 0 else { throw ValidationError("--segment-timeout must be more than 0") }
    }

    func run() throws {
        var options = try episode.runOptions()
        options.segmentTimeout = segmentTimeout
        let progress = Progress(live: !quiet && isatty(2) == 1, colour: ProcessInfo.processInfo.environment["NO_COLOR"]?.isEmpty ?? true)
        let run = EditionRun(options: options) { progress.handle($0) }
        let interrupt = Interrupt { run.cancel() }
        let summary: EditionRun.Summary
        do {
            summary = try run.run(paths: paths)
        } catch {
            progress.clear()
            report("\(error)")
            throw ExitCode.failure
        }
        interrupt.disarm()
        progress.finish(summary, workers: options.workers, timings: timings)
        if summary.cancelled { throw ExitCode(130) }
        if !summary.failures.isEmpty { throw ExitCode.failure }
    }

    /// The feed channel a profile names, with `baseURL` over its own.
    static func channel(profile: String, library: VoiceLibrary, baseURL: String?) throws -> BriefingProfile.Feed {
        do {
            var feed = try BriefingProfile.load(profile, voices: library.folder).feed
            if let baseURL { feed.baseURL = baseURL }
            return feed
        } catch {
            report("\(error)")
            throw ExitCode.failure
        }
    }

    /// This binary, which the workers run as `edition worker`.
    static var executable: URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path)
    }
}

/// What every command that makes article episodes takes: where they go, how they sound
/// and are published, how sources are fetched, and the workers and cache that speak them.
struct EpisodeOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output = "Output"

    @Option(help: ArgumentHelp("Comma-separated formats: \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "list"))
    var format = "mp3,flac"

    @OptionGroup var master: MasterOptions

    @Option(help: ArgumentHelp("Briefing profile whose feed settings name the folder's podcast feed.", valueName: "name"))
    var profile = "morning"

    @Option(help: ArgumentHelp("URL the output folder is served from, for feed.xml (default: the profile's).", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("Voice profile for every article (default: the one <voices>/languages.tsv maps the article's language to).",
                               valueName: "name"))
    var voice: String?

    @OptionGroup var language: LanguageOption

    @OptionGroup var voiceOptions: VoiceOptions

    @OptionGroup var fetch: FetchOptions

    @OptionGroup var speech: SpeechOptions

    @Option(help: ArgumentHelp("Seconds to wait for another run writing the same output folder.", valueName: "s"))
    var wait = 30.0

    var formats: [AudioFormat] {
        get throws { try parseFormats(format, from: AudioFormat.allCases) }
    }

    func validate() throws {
        guard (1...64).contains(speech.workerCount) else { throw ValidationError("--workers must be from 1 to 64") }
        _ = try formats
        do {
            _ = try voices(voiceOptions.library())
        } catch let error as VoiceError {
            throw ValidationError(error.description)
        }
    }

    /// The voice asked for, or each language's from the library's map (whose profiles are
    /// checked now, so a broken one stops the run before any work).
    func voices(_ library: VoiceLibrary) throws -> VoiceCast {
        try VoiceCast.choosing(voice, from: library)
    }

    /// The run these options describe; the output folder's lock is taken with `wait`.
    func runOptions() throws -> EditionRun.Options {
        let library = try voiceOptions.library()
        let folder = OutputFolder(URL(fileURLWithPath: output))
        var options = EditionRun.Options(
            output: folder, cache: speech.segmentCache(for: folder), voices: try voices(library), formats: try formats,
            workers: speech.workerCount, executable: ArticleCommand.executable, lockWait: wait)
        options.language = language.tag
        options.master = master.applied()
        options.fetch = fetch.settings
        options.channel = try ArticleCommand.channel(profile: self.profile, library: library, baseURL: baseURL)
        return options
    }
}

/// Where signal handlers run: a queue of their own, which gets a thread even while the
/// shared pool's are all busy (encoders waiting for a slot), so a stop is never held up.
let signalQueue = DispatchQueue(label: "edition.signals")

/// Ctrl-C and SIGTERM stop the run cleanly instead of killing the process mid-write: the
/// handler stops the work in progress, and a long-running command's wait between passes
/// ends at once.
final class Interrupt: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let condition = NSCondition()
    private var stopped = false

    init(_ handler: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { [weak self] in
                handler()
                self?.condition.withLock {
                    self?.stopped = true
                    self?.condition.broadcast()
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits up to `seconds`; true when a stop was asked for, now or before.
    func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while !stopped, condition.wait(until: deadline) {}
            return stopped
        }
    }

    func disarm() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
    }
}
