import AudioEdition
import Foundation

/// Where accepted jobs go and are looked up: the journal in the output folder, done by this
/// server, or the PostgreSQL queue, done by `edition queue work` on any machine.
protocol JobStore: Sendable {
    /// Keeps the request (an article's, or with `briefing`, a briefing's) as a job; nil when
    /// `limit` jobs are queued or running.
    func accept(_ request: ArticleRequest, briefing: BriefingRequest?, limit: Int) throws -> String?
    func job(_ id: String) throws -> JobView?
    /// Runs a change of the folder outside a job (a deletion) where no job interleaves.
    func exclusive<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T
    /// Lets running work finish, and starts no more.
    func stop()
}

/// The embedded default: the journal, and a runner on a thread of this server.
final class JournalStore: JobStore, @unchecked Sendable {
    let journal: JobJournal
    let runner: JobRunner

    init(journal: JobJournal, runner: JobRunner) {
        self.journal = journal
        self.runner = runner
        runner.start()
    }

    func accept(_ request: ArticleRequest, briefing: BriefingRequest?, limit: Int) throws -> String? {
        guard let job = try journal.accept(request, briefing: briefing, limit: limit) else { return nil }
        runner.wake()
        return job.id
    }

    func job(_ id: String) throws -> JobView? { journal.job(id).map(JobView.init) }

    func exclusive<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await runner.betweenJobs(work)
    }

    func stop() { runner.stop() }
}

/// `--queue URL`: jobs go into the PostgreSQL queue, as `edition queue add` puts them, and
/// `edition queue work` processes anywhere do them. One connection, used by one request at
/// a time, made again once when it was lost.
final class QueueStore: JobStore, @unchecked Sendable {
    private let url: String
    private let lock = NSLock()
    private var queue: JobQueue
    private let request: @Sendable (ArticleRequest, BriefingRequest?) throws -> JobRequest

    /// `request` turns an accepted article or briefing into the queue's job request.
    init(url: String, request: @escaping @Sendable (ArticleRequest, BriefingRequest?) throws -> JobRequest) throws {
        self.url = url
        self.request = request
        queue = try JobQueue(url: url)
    }

    private func withQueue<T>(_ body: (JobQueue) throws -> T) throws -> T {
        try lock.withLock {
            do {
                return try body(queue)
            } catch let error as DatabaseError where error.connectionLost {
                queue = try JobQueue(url: url)
                return try body(queue)
            }
        }
    }

    func accept(_ article: ArticleRequest, briefing: BriefingRequest?, limit: Int) throws -> String? {
        let job = try request(article, briefing)
        return try withQueue { queue in
            guard try queue.open() < limit else { return nil }
            return try queue.add([job], attempts: 3).first.map { "\($0)" }
        }
    }

    func job(_ id: String) throws -> JobView? {
        guard let number = Int64(id), let found = try withQueue({ try $0.job(number) }) else { return nil }
        return JobView(id: id, status: found.state, episode: found.episode, error: found.state == "failed" ? found.message : nil)
    }

    func exclusive<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        // The folder's publication lock (the queue's advisory lock, then flock) is taken by
        // the work itself, as every worker's publication takes it.
        try await withCheckedThrowingContinuation { done in
            Thread { done.resume(with: Result { try work() }) }.start()
        }
    }

    func stop() {}
}
