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
        let options = try episode.runOptions(segmentTimeout: segmentTimeout)
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
        progress.finish(summary, workers: options.speech.workers.count, timings: timings)
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
