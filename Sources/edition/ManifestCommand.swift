import ArgumentParser
import AudioEdition
import Foundation

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Recover the manifest.",
        subcommands: [Rebuild.self]
    )

    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild manifest.json from the episode descriptions beside the audio.",
            discussion: "A damaged manifest is moved aside to manifest.json.damaged-<time>, never deleted."
        )

        @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
        var output = "Output"

        @Flag(help: "Rebuild even though the manifest is readable.")
        var force = false

        func run() throws {
            let folder = OutputFolder(URL(fileURLWithPath: output))
            do {
                let lock = try OutputLock(folder, wait: 30)
                defer { withExtendedLifetime(lock) {} }
                let result = try ManifestRecovery.rebuild(folder, force: force)
                print("rebuilt manifest with \(result.episodes) episode(s)" + (result.setAside.map { "; the damaged one is at \($0)" } ?? ""))
            } catch {
                report("\(error)")
                throw ExitCode.failure
            }
        }
    }
}
