import Foundation
import Synchronization

/// Why the pool could not start.
public struct WorkerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "speech worker: \(message)" }
}

/// Worker processes, each with one espeak-ng engine, fed from one queue.
///
/// espeak-ng keeps global state, so parallel speech needs processes, not threads. Each
/// worker slot has a driver thread that sends one request at a time and waits for the reply,
/// at most `timeoutBase` seconds plus 20 ms a character. A worker that dies or does not
/// answer in time is killed and replaced; its segment is tried once more, strictly
/// sanitised and in small pieces, and reported as failed if that kills a worker too.
public final class WorkerPool: @unchecked Sendable {
    public struct Job: Sendable {
        public var id: Int
        public var key: String
        public var text: String
        public var voice: VoiceProfile
        public var strict = false
        /// Times the job was in flight on a worker that died while speaking another.
        var bystander = 0

        public init(id: Int, key: String, text: String, voice: VoiceProfile) {
            self.id = id
            self.key = key
            self.text = text
            self.voice = voice
        }
    }

    public enum Outcome: Sendable {
        case stored(samples: Int, seconds: Double, storing: Double)
        case failed(String)
    }

    public let size: Int
    public let timeoutBase: Double
    public static let timeoutPerCharacter = 0.02
    /// Seconds more for a worker's first segment in a neural voice, which loads its model
    /// (and, the first time on a machine, prepares it) before it speaks.
    public static let modelLoadGrace = 30.0
    private let executable: URL
    private let arguments: [String]
    private let cache: SegmentCache
    private let onResult: @Sendable (Job, Outcome) -> Void

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var closed = false
    private var terminated = false
    private var running: [Int: Worker] = [:]
    private let group = DispatchGroup()
    /// Workers replaced after a crash or a timeout.
    public private(set) var replaced = 0
    private var pids: [Int32] = []
    /// Every worker process started, for cleaning up what a killed one left behind.
    public var spawned: [Int32] { condition.withLock { pids } }

    /// How a pool speaks: how many `edition worker` processes, which binary they run, and
    /// the seconds a worker may take on a segment before 20 ms a character is added.
    public struct Settings: Sendable {
        /// How many workers at most.
        public var count: Int
        public var executable: URL
        public var segmentTimeout: Double

        public init(count: Int, executable: URL, segmentTimeout: Double = 10) {
            (self.count, self.executable, self.segmentTimeout) = (count, executable, segmentTimeout)
        }
    }

    public init(_ settings: Settings, cache: SegmentCache, onResult: @escaping @Sendable (Job, Outcome) -> Void) {
        size = max(1, settings.count)
        timeoutBase = settings.segmentTimeout
        executable = settings.executable
        arguments = ["worker", "--cache", cache.root.path]
        self.cache = cache
        self.onResult = onResult
    }

    /// Greetings already had in this process, by program: a program's engine greets alike every
    /// time, so a later pool starts no worker before it has work (a briefing whose segments are
    /// all in the cache starts none).
    private static let greetings = Mutex<[String: WorkerHello]>([:])

    /// Starts the workers and returns the first one's greeting: the engine's version and
    /// sample rate, which every segment key includes. Workers start with their first job, but
    /// for the first, which greets, unless this program has greeted before.
    public func start() throws(WorkerError) -> WorkerHello {
        let known = Self.greetings.withLock { $0[executable.path] }
        let first = known == nil ? try Worker(executable: executable, arguments: arguments) : nil
        if let first { condition.withLock { pids.append(first.process.processIdentifier) } }
        guard let hello = known ?? first?.hello else { throw WorkerError(message: "no worker greeted") }
        Self.greetings.withLock { $0[executable.path] = hello }
        for slot in 0..<size {
            group.enter()
            let worker = slot == 0 ? first : nil
            Thread.detachNewThread { [self] in
                drive(slot: slot, worker: worker)
                group.leave()
            }
        }
        return hello
    }

