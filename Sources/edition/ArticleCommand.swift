import ArgumentParser
import AudioEdition
import Foundation

struct ArticleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article",
        abstract: "Make an episode from each article file.",
        discussion: """
        Writes <output>/<id>/<id>-r<revision>.<format> for each format, a WebVTT transcript \
        beside them, and an entry in <output>/manifest.json. An article whose source, voice \
        and formats are unchanged since its last episode is skipped.
        """
    )

    @Argument(help: ArgumentHelp("Article files (plain text: title on the first line, paragraphs separated by blank lines).", valueName: "path"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output = "Output"

    @Option(help: ArgumentHelp("Comma-separated formats: \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "list"))
    var format = "flac,wav"

    @Option(help: ArgumentHelp("Voice profile name, from the Voices folder.", valueName: "name"))
    var voice = "newsreader"

    @OptionGroup var voiceOptions: VoiceOptions

    var formats: [AudioFormat] {
        get throws {
            var seen: [AudioFormat] = []
            for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
                guard let parsed = AudioFormat(rawValue: name) else {
                    throw ValidationError("unknown format '\(name)'; choose from \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if !seen.contains(parsed) { seen.append(parsed) }
            }
            guard !seen.isEmpty else { throw ValidationError("--format names no format") }
            return seen
        }
    }

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one article file") }
        _ = try formats
        let library = try voiceOptions.library()
        do {
            _ = try library.load(voice)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let library = try voiceOptions.library()
        let profile = try library.load(voice)
        let lexicon = try library.lexicon(for: profile)
        let formats = try formats
        let editor = ArticleEditor(engine: try ESpeakEngine.shared(), output: OutputFolder(URL(fileURLWithPath: output)), lexicon: lexicon)
        var failures = 0
        for path in paths {
            do {
                switch try editor.render(path: path, voice: profile, formats: formats) {
                case let .rendered(episode):
                    let seconds = episode.files.first.map { String(format: "%.1f", $0.duration) } ?? "0"
                    print("\(episode.id): revision \(episode.revision), \(seconds) s: \(episode.files.map(\.path).joined(separator: ", "))")
                case let .upToDate(episode):
                    print("\(episode.id): up to date (revision \(episode.revision))")
                }
            } catch {
                failures += 1
                report("\(error)")
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }
}
