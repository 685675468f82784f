import ArgumentParser
import AudioEdition
import Foundation

/// `edition worker`: one engine, speaking the requests a run sends it (see `SynthesisWorker`).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Speak segments for a run (started by `edition article`; not for direct use).",
        shouldDisplay: false
    )

    @Option(help: ArgumentHelp("Segment cache folder.", valueName: "dir"))
    var cache: String

    func run() throws {
        let status = SynthesisWorker.run(cache: SegmentCache(root: URL(fileURLWithPath: cache)))
        if status != 0 { throw ExitCode(status) }
    }
}
