import ArgumentParser
import AudioEdition
import Foundation

/// What every command that makes article episodes takes: where they go, how they sound
/// and are published, how sources are fetched, and the workers and cache that speak them.
struct EpisodeOptions: ParsableArguments {
    @OptionGroup var output: OutputOptions

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

    func validate() throws {
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

    /// The run these options describe; the output folder's lock is taken with `--wait`.
    func runOptions(segmentTimeout: Double = 10) throws -> EditionRun.Options {
        let library = try voiceOptions.library()
        let folder = output.folder
        let voices = try voices(library)
        return EditionRun.Options(
            output: .init(folder: folder, cache: speech.segmentCache(for: folder), formats: try output.formats),
            speech: .init(voices: voices, language: language.tag, workers: speech.pool(segmentTimeout: segmentTimeout)),
            master: master.applied(), fetch: fetch.settings,
            publishing: .init(channel: try ArticleCommand.channel(profile: self.profile, library: library, baseURL: baseURL), lockWait: output.wait))
    }
}
