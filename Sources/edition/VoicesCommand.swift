import ArgumentParser
import AudioEdition

struct VoicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voices",
        abstract: "List the voice profiles in the Voices folder.",
        discussion: "A line a profile: name, engine, espeak-ng voice or neural model, pace, whether it can speak here, description, and a neural model's licence."
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
                let profile = try library.profile(name)
                var status = "installed"
                do { _ = try library.installing(profile) } catch {
                    if case .missingModel = error { status = "not installed: run \(ModelFolders.installCommand)" } else { throw error }
                }
                var columns = [name, profile.speechEngine.rawValue]
                if let neural = profile.neural {
                    columns += [neural.model, "length \(neural.lengthScale ?? 1)", status, profile.description, "licence: \(neural.licence ?? "not stated")"]
                } else {
                    columns += [profile.espeakVoice, "\(profile.rate) wpm", status, profile.description]
                }
                print(columns.joined(separator: "\t"))
            } catch {
                print("\(name)\t(invalid: \(error))")
            }
        }
    }
}
