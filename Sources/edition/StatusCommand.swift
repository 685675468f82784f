import ArgumentParser
import AudioEdition
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List episodes: revision, duration, last update, and whether each is up to date.",
        discussion: """
        Compares each episode's sources with the hashes the manifest recorded; nothing is \
        spoken. A source at an http(s) address is asked again with If-None-Match and \
        If-Modified-Since, so an unchanged page costs one short request.
        """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output = "Output"

    @OptionGroup var fetch: FetchOptions

    func run() throws {
        let manifest: Manifest
        do {
            manifest = try ManifestStore(output: OutputFolder(URL(fileURLWithPath: output))).load()
        } catch {
            report("\(error)")
            throw ExitCode.failure
        }
        let formatter = ISO8601DateFormatter()
        let reader = SourceReader(fetch: fetch.settings)
        for episode in manifest.episodes {
            let duration = episode.files.first.map { String(format: "%.1f s", $0.duration) } ?? "-"
            print("\(episode.id)\tr\(episode.revision)\t\(duration)\t\(formatter.string(from: episode.updated))\t\(EpisodeStatus.state(of: episode, reader: reader).rawValue)")
        }
    }
}
