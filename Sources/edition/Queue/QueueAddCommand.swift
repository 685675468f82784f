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
