import ArgumentParser
import AudioEdition
import Foundation
import CMalloc

@main
struct Edition: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edition",
        abstract: "Turn news articles into spoken audio editions, offline.",
        subcommands: [ArticleCommand.self, ReadCommand.self, ServeCommand.self, NormaliseCommand.self, VoicesCommand.self, BriefingCommand.self, RegenerateCommand.self, StatusCommand.self, ManifestCommand.self, WatchCommand.self, CacheCommand.self, LexiconCommand.self, MasterCommand.self, QueueCommand.self, WorkerCommand.self]
    )

    static func main() {
        // Audio buffers of a megabyte and up (the MP3 chunks) are mapped and unmapped: freed on
        // the encoding threads, they go back to the system instead of staying in malloc's
        // arenas. Below that, up to 2 MB of freed heap is kept for the next chunk of audio
        // rather than handed back and faulted in again. One arena for every thread: mastering's
        // stages pass chunks of audio from thread to thread, and an arena each kept their
        // freed chunks apart (5-6 MB more at the peak, no faster). Measured: `Tests/Benchmarks/bench.sh`.
        mallopt(M_MMAP_THRESHOLD, 1 << 20)
        mallopt(M_TRIM_THRESHOLD, 2 << 20)
        mallopt(M_ARENA_MAX, 1)
        // A file name that is not UTF-8 keeps its bytes (`FileNameBytes`).
        let arguments = Array(FileNameBytes.arguments().dropFirst())
        // "-x.txt" would be taken for options, with a message that does not name it.
        if let dashed = arguments.prefix(while: { $0 != "--" }).first(where: { $0.count > 1 && $0.hasPrefix("-") && FileNameBytes.exists($0) }) {
            report("\(FileNameBytes.display(dashed)): a file whose name starts with '-' is read as options; write ./\(FileNameBytes.display(dashed)), or put it after --")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        // Articles may have such names; the folders written to may not, since their files are
        // made through Foundation, which would spell the name differently.
        for (index, argument) in arguments.enumerated() where FileNameBytes.keepsBytes(argument) {
            let joined = argument.hasPrefix("-") ? argument.split(separator: "=", maxSplits: 1).map(String.init) : []
            let (option, value) = joined.count == 2 ? (joined[0], joined[1]) : (index > 0 ? arguments[index - 1] : "", argument)
            if ["-o", "--output", "--cache", "--voices"].contains(option) {
                report("\(option) \(FileNameBytes.display(value)): a folder whose name is not UTF-8 cannot be written to; rename it")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        }
        main(arguments)
    }
}

/// A `--format` list: comma-separated names from `allowed`, without repeats, at least one.
func parseFormats(_ list: String, from allowed: [AudioFormat]) throws -> [AudioFormat] {
    var seen: [AudioFormat] = []
    for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
        guard let parsed = AudioFormat(rawValue: name), allowed.contains(parsed) else {
            throw ValidationError("unknown format '\(name)'; choose from \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        if !seen.contains(parsed) { seen.append(parsed) }
    }
    guard !seen.isEmpty else { throw ValidationError("--format names no format") }
    return seen
}

/// Prints `edition: error: <message>` on stderr, the way every failure is reported.
func report(_ message: String) {
    FileHandle.standardError.write(Data("edition: error: \(message)\n".utf8))
}

/// Prints `edition: <message>` on stderr: what a run says about itself when asked.
func inform(_ message: String) {
    FileHandle.standardError.write(Data("edition: \(message)\n".utf8))
}

