import AudioEdition
import Foundation

/// What a CMS asked for: an article by address or inline (HTML, page text or Markdown, with
/// its canonical address beside it), and how it should sound and be mastered. The body of
/// `POST /v1/articles`, kept in the job as it was accepted.
public struct ArticleRequest: Codable, Sendable, Equatable {
    public var url: String?
    public var html: String?
    public var text: String?
    public var markdown: String?
    public var voice: String?
    public var language: String?
    public var formats: [String]?
    public var loudness: Double?
    public var truePeak: Double?
    public var bitrate: Int?

    public init(url: String? = nil) {
        self.url = url
    }

    /// The inline article, by the field that carries it.
    public var inline: (field: String, content: String)? {
        if let html { return ("html", html) }
        if let text { return ("text", text) }
        if let markdown { return ("markdown", markdown) }
        return nil
    }
}

/// What a CMS asks of a briefing: its stories (addresses, or articles inline as
/// `POST /v1/articles` takes them), and the options `edition briefing` takes. The body of
/// `POST /v1/briefings`.
public struct BriefingRequest: Codable, Sendable, Equatable {
    public var sources: [ArticleRequest]
    public var title: String?
    public var date: String?
    public var summary: Int?
    public var maxStories: Int?
    public var profile: String?
    public var language: String?
    public var formats: [String]?
    public var loudness: Double?
    public var truePeak: Double?
    public var bitrate: Int?

    enum CodingKeys: String, CodingKey {
        case sources, title, date, summary, maxStories, profile, language, formats, loudness, truePeak, bitrate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // A source is an address, or an article object.
        var list = try container.nestedUnkeyedContainer(forKey: .sources)
        var sources: [ArticleRequest] = []
        while !list.isAtEnd {
            if let url = try? list.decode(String.self) {
                sources.append(ArticleRequest(url: url))
            } else {
                sources.append(try list.decode(ArticleRequest.self))
            }
        }
        self.sources = sources
        title = try container.decodeIfPresent(String.self, forKey: .title)
        date = try container.decodeIfPresent(String.self, forKey: .date)
        summary = try container.decodeIfPresent(Int.self, forKey: .summary)
        maxStories = try container.decodeIfPresent(Int.self, forKey: .maxStories)
        profile = try container.decodeIfPresent(String.self, forKey: .profile)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        formats = try container.decodeIfPresent([String].self, forKey: .formats)
        loudness = try container.decodeIfPresent(Double.self, forKey: .loudness)
        truePeak = try container.decodeIfPresent(Double.self, forKey: .truePeak)
        bitrate = try container.decodeIfPresent(Int.self, forKey: .bitrate)
    }
}

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

    /// Jobs queued or running: what the server still owes.
    public var pending: [Job] {
        lock.withLock { jobs.values.filter { $0.status == .queued || $0.status == .running }.sorted { $0.sequence < $1.sequence } }
    }

    public func job(_ id: String) -> Job? { lock.withLock { jobs[id] } }

    /// Journals a new job (an article's, or with `briefing`, a briefing's) unless `limit` jobs
    /// are already pending; nil when full.
    public func accept(_ request: ArticleRequest, briefing: BriefingRequest? = nil, limit: Int) throws -> Job? {
        try lock.withLock {
            guard jobs.values.filter({ $0.status == .queued || $0.status == .running }).count < limit else { return nil }
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
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(encoder.encode(job), to: folder.appendingPathComponent("\(job.id).json"), scratch: scratch)
        jobs[job.id] = job
    }

    /// `job-` and 16 hex digits of a random UUID.
    private static func newID() -> String {
        "job-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }
}
