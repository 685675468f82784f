import Foundation

/// A WebVTT transcript: short phrases timed in episode time.
public struct WebVTT: Sendable, Equatable {
    public struct Cue: Sendable, Equatable {
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
            cues.append(Cue(start: Double(first.start) / Double(sampleRate),
                            end: Double(last.end) / Double(sampleRate),
                            text: phrase.map(\.text).joined(separator: " ")))
            phrase = []
        }
        for word in words {
            if let last = phrase.last {
                let length = phrase.reduce(0) { $0 + $1.text.count + 1 } + word.text.count
                if word.segment != last.segment || word.startsSentence || Self.endsSentence(last.text)
                    || phrase.count >= Self.maxWords || length > Self.maxCharacters {
                    flush()
                }
            }
            phrase.append(word)
        }
        flush()
        self.cues = cues
    }

    static func endsSentence(_ word: String) -> Bool {
        let trimmed = word.trimmingCharacters(in: ["\"", "'", "”", "’", ")", "]"])
        return trimmed.hasSuffix(".") || trimmed.hasSuffix("?") || trimmed.hasSuffix("!")
    }

    /// `hh:mm:ss.mmm`, rounded to the millisecond.
    public static func timestamp(_ seconds: Double) -> String {
        let millis = max(0, Int((seconds * 1000).rounded()))
        let h = millis / 3_600_000, m = millis / 60_000 % 60, s = millis / 1000 % 60, ms = millis % 1000
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))"
    }

    public static let header = "WEBVTT\n"

    /// The file's text.
    public var text: String { Self.header + cueText }

    /// The cues as they follow the header. Cue text is escaped, because `<` and `&` open
    /// markup in WebVTT.
    var cueText: String {
        var out = ""
        for cue in cues {
            let escaped = cue.text.replacingOccurrences(of: "&", with: "&amp;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            out += "\n\(Self.timestamp(cue.start)) --> \(Self.timestamp(cue.end))\n\(escaped)\n"
        }
        return out
    }
}

/// Writes a WebVTT file one segment at a time, so a transcript never sits whole in memory.
/// Cues never cross segments, so each segment's words make complete cues.
public final class WebVTTWriter {
    private let handle: FileHandle
    private let sampleRate: Int

    public init(url: URL, sampleRate: Int) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(WebVTT.header.utf8)) else {
            throw OutputError(path: url.path, problem: "cannot create transcript")
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        self.sampleRate = sampleRate
    }

    deinit { try? handle.close() }

    public func append(_ words: [TimedWord]) throws {
        try handle.write(contentsOf: Data(WebVTT(words: words, sampleRate: sampleRate).cueText.utf8))
    }

    public func close() throws { try handle.close() }
}
