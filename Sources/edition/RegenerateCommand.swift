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
            output: folder, cache: speech.segmentCache(for: folder), library: library, speaking: speech.pool(),
            keep: keep, lockWait: wait, dryRun: dryRun)
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

