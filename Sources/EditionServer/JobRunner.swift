import Foundation

/// Does the journal's jobs one at a time, in the order they were accepted, on a thread of
/// its own: a run is blocking work (it waits on worker processes and encoders), which must
/// not hold up the server's event loops. A run speaks its segments on several worker
/// processes, so one job at a time still uses every core.
public final class JobRunner: @unchecked Sendable {
    /// Makes the job's episode and returns its id, and whether it was published now; throws
    /// with the message a client reads.
    public typealias Perform = @Sendable (Job) throws -> (episode: String, published: Bool)

    private let journal: JobJournal
    private let perform: Perform
    private let finished: @Sendable (Job, Bool) -> Void
    private let condition = NSCondition()
    private var stopping = false
    private var stopped = false
    /// Work that changes the folder outside a job (a deletion), done before the next job.
    private var between: [@Sendable () -> Void] = []

    /// `finished` hears each job once it is done or failed, and whether it published.
    public init(journal: JobJournal, perform: @escaping Perform, finished: @escaping @Sendable (Job, Bool) -> Void = { _, _ in }) {
        self.journal = journal
        self.perform = perform
        self.finished = finished
    }

    /// Starts the thread; the jobs pending from a previous server are done first.
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "edition-jobs"
        thread.start()
    }

    /// Runs `work` on the runner's thread once the running job is done, before any queued
    /// one: the folder is changed by one thread, and a deletion does not wait on the lock
    /// behind a queue of jobs.
    public func betweenJobs<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, Error>) in
            condition.withLock {
                between.append { done.resume(with: Result { try work() }) }
                condition.signal()
            }
        }
    }

    /// A job was journaled.
    public func wake() {
        condition.withLock { condition.signal() }
    }

    /// Lets the running job finish, starts no other, and returns once it has. Jobs still
    /// queued stay in the journal for the next start.
    public func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
            while !stopped { condition.wait() }
        }
    }

    private func loop() {
        while true {
            let next: (work: (@Sendable () -> Void)?, job: Job?) = condition.withLock {
                var owed = journal.next
                while !stopping, between.isEmpty, owed == nil {
                    condition.wait()
                    owed = journal.next
                }
                if !between.isEmpty { return (between.removeFirst(), nil) }
                return (nil, stopping ? nil : owed)
            }
            if let work = next.work {
                work()
                continue
            }
            guard var job = next.job else { break }
            run(&job)
        }
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    private func run(_ job: inout Job) {
        do {
            job.status = .running
            try journal.update(job)
            var published = false
            do {
                (job.episode, published) = try perform(job)
                job.status = .done
            } catch {
                job.status = .failed
                job.error = "\(error)"
            }
            job.finished = Date()
            try journal.update(job)
            finished(job, published)
        } catch {
            // The journal cannot be written (a full disk): the job stays pending and is
            // tried again after a pause, rather than reported done when no record says so.
            FileHandle.standardError.write(Data("edition: error: \(error)\n".utf8))
            Thread.sleep(forTimeInterval: 1)
        }
    }
}
