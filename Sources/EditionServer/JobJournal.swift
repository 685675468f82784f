import AudioEdition
import Foundation

/// A job file that cannot be read: the server does not start over a journal it cannot trust.
public struct JournalError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "\(path): \(problem)" }
}

/// One accepted job, as its journal file holds it.
public struct Job: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case queued, running, done, failed
    }

    public var id: String
    /// Order of acceptance: jobs are done in it.
    public var sequence: Int
    /// An article's request; empty for a briefing.
    public var request: ArticleRequest
    /// A briefing's request.
    public var briefing: BriefingRequest?
    public var status: Status
    public var episode: String?
    public var error: String?
    public var accepted: Date
    public var finished: Date?

    /// Queued or running: still owed.
    public var isOpen: Bool { status == .queued || status == .running }
}

/// The jobs a server accepted, one JSON file each under `<output>/.jobs/`, written before
/// the `202` is sent and replaced in one rename at every change of status. A server killed
/// at any moment finds, when it starts again, every job not yet done or failed, and does
/// it: doing one again is safe, since a run skips an article whose episode is already
/// current, and so the episode is made once.
public final class JobJournal: @unchecked Sendable {
    public let folder: URL
    private let scratch: URL
    private let lock = NSLock()
    private var jobs: [String: Job] = [:]
    private var nextSequence = 1

    public init(output: OutputFolder) throws {
        folder = output.root.appendingPathComponent(".jobs")
        scratch = output.scratch
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
            let url = folder.appendingPathComponent(name)
            do {
                let job = try decoder.decode(Job.self, from: Data(contentsOf: url))
                jobs[job.id] = job
                nextSequence = max(nextSequence, job.sequence + 1)
            } catch {
                throw JournalError(path: url.path, problem: "not a readable job (\(error)); move it aside to start")
            }
        }
    }

    /// The first job still owed (queued or running), in order of acceptance.
    public var next: Job? {
        lock.withLock { jobs.values.filter(\.isOpen).min { $0.sequence < $1.sequence } }
    }

    public func job(_ id: String) -> Job? { lock.withLock { jobs[id] } }

    /// Journals a new job (an article's, or with `briefing`, a briefing's) unless `limit` jobs
    /// are already pending; nil when full.
    public func accept(_ request: ArticleRequest, briefing: BriefingRequest? = nil, limit: Int) throws -> Job? {
        try lock.withLock {
            guard jobs.values.count(where: \.isOpen) < limit else { return nil }
            let job = Job(id: Self.newID(), sequence: nextSequence, request: request, briefing: briefing, status: .queued, accepted: Date())
            try write(job)
            nextSequence += 1
            return job
        }
    }

    /// Records a change of status.
    public func update(_ job: Job) throws {
        try lock.withLock { try write(job) }
    }

    private func write(_ job: Job) throws {
        try AtomicFile.write(JSONEncoder.canonical().encode(job), to: folder.appendingPathComponent("\(job.id).json"), scratch: scratch)
        jobs[job.id] = job
    }

    /// `job-` and 16 hex digits of a random UUID.
    private static func newID() -> String {
        "job-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }
}
