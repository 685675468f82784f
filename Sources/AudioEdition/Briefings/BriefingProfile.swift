import Foundation

/// How a briefing sounds and is published, from `Voices/briefings/<name>.json`.
///
/// Templates fill `{title}`, `{date}` (spoken through the normaliser: "Friday, December 15,
/// 2023"), `{weekday}`, `{stories}` ("6 stories", "1 story"), `{count}` and `{publisher}`.
/// `transition` is `chime` (made in code) or a WAV or FLAC under `Voices/sounds/`, which is
/// converted to mono and resampled as needed; `introMusic` and `outroMusic` likewise.
public struct BriefingProfile: Codable, Sendable, Equatable {
    public struct Voices: Codable, Sendable, Equatable {
        /// Voice profile names: intro and outro, headlines, body text, quotations.
        public var host: String
        public var headline: String
        public var body: String
        public var quote: String
    }

    public struct Pauses: Codable, Sendable, Equatable {
        public var afterIntro: Double
        public var afterHeadline: Double
        public var betweenParagraphs: Double
        public var aroundTransition: Double
    }

    /// Channel fields of `feed.xml`.
    public struct Feed: Codable, Sendable, Equatable {
        public var title: String
        public var description: String
        public var language: String
        public var author: String
        public var category: String
        public var explicit: Bool
        /// The artwork's address. One inside `baseURL` (or none) is the cover this tool
        /// publishes beside the feed: `cover`, or the bundled default.
        public var image: String
        /// Where the output folder is served from; enclosure URLs are this plus the file path.
        public var baseURL: String
        /// The channel's own artwork, a JPEG or PNG file (square, 1400 to 3000 pixels for
        /// Apple Podcasts); a relative path is under the voices folder.
        public var cover: String? = nil
        /// The owner's address for podcast directories (`itunes:owner`).
        public var email: String? = nil

        /// `baseURL` ending in one slash, for file paths to follow.
        public var base: String { baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
    }

    public var name: String
    public var title: String
    public var publisher: String
    public var intro: String
    public var outro: String
    public var voices: Voices
    public var transition: String
    public var introMusic: String?
    public var outroMusic: String?
    public var pauses: Pauses
    public var master: MasterSettings
    public var feed: Feed
    /// The most stories one briefing reads (`--max-stories` overrides it): a feed of
    /// thousands of items is not a briefing of thousands of stories.
    public var maxStories: Int?
    public static let defaultMaxStories = 30

    /// Loads `<voices>/briefings/<name>.json`.
    public static func load(_ name: String, voices: URL) throws(VoiceError) -> BriefingProfile {
        let url = voices.appendingPathComponent("briefings/\(name).json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: voices.appendingPathComponent("briefings").path)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            throw VoiceError.briefingProfile(path: url.path, problem: "no briefing profile '\(name)'; available: \(known.joined(separator: ", "))")
        }
        do {
            var profile = try JSONDecoder().decode(BriefingProfile.self, from: data)
            if let cover = profile.feed.cover, !cover.hasPrefix("/") {
                profile.feed.cover = voices.appendingPathComponent(cover).path
            }
            return profile
        } catch {
            throw VoiceError.briefingProfile(path: url.path, problem: "not a briefing profile: \(error)")
        }
    }

    /// The English name of a date's weekday (Sakamoto's method, proleptic Gregorian).
    static func weekday(year: Int, month: Int, day: Int) -> String {
        let names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return names[(y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7]
    }

    /// A template with its fields filled in.
    public func fill(_ template: String, title: String, date: String, count: Int) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        var spokenDate = date, weekday = ""
        if parts.count == 3, let written = Article.writtenDate(date) {
            weekday = Self.weekday(year: parts[0], month: parts[1], day: parts[2])
            spokenDate = "\(weekday), \(written)"
        }
        return template
            .replacingOccurrences(of: "{title}", with: title)
            .replacingOccurrences(of: "{date}", with: spokenDate)
            .replacingOccurrences(of: "{weekday}", with: weekday)
            .replacingOccurrences(of: "{stories}", with: count == 1 ? "1 story" : "\(count) stories")
            .replacingOccurrences(of: "{count}", with: "\(count)")
            .replacingOccurrences(of: "{publisher}", with: publisher)
    }
}
