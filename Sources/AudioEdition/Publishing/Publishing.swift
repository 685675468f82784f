import Foundation

/// `playlist.m3u8`, `feed.xml` and the player pages under the output folder, made from the
/// manifest and each replaced atomically, after the manifest. One feed for the folder lists
/// every episode with an MP3, articles and briefings alike, newest first.
public enum Publishing {
    /// Episodes that have an MP3, newest first: what a podcast app can play.
    static func published(_ manifest: Manifest) -> [(Manifest.Episode, Manifest.Episode.File)] {
        manifest.episodes.compactMap { episode in episode.files.first { $0.format == "mp3" }.map { (episode, $0) } }
            .sorted { $0.0.created > $1.0.created }
    }

    public static func playlist(_ manifest: Manifest) -> String {
        var text = "#EXTM3U\n"
        for (episode, file) in published(manifest) {
            text += "#EXTINF:\(Int(file.duration.rounded())),\(oneLine(episode.title))\n\(file.path)\n"
        }
        return text
    }

    /// A podcast RSS 2.0 feed with the itunes and podcast namespaces. Every text is escaped;
    /// an episode's guid is its id, which never changes, and its pubDate is when it was
    /// first made.
    public static func feed(_ manifest: Manifest, channel: BriefingProfile.Feed) -> String {
        let base = channel.base
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>\(escape(channel.title))</title>
            <link>\(escape(base))</link>
            <atom:link href="\(escape(base + "feed.xml"))" rel="self" type="application/rss+xml"/>
            <description>\(escape(channel.description))</description>
            <language>\(escape(channel.language))</language>
            <itunes:author>\(escape(channel.author))</itunes:author>
            <itunes:owner><itunes:name>\(escape(channel.author))</itunes:name>\(channel.email.map { "<itunes:email>\(escape($0))</itunes:email>" } ?? "")</itunes:owner>
            <itunes:image href="\(escape(artwork(channel)))"/>
            <podcast:guid>\(podcastGUID(feedURL: base + "feed.xml"))</podcast:guid>
            <itunes:category text="\(escape(channel.category))"/>
            <itunes:explicit>\(channel.explicit ? "true" : "false")</itunes:explicit>

            """
        for (episode, file) in published(manifest) {
            let stem = String(file.path.dropLast(4))
            let language = episode.language.map { " language=\"\(escape($0))\"" } ?? ""
            xml += """
                <item>
                <title>\(escape(episode.title))</title>
                <enclosure url="\(escape(base + file.path))" length="\(file.bytes)" type="audio/mpeg"/>
                <guid isPermaLink="false">\(escape(episode.id))</guid>
                <pubDate>\(UTCDates.rfc2822(episode.created))</pubDate>
                <itunes:duration>\(Int(file.duration.rounded()))</itunes:duration>
                <itunes:explicit>\(channel.explicit ? "true" : "false")</itunes:explicit>
                <podcast:transcript url="\(escape(base + episode.transcript))" type="text/vtt"\(language)/>

                """
            if let words = episode.wordTranscript {
                xml += "<podcast:transcript url=\"\(escape(base + words))\" type=\"application/json\"\(language)/>\n"
            }
            // The episode's own language, where it differs from the channel's or not.
            if let spoken = episode.language { xml += "<dc:language>\(escape(spoken))</dc:language>\n" }
            if episode.chapters != nil {
                xml += "<podcast:chapters url=\"\(escape(base + stem + ".chapters.json"))\" type=\"application/json+chapters\"/>\n"
            }
            xml += "</item>\n"
        }
        return xml + "</channel>\n</rss>\n"
    }

    /// Writes all of them under `output`, each to a temporary name and renamed into place:
    /// the playlist, the feed and the index, and the pages of the episode `changed` names, or
    /// of every episode when it is nil. An episode's own pages depend on it alone.
    public static func write(_ manifest: Manifest, channel: BriefingProfile.Feed, to output: OutputFolder, changed: String? = nil) throws {
        try publishCover(channel, to: output)
        try AtomicFile.write(Data(playlist(manifest).utf8), to: output.root.appendingPathComponent("playlist.m3u8"), scratch: output.scratch)
        try AtomicFile.write(Data(feed(manifest, channel: channel).utf8), to: output.root.appendingPathComponent("feed.xml"), scratch: output.scratch)
        try PlayerPages.write(manifest, channel: channel, to: output, only: changed)
    }

    /// The Podcasting 2.0 `podcast:guid`: the UUIDv5 of the feed's address, less its scheme
    /// and trailing slashes, in the namespace the specification names.
    public static func podcastGUID(feedURL: String) -> String {
        var name = feedURL
        if let scheme = name.range(of: "://") { name = String(name[scheme.upperBound...]) }
        while name.hasSuffix("/") { name.removeLast() }
        return UUIDv5.make(namespace: "ead4c236-bf58-58c6-a2c6-a6b28d128cb6", name: name)
    }

    /// The artwork's address: the channel's own when it is elsewhere, else the cover this
    /// folder publishes.
    static func artwork(_ channel: BriefingProfile.Feed) -> String {
        let base = channel.base
        if !channel.image.isEmpty, !channel.image.hasPrefix(base) { return channel.image }
        return base + coverName(channel)
    }

    /// `cover.jpg`, or `cover.png` for a PNG cover.
    static func coverName(_ channel: BriefingProfile.Feed) -> String {
        channel.cover.map { $0.lowercased().hasSuffix(".png") ? "cover.png" : "cover.jpg" } ?? "cover.jpg"
    }

    /// The bundled default cover, `Resources/player/cover.jpg`.
    static let defaultCover = Bundle.module.url(forResource: "Resources/player/cover", withExtension: "jpg")

    /// Puts the channel's cover, or the default, beside the feed, unless it is there already.
    static func publishCover(_ channel: BriefingProfile.Feed, to output: OutputFolder) throws {
        guard let source = channel.cover.map(URL.init(fileURLWithPath:)) ?? defaultCover else { return }
        let destination = output.root.appendingPathComponent(coverName(channel))
        guard let data = FileManager.default.contents(atPath: source.path) else {
            throw OutputError(path: source.path, problem: "cannot read the feed's cover")
        }
        if FileManager.default.contents(atPath: destination.path) == data { return }
        try AtomicFile.write(data, to: destination, scratch: output.scratch)
    }

    /// Text that is inert in XML content and attributes; with `quotes` false, in content only
    /// (WebVTT's cue text, where `&quot;` would be read as it is written).
    public static func escape(_ text: String, quotes: Bool = true) -> String {
        // Most words need nothing.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || quotes && ($0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&apos;"
            // Characters XML 1.0 does not allow are dropped.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
