import Foundation

/// `<output>/manifest.json`: every episode in an output folder. Outside tools read it, so the
/// key names of schema 1 are fixed; keys may be added.
public struct Manifest: Codable, Sendable, Equatable {
    public static let schemaVersion = 1

    public var schema: Int
    public var episodes: [Episode]
    /// Feeds `edition watch` keeps up to date, with what each last answered.
    public var feeds: [WatchedFeed]? = nil

    public struct WatchedFeed: Codable, Sendable, Equatable {
        public var url: String
        public var etag: String?
        public var lastModified: String?
        public var sha256: String
        /// Item ids in the feed's order, as last read.
        public var items: [String]

        public init(url: String, etag: String?, lastModified: String?, sha256: String, items: [String]) {
            (self.url, self.etag, self.lastModified, self.sha256, self.items) = (url, etag, lastModified, sha256, items)
        }
    }

    public init(episodes: [Episode] = []) {
        schema = Self.schemaVersion
        self.episodes = episodes
    }

    public struct Episode: Codable, Sendable, Equatable {
        public struct Source: Codable, Sendable, Equatable {
            public var path: String
            public var sha256: String
            /// An article's identity (`EpisodeID.identity`): its canonical address, or its
            /// path; absent in manifests written before.
            public var identity: String? = nil
            /// A fetched source's validators, to ask again with `If-None-Match` /
            /// `If-Modified-Since`.
            public var etag: String? = nil
            public var lastModified: String? = nil
            /// For an item of a watched feed: the feed and the item's id. When `path` is the
            /// feed, the episode is read from the item's content in it.
            public var feed: String? = nil
            public var item: String? = nil

            /// The validators to ask again with, for a fetched source.
            public var validators: HTTPValidators? {
                etag == nil && lastModified == nil ? nil : HTTPValidators(etag: etag, lastModified: lastModified)
            }
        }

        public struct Voice: Codable, Sendable, Equatable {
            public var name: String
            public var sha256: String
        }

        public struct File: Codable, Sendable, Equatable {
            /// Relative to the output folder.
            public var path: String
            public var format: String
            public var sampleRate: Int
            /// Seconds.
            public var duration: Double
            public var bytes: Int
            public var sha256: String
        }

        /// One spoken segment: its cache key and where it sits in the episode, in seconds.
        public struct Segment: Codable, Sendable, Equatable {
            public var key: String
            public var role: String
            public var start: Double
            public var end: Double
            /// The voice profile, where an episode uses more than one (a briefing).
            public var voice: String? = nil
        }

        public var id: String
        public var kind: String
        public var title: String
        public var revision: Int
        public var source: Source
        public var voice: Voice
        public var engine: String
        public var files: [File]
        /// Relative path of the WebVTT transcript.
        public var transcript: String
        /// Relative path of the Podcasting 2.0 JSON transcript, word by word; absent in
        /// manifests written before there was one.
        public var wordTranscript: String? = nil
        public var segments: [Segment]
        public var created: Date
        public var updated: Date
        /// A briefing's stories, in the order they are read.
        public var stories: [Story]? = nil
        /// Chapter starts in seconds, exact to the sample; also in `chapters.json` beside the audio.
        public var chapters: [Chapter]? = nil
        /// How the episode was mastered: target, gain, and the delivered loudness and true peak.
        public var master: Master? = nil
        /// One entry a revision, oldest first.
        public var history: [History]? = nil
        /// Why the episode could not be brought up to date ("source missing: PATH"); it is
        /// kept as it was.
        public var stale: String? = nil
        /// What a briefing was made from, so it can be made again after an edit.
        public var request: BriefingRequest? = nil
        /// When a watched feed stopped listing the episode's item; the episode is kept.
        public var delisted: Date? = nil
        /// BCP 47 tag of the language the episode is spoken in: an article's, or a briefing's
        /// host's. Absent before episodes recorded it.
        public var language: String? = nil

