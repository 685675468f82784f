import ArgumentParser
import AudioEdition

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