    public func submit(_ job: Job) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the workers finish the queue, then closes them and waits.
    public func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        group.wait()
    }

    /// Stops at once: the queue is dropped and every worker killed.
    public func terminate() {
        condition.lock()
        closed = true
        terminated = true
        queue.removeAll()
        head = 0
        let workers = Array(running.values)
        condition.broadcast()
        condition.unlock()
        for worker in workers { worker.kill() }
    }

    /// The next job: waits for one when `wait`, else nil if none is queued. `requeue` goes
    /// to the front first, so a retried segment does not leave its episode waiting.
    private func next(requeue: [Job] = [], wait: Bool) -> Job? {
        condition.lock()
        defer { condition.unlock() }
        if !terminated { queue.insert(contentsOf: requeue, at: head) }
        while wait && head >= queue.count && !closed { condition.wait() }
        guard head < queue.count, !terminated else { return nil }
        let job = queue[head]
        head += 1
        if head > 1024 {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }

    /// Keeps up to two requests in flight on the slot's worker, so it speaks the next
    /// segment while its last recording is still being written to the cache.
    private func drive(slot: Int, worker initial: Worker?) {
        var worker = initial
        var requeue: [Job] = []
        var inFlight: [Job] = []
        var headSince = Date()
        var speaking: Int?
        // The neural models this slot's worker has loaded.
        var loaded: Set<String> = []
        defer { worker?.close() }
        while true {
            // Fill the pipeline: wait for work only when the worker has none.
            while inFlight.count < 2 {
                let taken = next(requeue: requeue, wait: inFlight.isEmpty)
                requeue = []
                guard let job = taken else { break }
                if worker == nil {
                    do {
                        let started = try Worker(executable: executable, arguments: arguments)
                        condition.withLock {
                            pids.append(started.process.processIdentifier)
                            running[slot] = started
                        }
                        worker = started
                    } catch {
                        onResult(job, .failed("\(error)"))
                        continue
                    }
                }
                if inFlight.isEmpty { headSince = Date() }
                inFlight.append(job)
                if worker?.send(job) == false { break }
            }
            // Nothing in flight and nothing to take: the queue is closed and empty.
            guard let first = inFlight.first, let current = worker else { return }
            condition.withLock { running[slot] = current }
            let model = NeuralEngine.handleKey(first.voice)
            let timeout = timeoutBase + Self.timeoutPerCharacter * Double(first.text.count)
                + (model.map { loaded.contains($0) } == false ? Self.modelLoadGrace : 0)
            switch current.receive(deadline: headSince.addingTimeInterval(timeout), timeout: timeout) {
            case let .replied(reply) where reply.started == true:
                speaking = reply.id
            case let .replied(reply):
                guard let index = inFlight.firstIndex(where: { $0.id == reply.id }) else { continue }
                let job = inFlight.remove(at: index)
                if let key = NeuralEngine.handleKey(job.voice) { loaded.insert(key) }
                headSince = Date()
                if let error = reply.error {
                    onResult(job, .failed(error))
                } else {
                    onResult(job, .stored(samples: reply.samples ?? 0, seconds: reply.seconds ?? 0, storing: reply.storeSeconds ?? 0))
                }
            case let .died(cause):
                worker = nil
                loaded = []
                let stopping = condition.withLock {
                    running[slot] = nil
                    replaced += 1
                    return terminated
                }
                // The worker said which request it was speaking. An earlier one may be in
                // the cache with its answer lost; a later one was never started.
                var culprit: Job?
                for job in inFlight {
                    if let samples = cache.sampleCount(job.key) {
                        onResult(job, .stored(samples: samples, seconds: 0, storing: 0))
                    } else if job.id == speaking {
                        culprit = job
                    } else if job.bystander >= 3 {
                        onResult(job, .failed("the speech engine \(cause), on every attempt"))
                    } else {
                        var again = job
                        again.bystander += 1
                        requeue.append(again)
                    }
                }
                inFlight = []
                speaking = nil
                guard let culprit else { continue }
                if stopping {
                    onResult(culprit, .failed("stopped"))
                } else if culprit.strict {
                    onResult(culprit, .failed("the speech engine \(cause), and again on the retry in smaller pieces"))
                } else {
                    var again = culprit
                    again.strict = true
                    requeue.insert(again, at: 0)
                }
            }
        }
    }
}

/// One worker process and its pipes.
final class Worker: @unchecked Sendable {
    enum Result {
        case replied(WorkerReply)
        /// What became of the process: "was killed by signal 6 (Aborted)".
        case died(String)
    }

    let process = Process()
    let channel: FrameChannel
    let hello: WorkerHello
    private let toWorker: Pipe
    private let fromWorker: Pipe

    init(executable: URL, arguments: [String]) throws(WorkerError) {
        toWorker = Pipe()
        fromWorker = Pipe()
        // Only this worker may hold its pipes: a later worker inheriting them would keep
        // this one's input open after it is closed.
        for fd in [toWorker.fileHandleForReading.fileDescriptor, toWorker.fileHandleForWriting.fileDescriptor,
                   fromWorker.fileHandleForReading.fileDescriptor, fromWorker.fileHandleForWriting.fileDescriptor] {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = toWorker
        process.standardOutput = fromWorker
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw WorkerError(message: "cannot start \(executable.path): \(error.localizedDescription)")
        }
        try? toWorker.fileHandleForReading.close()
        try? fromWorker.fileHandleForWriting.close()
        channel = FrameChannel(input: fromWorker.fileHandleForReading.fileDescriptor, output: toWorker.fileHandleForWriting.fileDescriptor)
        do {
            hello = try channel.receive(WorkerHello.self, deadline: Date().addingTimeInterval(60))
        } catch {
            process.terminate()
            throw WorkerError(message: "did not start: \(error)")
        }
        if let error = hello.error { throw WorkerError(message: error) }
    }

    /// Sends a request; false when the worker is gone (the next `receive` says how).
    func send(_ job: WorkerPool.Job) -> Bool {
        (try? channel.send(WorkerRequest(id: job.id, key: job.key, text: job.text, voice: job.voice, strict: job.strict))) != nil
    }

    /// The next reply, or how the worker ended when there is none by `deadline`.
    func receive(deadline: Date, timeout: Double) -> Result {
        do {
            return .replied(try channel.receive(WorkerReply.self, deadline: deadline))
        } catch let error {
            if case .timedOut = error {
                kill()
                reap()
                return .died("did not answer in \(String(format: "%.0f", timeout)) s and was killed")
            }
            kill()
            return .died(reap())
        }
    }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the process to end and says how it ended.
    @discardableResult
    func reap() -> String {
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            return "was killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
        return "exited with status \(process.terminationStatus)"
    }

    /// Closes the worker's input, so it exits, and waits for it.
    func close() {
        try? toWorker.fileHandleForWriting.close()
        process.waitUntilExit()
        try? fromWorker.fileHandleForReading.close()
    }
}
