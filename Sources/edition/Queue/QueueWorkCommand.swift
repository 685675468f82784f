import ArgumentParser
import AudioEdition
import Foundation

struct QueueWorkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Make queued jobs, one machine's share, until stopped.",
        discussion: """
        Jobs are claimed a few at a time (one more than --workers), so the speech workers stay \
        busy, and each is leased for --lease seconds and renewed while it runs; a job whose \
        worker stops renewing is taken by another. Each outcome is printed on stderr. SIGTERM \
        finishes the jobs held and exits; a second SIGTERM, or Ctrl-C, gives them back to the \
        queue at once. If PostgreSQL goes away, the worker connects again when it returns.
        """
    )

    @OptionGroup var queue: QueueOption

    @Flag(help: "Exit once no job is queued or running.")
    var untilEmpty = false

    @Option(help: ArgumentHelp("Seconds a job's lease lasts; renewed every third of it.", valueName: "s"))
    var lease = 30.0

    @OptionGroup var speech: SpeechOptions

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(help: ArgumentHelp("Seconds a worker may spend on a segment before it is killed, plus 20 ms a character.", valueName: "s"))
    var segmentTimeout = 10.0

    /// For the tests: how many article jobs one run takes before the next starts.
    @Option(help: .hidden)
    var jobsPerRun = 200

    func validate() throws {
        guard jobsPerRun >= 1 else { throw ValidationError("--jobs-per-run must be 1 or more") }
        guard (1...3600).contains(lease) else { throw ValidationError("--lease must be from 1 to 3600 seconds") }
        guard segmentTimeout > 0 else { throw ValidationError("--segment-timeout must be more than 0") }
    }

    func run() throws {
        var settings = QueueWorker.Settings(url: try queue.url, speaking: speech.pool(segmentTimeout: segmentTimeout),
                                            library: try voiceOptions.library())
        settings.lease = lease
        settings.untilEmpty = untilEmpty
        settings.cache = speech.cache
        settings.jobsPerRun = jobsPerRun
        let worker: QueueWorker
        do {
            worker = try QueueWorker(settings: settings) { inform($0) }
        } catch {
            report("queue: \(error)")
            throw ExitCode.failure
        }
        let signals = WorkerSignals(worker)
        defer { signals.disarm() }
        do {
            try worker.run()
        } catch {
            report("queue: \(error)")
            throw ExitCode.failure
        }
    }
}

/// The first SIGTERM lets the worker finish what it holds; a second, or SIGINT, gives it back.
final class WorkerSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var told = false

    init(_ worker: QueueWorker) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let again = lock.withLock { defer { told = true }; return told }
                if number == SIGTERM, !again {
                    inform("stopping: finishing the jobs held (SIGTERM again gives them back)")
                    worker.stop()
                } else if !worker.stopNow() {
                    inform("stopped: the briefing being made was given back")
                    Foundation.exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func disarm() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
    }
}
