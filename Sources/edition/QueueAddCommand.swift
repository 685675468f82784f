import ArgumentParser
import AudioEdition
import Foundation

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
