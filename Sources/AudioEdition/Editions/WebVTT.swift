import Foundation

/// A WebVTT transcript: short phrases timed in episode time.
public struct WebVTT: Sendable, Equatable {
    public struct Cue: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var text: String
        /// When each word starts, for the cue-internal timestamps; empty for a cue made
        /// from text alone.
        public var words: [Word] = []

        public init(start: Double, end: Double, text: String, words: [Word] = []) {
            (self.start, self.end, self.text, self.words) = (start, end, text, words)
        }
    }

    public struct Word: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var text: String
    }

    /// A cue holds at most this many words...
    public static let maxWords = 7
    /// ...and at most this many characters, so it fits a player's caption line.
    public static let maxCharacters = 42

    public var cues: [Cue]

    public init(cues: [Cue]) { self.cues = cues }

    /// Groups timed words into phrases. A phrase never crosses a segment or a sentence end.
    public init(words: [TimedWord], sampleRate: Int) {
        var cues: [Cue] = []
        var phrase: [TimedWord] = []
        func flush() {
            guard let first = phrase.first, let last = phrase.last else { return }
            let rate = Double(sampleRate)
            cues.append(Cue(start: Double(first.start) / rate, end: Double(last.end) / rate,
                            text: phrase.map(\.text).joined(separator: " "),
                            words: phrase.map { Word(start: Double($0.start) / rate, end: Double($0.end) / rate, text: $0.text) }))
            phrase = []
        }
        var length = 0  // of the phrase, with a space after each word
        for word in words {
            let characters = word.text.count
            if let last = phrase.last {
                if word.segment != last.segment || word.startsSentence || Self.endsSentence(last.text)
                    || phrase.count >= Self.maxWords || length + characters > Self.maxCharacters {
                    flush()
                    length = 0
                }
            }
            phrase.append(word)
            length += characters + 1
        }
        flush()
        self.cues = cues
    }

    /// Whether the word ends in a full stop, question or exclamation mark, before any closing
    /// quotes and brackets.
    static func endsSentence(_ word: String) -> Bool {
        let last = word.unicodeScalars.last { !["\"", "'", "”", "’", ")", "]"].contains($0) }
        return last == "." || last == "?" || last == "!"
    }

    /// `hh:mm:ss.mmm`, rounded to the millisecond.
    public static func timestamp(_ seconds: Double) -> String {
        let millis = max(0, Int((seconds * 1000).rounded()))
        return digits(millis / 3_600_000, 2) + ":" + digits(millis / 60_000 % 60, 2) + ":" + digits(millis / 1000 % 60, 2)
            + "." + digits(millis % 1000, 3)
    }

    /// `value` in decimal, with zeros before it to make `width` digits.
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    public static let header = "WEBVTT\n"

    /// The file's text.
    public var text: String { Self.header + cueText }

    /// The cues as they follow the header. Every word after a cue's first is preceded by
    /// the cue-internal timestamp of its start (`one <00:00:05.120>two`), so a player can
    /// follow the words; the first word starts with the cue itself, as WebVTT wants every
    /// internal timestamp after the cue's start. Cue text is escaped, because `<` and `&`
    /// open markup in WebVTT.
    var cueText: String {
        var out = ""
        for cue in cues {
            out += "\n\(Self.timestamp(cue.start)) --> \(Self.timestamp(cue.end))\n"
            if cue.words.isEmpty {
                out += Self.escape(cue.text)
            } else {
                var previous = cue.start
                for (index, word) in cue.words.enumerated() {
                    if index > 0 {
                        // Strictly increasing, as the format requires, at millisecond resolution.
                        previous = max(word.start, previous + 0.001)
                        out += " <\(Self.timestamp(previous))>"
                    }
                    out += Self.escape(word.text)
                }
            }
            out += "\n"
        }
        return out
    }

    static func escape(_ text: String) -> String { Publishing.escape(text, quotes: false) }
}

/// Writes an episode's transcripts one segment at a time, so none sits whole in memory: the
/// WebVTT file, the Podcasting 2.0 JSON transcript (`application/json`) with one segment a
/// word, and the player page's transcript (one paragraph a segment, one `span` a word with
/// its start), which `PlayerPages` streams into the page. Cues never cross segments, so each
/// segment's words make complete cues.
public final class TranscriptWriter {
    private let vtt: FileHandle
    private let json: FileHandle
    private let html: FileHandle
    private let sampleRate: Int
    private var wordsWritten = 0

    public init(vtt vttURL: URL, json jsonURL: URL, html htmlURL: URL, sampleRate: Int) throws {
        for (url, start) in [(vttURL, WebVTT.header), (jsonURL, "{\"version\": \"1.0.0\", \"segments\": ["), (htmlURL, "")] {
            guard FileManager.default.createFile(atPath: url.path, contents: Data(start.utf8)) else {
                throw OutputError(path: url.path, problem: "cannot create transcript")
            }
        }
        vtt = try FileHandle(forWritingTo: vttURL)
        json = try FileHandle(forWritingTo: jsonURL)
        html = try FileHandle(forWritingTo: htmlURL)
        try vtt.seekToEnd()
        try json.seekToEnd()
        self.sampleRate = sampleRate
    }

    deinit {
        try? vtt.close()
        try? json.close()
        try? html.close()
    }

    public func append(_ words: [TimedWord]) throws {
        try vtt.write(contentsOf: Data(WebVTT(words: words, sampleRate: sampleRate).cueText.utf8))
        // Written by hand, not by JSONEncoder and String(format:): a briefing has thousands of words.
        var out = ""
        for word in words {
            out += wordsWritten == 0 ? "\n" : ",\n"
            out += "{\"startTime\": " + seconds(word.start) + ", \"endTime\": " + seconds(word.end) + ", \"body\": "
            Self.appendJSONString(word.text, to: &out)
            out += "}"
            wordsWritten += 1
        }
        try json.write(contentsOf: Data(out.utf8))
        guard !words.isEmpty else { return }
        let spans = words.map { "<span class=\"word\" data-start=\"" + seconds($0.start) + "\">" + Publishing.escape($0.text) + "</span>" }
        try html.write(contentsOf: Data(("<p>" + spans.joined(separator: " ") + "</p>\n").utf8))
    }

    /// Sample `sample` in seconds to the millisecond (rounded half up), as JSON and the page write it.
    private func seconds(_ sample: Int) -> String {
        Self.seconds(milliseconds: (max(0, sample) * 2000 + sampleRate) / (2 * sampleRate))
    }

    static func seconds(milliseconds: Int) -> String {
        String(milliseconds / 1000) + "." + WebVTT.digits(milliseconds % 1000, 3)
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as it is.
    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    public func close() throws {
        try html.close()
        try vtt.close()
        try json.write(contentsOf: Data("\n]}\n".utf8))
        try json.close()
    }
}
