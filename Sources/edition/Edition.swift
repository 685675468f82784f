import ArgumentParser
import AudioEdition
import Foundation

@main
struct Edition: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edition",
        abstract: "Turn news articles into spoken audio editions, offline.",
        subcommands: [ArticleCommand.self, ReadCommand.self, NormaliseCommand.self, VoicesCommand.self, BriefingCommand.self, RegenerateCommand.self, StatusCommand.self, ManifestCommand.self, CacheCommand.self, LexiconCommand.self, MasterCommand.self, WorkerCommand.self]
    )
}

/// Flags every command that uses voices shares.
struct VoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder of voice profiles (default: ./Voices, or the one beside the build).", valueName: "dir"))
    var voices: String?

    func library() throws -> VoiceLibrary {
        do {
            return try VoiceLibrary.locate(explicit: voices)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// A `--format` list: comma-separated names from `allowed`, without repeats, at least one.
func parseFormats(_ list: String, from allowed: [AudioFormat]) throws -> [AudioFormat] {
    var seen: [AudioFormat] = []
    for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
        guard let parsed = AudioFormat(rawValue: name), allowed.contains(parsed) else {
            throw ValidationError("unknown format '\(name)'; choose from \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        if !seen.contains(parsed) { seen.append(parsed) }
    }
    guard !seen.isEmpty else { throw ValidationError("--format names no format") }
    return seen
}

/// Prints `edition: error: <message>` on stderr, the way every failure is reported.
func report(_ message: String) {
    FileHandle.standardError.write(Data("edition: error: \(message)\n".utf8))
}

/// Prints `edition: <message>` on stderr: what a run says about itself when asked.
func inform(_ message: String) {
    FileHandle.standardError.write(Data("edition: \(message)\n".utf8))
}
