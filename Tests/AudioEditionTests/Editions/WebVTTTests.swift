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
