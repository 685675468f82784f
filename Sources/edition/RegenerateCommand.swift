import ArgumentParser
import AudioEdition
import Foundation

struct RegenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regenerate",
        abstract: "Bring episodes up to date after their sources, voices or lexicon changed.",
        discussion: """
        Re-reads the sources of every episode in the manifest, or of those named, and \
        speaks only the segments whose content changed. Unchanged episodes are not \
        touched; a changed one becomes the next revision with a history entry. A source \
        that has gone is reported and its episode kept, flagged stale.
        """
    )

    @Argument(help: ArgumentHelp("Episode ids (default: every episode).", valueName: "episode-id"))
    var ids: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output = "Output"

    @Flag(help: "Print the plan (episodes, segments to re-speak, seconds of audio) and change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Revisions of each episode whose files are kept.", valueName: "n"))
    var keep = 1

    @Option(help: ArgumentHelp("Seconds to wait for another run writing the same output folder.", valueName: "s"))
    var wait = 30.0

    @OptionGroup var voiceOptions: VoiceOptions

    @OptionGroup var speech: SpeechOptions

    @OptionGroup var fetch: FetchOptions

    func validate() throws {
        guard keep >= 1 else { throw ValidationError("--keep must be 1 or more") }
    }

    func run() throws {
        let folder = OutputFolder(URL(fileURLWithPath: output))
        let library = try voiceOptions.library()
        var options = Regenerator.Options(
            output: folder, cache: speech.segmentCache(for: folder), library: library, workers: speech.workerCount,
            executable: ArticleCommand.executable, keep: keep, lockWait: wait, dryRun: dryRun)
        options.fetch = fetch.settings
        // Articles are republished under the default profile's channel, as `edition article` does.
        options.channel = try? BriefingProfile.load("morning", voices: library.folder).feed
        final class Failures: @unchecked Sendable {
            let lock = NSLock()
            var count = 0
        }
        let failures = Failures()
        do {
            try Regenerator(options: options).run(ids: ids) { line in
                switch line {
                case let .remade(episode):
                    let entry = episode.history?.last
                    print("\(episode.id): revision \(episode.revision), \(entry?.segmentsSynthesised ?? 0) segments spoken "
                        + "(\(entry?.segmentsAdded ?? 0) added, \(entry?.segmentsChanged ?? 0) changed, \(entry?.segmentsRemoved ?? 0) removed)")
                case let .upToDate(episode):
                    print("\(episode.id): up to date (revision \(episode.revision))")
                case let .stale(id, reason):
                    report("\(id): \(reason); the episode is kept as it was, flagged stale")
                    failures.lock.withLock { failures.count += 1 }
                case let .plan(id, segments, seconds, places):
                    print("\(id): would re-speak \(segments) segment(s), about \(Int(seconds.rounded())) s of audio"
                        + (places.isEmpty ? "" : ": " + places.prefix(5).joined(separator: "; ") + (places.count > 5 ? "; …" : "")))
                case let .failed(id, message):
                    report(message.hasPrefix(id) ? message : "\(id): \(message)")
                    failures.lock.withLock { failures.count += 1 }
                }
            }
        } catch {
            report("\(error)")
            throw ExitCode.failure
        }
        if failures.lock.withLock({ failures.count }) > 0 { throw ExitCode.failure }
    }
}

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
