import ArgumentParser
import AudioEdition
import Foundation

/// What every queued job says about its output, shared by both kinds.
struct QueuedOutputOptions: ParsableArguments {
    @OptionGroup var queue: QueueOption

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder, as every worker mounts it.", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("Comma-separated formats: \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "list"))
    var format = "mp3,flac"

    @Option(help: ArgumentHelp("Briefing profile: a briefing's voices, and the feed settings of the folder's podcast feed.", valueName: "name"))
    var profile = "morning"

    @Option(help: ArgumentHelp("URL the output folder is served from, for feed.xml (default: the profile's).", valueName: "url"))
    var baseURL: String?

    @OptionGroup var language: LanguageOption

    @OptionGroup var master: MasterOptions

    @Option(help: ArgumentHelp("Times a failed job is tried again.", valueName: "n"))
    var retries = 2

    func validate() throws {
        _ = try parseFormats(format, from: AudioFormat.allCases)
        guard (0...20).contains(retries) else { throw ValidationError("--retries must be from 0 to 20") }
    }

    func request(_ kind: JobRequest.Kind, sources: [String]) throws -> JobRequest {
        var request = JobRequest(kind: kind, sources: sources.map(SourceLocation.absolute), output: SourceLocation.absolute(output),
                                 formats: try parseFormats(format, from: AudioFormat.allCases), language: language.tag, profile: profile)
        request.baseURL = baseURL
        (request.loudness, request.truePeak, request.bitrate) = (master.loudness, master.truePeak, master.bitrate)
        return request
    }

    func add(_ requests: [JobRequest]) throws {
        let queue = try self.queue.open()
        do {
            for id in try queue.add(requests, attempts: retries + 1) { print(id) }
        } catch {
            report("queue: \(error)")
            throw ExitCode.failure
        }
    }
}
