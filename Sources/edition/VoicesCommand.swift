import ArgumentParser
import AudioEdition

struct VoicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voices",
        abstract: "List the voice profiles in the Voices folder."
    )

    @OptionGroup var voiceOptions: VoiceOptions

    func run() throws {
        let library = try voiceOptions.library()
        let names = library.names()
        guard !names.isEmpty else {
            report("\(library.folder.path): no voice profiles (*.json) found")
            throw ExitCode.failure
        }
        for name in names {
            do {
                let profile = try library.load(name)
                print("\(name)\t\(profile.espeakVoice)\t\(profile.rate) wpm\t\(profile.description)")
            } catch {
                print("\(name)\t(invalid: \(error.description))")
            }
        }
    }
}