        /// An id that is not a plain folder name, or a file that is not inside `<id>/`, said as
        /// a problem. Episode files are written and removed by these names, so a manifest that
        /// points elsewhere (`../`, an absolute path) is refused, never followed.
        public var strayPath: String? {
            func plain(_ name: Substring) -> Bool {
                !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
            }
            guard plain(Substring(id)) else { return "episode id \"\(id)\" is not a plain folder name" }
            for path in files.map(\.path) + [transcript] + [wordTranscript].compactMap({ $0 }) {
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count >= 2, parts[0] == id, parts.allSatisfy(plain) else {
                    return "episode \(id) names \"\(path)\", which is not inside its folder \(id)/"
                }
            }
            return nil
        }

        public struct History: Codable, Sendable, Equatable {
            public var revision: Int
            public var at: Date
            public var segmentsAdded: Int
            public var segmentsRemoved: Int
            public var segmentsChanged: Int
            /// Segments this revision sent to the engine, not those found in the cache.
            public var segmentsSynthesised: Int
            public var duration: Double
            /// What this revision copied from the last one's files instead of encoding.
            public var spliced: [Master.Splice]? = nil

            /// The entry for `episode`, against the revision it replaces: segments are
            /// compared by content key, and a removal and an addition pair up as a change.
            public static func entry(for episode: Episode, replacing previous: Episode?, synthesised: Int) -> History {
                var old = [String: Int](), new = [String: Int]()
                for key in previous?.segments.map(\.key) ?? [] { old[key, default: 0] += 1 }
                for key in episode.segments.map(\.key) { new[key, default: 0] += 1 }
                let added = new.reduce(0) { $0 + max(0, $1.value - (old[$1.key] ?? 0)) }
                let removed = old.reduce(0) { $0 + max(0, $1.value - (new[$1.key] ?? 0)) }
                let changed = min(added, removed)
                return History(revision: episode.revision, at: episode.updated, segmentsAdded: added - changed,
                               segmentsRemoved: removed - changed, segmentsChanged: changed, segmentsSynthesised: synthesised,
                               duration: episode.files.first?.duration ?? 0, spliced: episode.master?.spliced)
            }
        }

        public struct BriefingRequest: Codable, Sendable, Equatable {
            public var sources: [String]
            public var title: String
            public var date: String
            public var summary: Int?
            public var formats: [String]
            public var profile: String
            public var loudness: Double
            public var mp3Bitrate: Int
            public var baseURL: String
            /// Only the N newest stories were read.
            public var newest: Int? = nil
            /// Every story was taken to be in this language.
            public var language: String? = nil
            /// At most this many stories were read; absent in briefings made before the cap.
            public var maxStories: Int? = nil
        }

        public struct Story: Codable, Sendable, Equatable {
            public var id: String
            public var path: String
            public var sha256: String
            public var title: String
            /// The language the story was read in.
            public var language: String? = nil
        }

        public struct Chapter: Codable, Sendable, Equatable {
            public var start: Double
            public var title: String
        }

        public struct Master: Codable, Sendable, Equatable {
            public var target: Double
            public var inputLoudness: Double
            public var gain: Double
            public var loudness: Double
            public var truePeak: Double
            /// The true-peak ceiling and MP3 bitrate asked for; absent in manifests written
            /// before articles were mastered.
            public var ceiling: Double? = nil
            public var bitrate: Int? = nil
            /// `Mastering.layout` of the mastering that made the files: files are spliced only
            /// from files made the same way. Absent before there was one.
            public var layout: Int? = nil
            /// The files made from the last revision's, copying its frames rather than
            /// encoding them again.
            public var spliced: [Splice]? = nil

            public struct Splice: Codable, Sendable, Equatable {
                public var format: String
                public var framesEncoded: Int
                public var framesCopied: Int
                /// Seconds of silence added to the pauses after the edit, to keep the audio
                /// after it on the last revision's frame grid.
                public var pauseAdded: Double
            }

            public init(target: Double, inputLoudness: Double, gain: Double, loudness: Double, truePeak: Double,
                        ceiling: Double? = nil, bitrate: Int? = nil) {
                (self.target, self.inputLoudness, self.gain, self.loudness, self.truePeak, self.ceiling, self.bitrate) =
                    (target, inputLoudness, gain, loudness, truePeak, ceiling, bitrate)
            }

