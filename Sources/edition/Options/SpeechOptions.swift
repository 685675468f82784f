import ArgumentParser
import AudioEdition
import Foundation

/// Flags every command that speaks shares: its speech workers and its segment cache.
struct SpeechOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Worker processes speaking at once (default: one per core).", valueName: "n"))
    var workers: Int?

    @Option(help: ArgumentHelp("Segment cache folder (default: <output>/.cache/segments).", valueName: "dir"))
    var cache: String?

    var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        guard (1...64).contains(workerCount) else { throw ValidationError("--workers must be from 1 to 64") }
    }

    /// The workers these flags ask for, running this binary.
    func pool(segmentTimeout: Double = 10) -> WorkerPool.Settings {
        WorkerPool.Settings(count: workerCount, executable: ArticleCommand.executable, segmentTimeout: segmentTimeout)
    }

    /// `--cache`, or the output folder's own.
    func segmentCache(for folder: OutputFolder) -> SegmentCache {
        SegmentCache(folder: cache, output: folder)
    }
}
