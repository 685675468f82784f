import ArgumentParser
import AudioEdition
import Foundation

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Look after the segment cache.",
        subcommands: [Prune.self]
    )

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove cached segments by age, then by total size.",
            discussion: """
            An entry's age is the time since a run last used it. Without --older-than or \
            --max-size, entries unused for 30 days are removed.
            """
        )

        @Option(name: .shortAndLong, help: ArgumentHelp("Output folder whose cache to prune.", valueName: "dir"))
        var output = "Output"

        @Option(help: ArgumentHelp("Cache folder (default: <output>/.cache/segments).", valueName: "dir"))
        var cache: String?

        @Option(help: ArgumentHelp("Remove entries unused for more than this many days.", valueName: "days"))
        var olderThan: Double?

        @Option(help: ArgumentHelp("Then remove the least recently used until the cache is at most this size (bytes, or with K, M, G).", valueName: "size"))
        var maxSize: String?

        func validate() throws {
            if let olderThan, olderThan < 0 { throw ValidationError("--older-than must be 0 or more") }
            if let maxSize, Self.bytes(maxSize) == nil { throw ValidationError("--max-size '\(maxSize)' is not a size, such as 500M or 2G") }
        }

        func run() throws {
            let folder = cache.map { URL(fileURLWithPath: $0) } ?? OutputFolder(URL(fileURLWithPath: output)).root.appendingPathComponent(".cache/segments")
            guard FileManager.default.fileExists(atPath: folder.path) else {
                print("no segment cache at \(folder.path)")
                return
            }
            let age = olderThan ?? (maxSize == nil ? 30 : nil)
            do {
                let report = try SegmentCache(root: folder).prune(maxAge: age.map { $0 * 86400 }, maxBytes: maxSize.flatMap(Self.bytes))
                print(String(format: "removed %d segments (%.1f MB), kept %d (%.1f MB)", report.removed, Double(report.removedBytes) / 1e6,
                             report.kept, Double(report.keptBytes) / 1e6))
            } catch {
                report("\(error)")
                throw ExitCode.failure
            }
        }

        static func bytes(_ text: String) -> Int? {
            let units: [Character: Double] = ["K": 1e3, "M": 1e6, "G": 1e9]
            var number = text.uppercased()
            var scale = 1.0
            if number.hasSuffix("B") { number.removeLast() }
            if let unit = number.last, let factor = units[unit] {
                scale = factor
                number.removeLast()
            }
            guard let value = Double(number), value >= 0 else { return nil }
            return Int(value * scale)
        }
    }
}
