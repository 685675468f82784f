import ArgumentParser
import AudioEdition
import Foundation

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
