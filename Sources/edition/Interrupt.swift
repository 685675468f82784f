import Foundation

/// Where signal handlers run: a queue of their own, which gets a thread even while the
/// shared pool's are all busy (encoders waiting for a slot), so a stop is never held up.
let signalQueue = DispatchQueue(label: "edition.signals")

/// Ctrl-C and SIGTERM stop the run cleanly instead of killing the process mid-write: the
/// handler stops the work in progress, and a long-running command's wait between passes
/// ends at once.
final class Interrupt: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let condition = NSCondition()
    private var stopped = false

    init(_ handler: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { [weak self] in
                handler()
                self?.condition.withLock {
                    self?.stopped = true
                    self?.condition.broadcast()
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits up to `seconds`; true when a stop was asked for, now or before.
    func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while !stopped, condition.wait(until: deadline) {}
            return stopped
        }
    }

    func disarm() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
    }
}
