import Foundation

/// The static player pages of an output folder: `index.html` lists the episodes, newest
/// first; `<id>/index.html` plays one, with its chapters and its transcript, the word being
/// spoken marked; `<id>/embed.html` is the compact player a publisher puts beside the story.
/// Every page carries its own CSS and script (`Resources/player/`), so it works from
/// `file://` and when served, with no request outside the folder. Every text is escaped.
enum PlayerPages {
    static let css = resource("player.css")
    static let script = resource("player.js")

    private static func resource(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: "Resources/player/\(name)", withExtension: nil),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }

    /// Beside an episode's transcripts, the page's transcript that `TranscriptWriter` wrote:
    /// `<id>-rN.words.html`, paragraphs of timed words, streamed into the page on every
    /// publish so a long episode's page costs no memory to write.
    static let transcriptSuffix = "words.html"

    static func transcriptFragment(of episode: Manifest.Episode) -> String? {
        guard episode.transcript.hasSuffix(".vtt") else { return nil }
        return String(episode.transcript.dropLast(3)) + transcriptSuffix
    }

    /// Writes the index and the pages of the episode `only` names (of every episode when it
    /// is nil) under `output`, each to a temporary name and renamed into place.
    static func write(_ manifest: Manifest, channel: BriefingProfile.Feed, to output: OutputFolder, only: String? = nil) throws {
        let episodes = manifest.episodes.sorted { $0.created > $1.created }
        try AtomicFile.write(Data(index(episodes, channel: channel).utf8), to: output.root.appendingPathComponent("index.html"), scratch: output.scratch)
        for episode in episodes where only == nil || episode.id == only {
            let folder = output.url(relative: episode.id)
            let fragment = transcriptFragment(of: episode).map { output.url(relative: $0) }
                .flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
            let (head, tail) = page(episode, embed: false, transcript: fragment != nil, cover: Publishing.coverName(channel))
            try AtomicFile.writing(to: folder.appendingPathComponent("index.html"), scratch: output.scratch) { handle in
                try handle.write(contentsOf: Data(head.utf8))
                if let fragment {
                    let reader = try FileHandle(forReadingFrom: fragment)
                    defer { try? reader.close() }
                    while let chunk = try reader.read(upToCount: 1 << 16), !chunk.isEmpty { try handle.write(contentsOf: chunk) }
                }
                try handle.write(contentsOf: Data(tail.utf8))
            }
            let embed = page(episode, embed: true, transcript: false, cover: Publishing.coverName(channel))
            try AtomicFile.write(Data((embed.head + embed.tail).utf8), to: folder.appendingPathComponent("embed.html"), scratch: output.scratch)
        }
    }

    static func index(_ episodes: [Manifest.Episode], channel: BriefingProfile.Feed) -> String {
        var items = ""
        for episode in episodes {
            items += """
                <li><a href="\(escape(episode.id))/index.html">\(escape(episode.title))</a>
                <p class="meta">\(kind(episode)) · <time datetime="\(UTCDates.day(episode.created))">\(UTCDates.day(episode.created))</time> · \(duration(episode))</p></li>

                """
        }
        let body = """
            <main>
            <h1>\(escape(channel.title))</h1>
            <p class="meta">\(escape(channel.description))</p>
            <ul class="episodes" aria-label="Episodes, newest first">
            \(items)</ul>
            <p class="meta"><a href="feed.xml">Podcast feed</a></p>
            </main>
            """
        let page = document(title: channel.title, language: channel.language, body: body, embed: false, script: false,
                            icon: Publishing.coverName(channel))
        return page.head + page.tail
    }

    /// An episode's page, in two parts: the transcript's paragraphs go between them.
    /// `cover` is the name of the folder's cover, the page's icon.
    static func page(_ episode: Manifest.Episode, embed: Bool, transcript: Bool, cover: String = "cover.jpg") -> (head: String, tail: String) {
        let files = episode.files
        let playable = files.filter { $0.format == "opus" || $0.format == "mp3" }
        var sources = ""
        for file in (playable.isEmpty ? files : playable).sorted(by: { ($0.format == "opus" ? 0 : 1) < ($1.format == "opus" ? 0 : 1) }) {
            let type = file.format == "opus" ? "audio/ogg; codecs=opus" : AudioFormat(rawValue: file.format)?.mimeType ?? "audio/mpeg"
            sources += "<source src=\"\(escape(URL(fileURLWithPath: file.path).lastPathComponent))\" type=\"\(escape(type))\">\n"
        }
        let seconds = files.first?.duration ?? 0
        let player = """
            <section class="player" aria-label="Player">
            <div class="controls" hidden>
            <button type="button" class="play" data-action="play" aria-label="Play">Play</button>
            <button type="button" data-action="back" aria-label="Back 15 seconds">−15 s</button>
            <button type="button" data-action="forward" aria-label="Forward 15 seconds">+15 s</button>
            <span role="group" aria-label="Speed">\(["1", "1.25", "1.5", "2"].map { rate in
                "<button type=\"button\" data-action=\"speed\" data-rate=\"\(rate)\" aria-pressed=\"\(rate == "1")\" aria-label=\"Speed \(rate) times\">\(rate)×</button>"
            }.joined())</span>
            <span class="time" aria-live="off">0:00 / \(clock(seconds))</span>
            <input type="range" class="position" min="0" max="\(String(format: "%.3f", seconds))" step="0.1" value="0" aria-label="Position">
            </div>
            <audio controls preload="metadata" data-duration="\(String(format: "%.3f", seconds))" aria-label="\(escape(episode.title))">
            \(sources)</audio>
            </section>
            """
        var body = "<main>\n<h1>\(escape(episode.title))</h1>\n<p class=\"meta\">\(kind(episode)) · <time datetime=\"\(UTCDates.day(episode.created))\">\(UTCDates.day(episode.created))</time> · \(duration(episode))</p>\n\(player)\n"
        if embed {
            body += "<p class=\"meta\"><a href=\"index.html\" target=\"_blank\" rel=\"noopener\">Transcript and chapters</a></p>\n"
        } else {
            if let chapters = episode.chapters, !chapters.isEmpty {
                body += "<nav class=\"chapters\" aria-label=\"Chapters\"><h2>Chapters</h2><ol>\n"
                for chapter in chapters {
                    body += "<li><button type=\"button\" data-seek=\"\(String(format: "%.3f", chapter.start))\">\(clock(chapter.start)) \(escape(chapter.title))</button></li>\n"
                }
                body += "</ol></nav>\n"
            }
        }
        var end = "</main>"
        if transcript {
            body += "<section class=\"transcript\" aria-label=\"Transcript\"><h2>Transcript</h2>\n"
            end = "</section>\n" + end
        }
        return document(title: episode.title, language: episode.language, body: body, bodyEnd: end, embed: embed, script: true,
                        icon: "../" + cover)
    }

    /// A page in two parts, so that what goes between them (a transcript) can be streamed in:
    /// everything up to and including `body`, and `bodyEnd` with everything after it.
    static func document(title: String, language: String?, body: String, bodyEnd: String = "", embed: Bool,
                         script: Bool, icon: String) -> (head: String, tail: String) {
        let head = """
            <!DOCTYPE html>
            <html lang="\(escape(language ?? "en"))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <link rel="icon" href="\(escape(icon))">
            <style>
            \(css)</style>
            </head>
            <body\(embed ? " class=\"embed\"" : "")>
            \(body)
            """
        let tail = """
            \(bodyEnd)
            \(script ? "<script>\n\(self.script)</script>" : "")
            </body>
            </html>

            """
        return (head, tail)
    }

    static func kind(_ episode: Manifest.Episode) -> String { episode.kind == "briefing" ? "Briefing" : "Article" }

    static func duration(_ episode: Manifest.Episode) -> String {
        let seconds = Int((episode.files.first?.duration ?? 0).rounded())
        return seconds >= 60 ? "\(seconds / 60) min \(seconds % 60) s" : "\(seconds) s"
    }

    static func clock(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds))
        let s = whole % 60
        return "\(whole / 60):\(s < 10 ? "0" : "")\(s)"
    }

    /// Text that is inert in HTML content and attributes.
    static func escape(_ text: String) -> String { Publishing.escape(text) }
}
