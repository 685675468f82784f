import Foundation
import Testing
@testable import AudioEdition

@Suite struct WebVTTTests {
    @Test(arguments: [
        (0.0, "00:00:00.000"),
        (1.2345, "00:00:01.235"),
        (59.9996, "00:01:00.000"),
        (3661.5, "01:01:01.500"),
        (36000.0, "10:00:00.000"),
        (-0.5, "00:00:00.000"),
        (360_000.0009, "100:00:00.001"),
    ])
    func timestamps(seconds: Double, text: String) {
        #expect(WebVTT.timestamp(seconds) == text)
    }

    private func word(_ text: String, _ start: Int, _ end: Int, segment: Int = 0, sentence: Bool = false) -> TimedWord {
        TimedWord(text: text, start: start, end: end, segment: segment, startsSentence: sentence)
    }

    @Test func phrasesBreakAtSentencesSegmentsAndLength() {
        let words = [
            word("Hello", 0, 100, sentence: true), word("there.", 100, 200),
            word("New", 200, 300, sentence: true), word("one", 300, 400),
            word("Other", 500, 600, segment: 1, sentence: true),
        ] + (0..<9).map { word("w\($0)", 600 + $0 * 100, 700 + $0 * 100, segment: 1) }
        let vtt = WebVTT(words: words, sampleRate: 100)
        #expect(vtt.cues.map(\.text) == ["Hello there.", "New one", "Other w0 w1 w2 w3 w4 w5", "w6 w7 w8"])
        #expect(vtt.cues[0].start == 0 && vtt.cues[0].end == 2)
        #expect(vtt.cues[2].start == 5 && vtt.cues[2].end == 12)
    }

    @Test(arguments: [("there.", true), ("said.\"", true), ("(end.)", true), ("what?”", true), ("wow!’)]", true),
                      ("Mr", false), ("\"", false), ("e.g", false), ("", false), ("…", false)])
    func sentenceEndsBeforeClosingQuotesAndBrackets(word: String, ends: Bool) {
        #expect(WebVTT.endsSentence(word) == ends)
    }

    @Test func longWordsStayUnderTheCharacterLimit() {
        let words = (0..<6).map { word(String(repeating: "x", count: 12), $0, $0 + 1) }
        let vtt = WebVTT(words: words, sampleRate: 1)
        #expect(vtt.cues.allSatisfy { $0.text.count <= WebVTT.maxCharacters })
        #expect(vtt.cues.map { $0.text.split(separator: " ").count } == [3, 3])
    }

    @Test func fileTextHasHeaderArrowsAndEscapedMarkup() {
        let vtt = WebVTT(cues: [.init(start: 0.3, end: 1.25, text: "AT&T <b> --> x")])
        #expect(vtt.text == "WEBVTT\n\n00:00:00.300 --> 00:00:01.250\nAT&amp;T &lt;b&gt; --&gt; x\n")
    }
}

@Suite struct TranscriptWriterTests {
    private func word(_ text: String, _ start: Int, _ end: Int, segment: Int = 0, sentence: Bool = false) -> TimedWord {
        TimedWord(text: text, start: start, end: end, segment: segment, startsSentence: sentence)
    }

    /// Every word after a cue's first carries its start as a cue-internal timestamp, always
    /// later than the one before; the JSON transcript has every word with its times.
    @Test func bothTranscriptsTimeEveryWord() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let vttURL = folder.appendingPathComponent("a.vtt"), jsonURL = folder.appendingPathComponent("a.json")
        let htmlURL = folder.appendingPathComponent("a.html")
        let writer = try TranscriptWriter(vtt: vttURL, json: jsonURL, html: htmlURL, sampleRate: 1000)
        try writer.append([word("Tom's", 500, 900, sentence: true), word("\"AT&T\"", 900, 900), word("<b>/x", 900, 1400)])
        try writer.append([word("Next.", 2000, 2600, segment: 1, sentence: true)])
        try writer.close()
        let vtt = try String(contentsOf: vttURL, encoding: .utf8)
        #expect(vtt == """
            WEBVTT

            00:00:00.500 --> 00:00:01.400
            Tom's <00:00:00.900>"AT&amp;T" <00:00:00.901>&lt;b&gt;/x

            00:00:02.000 --> 00:00:02.600
            Next.

            """)
        struct Document: Decodable {
            struct Segment: Decodable { var startTime: Double; var endTime: Double; var body: String }
            var version: String
            var segments: [Segment]
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: jsonURL))
        #expect(document.version == "1.0.0")
        #expect(document.segments.map(\.body) == ["Tom's", "\"AT&T\"", "<b>/x", "Next."])
        #expect(document.segments.map(\.startTime) == [0.5, 0.9, 0.9, 2.0])
        #expect(document.segments.map(\.endTime) == [0.9, 0.9, 1.4, 2.6])
        // The page's transcript: a paragraph a segment, every text escaped.
        #expect(try String(contentsOf: htmlURL, encoding: .utf8) == """
            <p><span class="word" data-start="0.500">Tom&apos;s</span> <span class="word" data-start="0.900">&quot;AT&amp;T&quot;</span> \
            <span class="word" data-start="0.900">&lt;b&gt;/x</span></p>
            <p><span class="word" data-start="2.000">Next.</span></p>

            """)
    }

    /// The JSON transcript writes its strings and times by hand: every text reads back as it
    /// was, and times are to the millisecond.
    @Test func wordsAndTimesAreWrittenAsJSONReadsThem() throws {
        for text in ["plain", "quote \" and \\ back", "tab\tnew\nline\r", "bell\u{7}\u{1F}", "café – 東京 🎙", "</script>", ""] {
            var out = ""
            TranscriptWriter.appendJSONString(text, to: &out)
            #expect(try JSONDecoder().decode(String.self, from: Data(out.utf8)) == text, "\(out)")
        }
        #expect([0, 7, 999, 1000, 61_005, 3_600_010].map(TranscriptWriter.seconds(milliseconds:))
            == ["0.000", "0.007", "0.999", "1.000", "61.005", "3600.010"])
    }
}
