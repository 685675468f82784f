import Foundation

/// What a queued job asks for: one article's episode, or one briefing, into an output
/// folder every worker mounts. Stored as JSON in the jobs table.
public struct JobRequest: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case article, briefing
    }

    public var kind: Kind
    /// The article (one), or the briefing's sources; absolute paths or http(s) addresses.
    public var sources: [String]
    /// Absolute.
    public var output: String
    public var formats: [AudioFormat]
    /// An article's voice profile; nil for each language's own.
    public var voice: String?
    public var language: String?
    /// The briefing profile: a briefing's voices and sound, and the folder's feed settings.
    public var profile: String
    public var baseURL: String?
    public var loudness: Double?
    public var truePeak: Double?
    public var bitrate: Int?
    // A briefing's own.
    public var title: String?
    public var date: String?
    public var summary: Int?
    public var maxStories: Int?
    /// An article's canonical address, over what its file declares: its identity, for an
    /// article given inline to `edition serve` with its address beside it.
    public var canonical: String?

    public init(kind: Kind, sources: [String], output: String, formats: [AudioFormat], voice: String? = nil, language: String? = nil,
                profile: String = "morning") {
        (self.kind, self.sources, self.output, self.formats, self.voice, self.language, self.profile) =
            (kind, sources, output, formats, voice, language, profile)
    }

    /// Everything but the sources: articles that agree on it can be made in one run.
    public var settings: JobRequest {
        var copy = self
        copy.sources = []
        copy.canonical = nil
        return copy
    }

    public func master(over settings: MasterSettings = MasterSettings()) -> MasterSettings {
        var settings = settings
        if let loudness { settings.loudness = loudness }
        if let truePeak { settings.truePeak = truePeak }
        if let bitrate { settings.mp3Bitrate = bitrate }
        return settings
    }

    public func encoded() -> String {
        String(decoding: (try? JSONEncoder.canonical().encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> JobRequest {
        try JSONDecoder().decode(JobRequest.self, from: Data(text.utf8))
    }
}

/// A job as the queue hands it to a worker.
public struct ClaimedJob: Sendable {
    public var id: Int64
    public var request: JobRequest
    /// This one included.
    public var attempt: Int
    public var attempts: Int
}

/// The queue's counts by state, and the jobs that failed for good.
public struct QueueStatus: Sendable, Equatable {
    public struct Failure: Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var sources: [String]
        public var attempts: Int
        public var message: String
    }

    public var queued = 0
    public var running = 0
    public var done = 0
    public var failed = 0
    public var failures: [Failure] = []

    public func json() -> String {
        let failures = self.failures.map { failure -> [String: Any] in
            ["id": failure.id, "kind": failure.kind, "sources": failure.sources, "attempts": failure.attempts, "message": failure.message]
        }
        let object: [String: Any] = ["queued": queued, "running": running, "done": done, "failed": failed, "failures": failures]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