            init(_ settings: MasterSettings, _ report: MasterReport) {
                self.init(target: settings.loudness, inputLoudness: report.inputLoudness, gain: report.gain, loudness: report.loudness,
                          truePeak: report.truePeak, ceiling: settings.truePeak, bitrate: settings.mp3Bitrate)
                layout = Mastering.layout
            }

            /// What mastering reported.
            var report: MasterReport {
                MasterReport(inputLoudness: inputLoudness, gain: gain, loudness: loudness, truePeak: truePeak)
            }

            /// The settings it was mastered with, when the manifest records them all.
            public var settings: MasterSettings? {
                guard let ceiling, let bitrate else { return nil }
                return MasterSettings(loudness: target, truePeak: ceiling, mp3Bitrate: bitrate)
            }
        }
    }

    public func episode(id: String) -> Episode? { episodes.first { $0.id == id } }

    /// What the manifest names outside the folders of its own episodes, said as a problem: the
    /// ids and files of every episode are checked by `Episode.strayPath`.
    public var strayPath: String? { episodes.lazy.compactMap(\.strayPath).first }

    /// Inserts or replaces by id, keeping the order episodes were first added in.
    public mutating func upsert(_ episode: Episode) {
        if let index = episodes.firstIndex(where: { $0.id == episode.id }) {
            episodes[index] = episode
        } else {
            episodes.append(episode)
        }
    }

    public func encoded() throws -> Data {
        var data = try JSONEncoder.canonical(pretty: true).encode(self)
        data.append(0x0A)
        return data
    }

    /// ISO 8601 (as `.iso8601` reads it), to the whole second the encoder writes: a date with a
    /// fraction ("01:00:00.30Z", found by the fuzzer) would otherwise change at the next save.
    static let wholeSeconds = JSONDecoder.DateDecodingStrategy.custom { decoder in
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Expected date string to be ISO8601-formatted."))
        }
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    public static func decode(_ data: Data) throws -> Manifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = wholeSeconds
        return try decoder.decode(Manifest.self, from: data)
    }

    /// One episode in the manifest's encoding: the `.episode.json` written beside its files.
    public static func encode(_ episode: Episode) throws -> Data {
        try JSONEncoder.canonical(pretty: true).encode(episode) + Data([0x0A])
    }

    public static func decodeEpisode(_ data: Data) throws -> Episode {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = wholeSeconds
        return try decoder.decode(Episode.self, from: data)
    }
}

/// Problems with the manifest file. A manifest that cannot be read is never overwritten.
public struct ManifestError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "\(path): \(problem)" }
}

/// Loads and atomically replaces `<output>/manifest.json`.
public struct ManifestStore: Sendable {
    public let url: URL
    private let scratch: URL

    public init(output: OutputFolder) {
        url = output.root.appendingPathComponent("manifest.json")
        scratch = output.scratch
    }

    /// The manifest on disk, or an empty one when there is none yet.
    public func load() throws(ManifestError) -> Manifest {
        guard FileManager.default.fileExists(atPath: url.path) else { return Manifest() }
        if let special = SpecialFile.at(url.path) {
            throw ManifestError(path: url.path, problem: "is \(special.rawValue), not a manifest file; it was left untouched")
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.decode(Data(contentsOf: url))
        } catch {
            throw ManifestError(path: url.path, problem: "not a readable manifest (\(Self.describe(error))); it was left untouched")
        }
        guard manifest.schema == Manifest.schemaVersion else {
            throw ManifestError(path: url.path, problem: "manifest schema \(manifest.schema) is not supported (expected \(Manifest.schemaVersion)); it was left untouched")
        }
        if let stray = manifest.strayPath {
            throw ManifestError(path: url.path, problem: "\(stray); it was left untouched")
        }
        return manifest
    }

    /// Writes to a temporary file and renames it over the old manifest.
    public func save(_ manifest: Manifest) throws {
        try AtomicFile.write(manifest.encoded(), to: url, scratch: scratch)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            "missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted:
            "invalid JSON"
        default:
            error.localizedDescription
        }
    }
}
