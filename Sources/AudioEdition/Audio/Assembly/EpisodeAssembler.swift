/// Where the assembler streams an episode's PCM: a sound file, a meter.
public protocol PCMSink: AnyObject {
    /// Interleaved channels in a frame.
    var channelCount: Int { get }
    func write(_ samples: ArraySlice<Int16>) throws
}

extension PCMSink {
    /// Appends `frames` frames of digital silence without allocating them all at once.
    public func writeSilence(frames: Int) throws {
        let chunk = [Int16](repeating: 0, count: min(frames, 4096) * channelCount)
        var left = frames
        while left > 0 {
            let n = min(left, 4096)
            try write(chunk.prefix(n * channelCount))
            left -= n
        }
    }
}

extension SoundFile: PCMSink {
    public var channelCount: Int { info.channels }
}

/// A written word placed in episode time.
public struct TimedWord: Sendable, Equatable {
    public var text: String
    /// Sample at which the word starts, counted from the first sample of the episode.
    public var start: Int
    /// Sample at which it ends: the next word's start, or the end of its segment's speech.
    public var end: Int
    public var segment: Int
    /// True for the first word of a sentence.
    public var startsSentence: Bool
}

/// Streams segments and the silences between them into one or more sound files at once, and
/// turns the engine's per-call event times into episode time with its own running sample count.
///
/// espeak-ng ends every call with a clause pause of its own. The assembler holds back
/// near-silent samples and drops them when the segment ends, so the pauses a listener hears
/// are exactly the voice profile's.
public final class EpisodeAssembler: SpeechSink {
    /// Samples at or below this magnitude (about -60 dBFS) count as silence when trimming.
    static let silenceThreshold: Int16 = 32

    public let sampleRate: Int
    private let outputs: [any PCMSink]
    /// Samples written so far: the episode clock.
    public private(set) var position = 0
    /// The words of the segment being spoken; handed back by `speak`, so nothing grows with
    /// the episode's length.
    private var words: [TimedWord] = []
    private var segmentStart = 0
    private var segmentIndex = -1
    private var heldSilence: [Int16] = []
    private var sentencePending = false
    private var failure: Error?
    /// The segment being spoken, to map the engine's word events back to written words.
    private var pieces: [NormalisedText.Piece] = []
    private var pieceStarts: [Int] = []
    private var written: [Unicode.Scalar] = []
    private var nextPiece = 0

    public init(outputs: [any PCMSink], sampleRate: Int) {
        self.outputs = outputs
        self.sampleRate = sampleRate
    }

    public func writeSilence(seconds: Double) throws {
        try writeSilence(frames: Int((seconds * Double(sampleRate)).rounded()))
    }

    public func writeSilence(frames: Int) throws {
        guard frames > 0 else { return }
        for output in outputs { try output.writeSilence(frames: frames) }
        position += frames
    }

    /// Writes a sound (a transition, music) as it is.
    public func write(samples: [Int16]) throws {
        for output in outputs { try output.write(samples[...]) }
        position += samples.count
    }

    /// Speaks one segment through `engine` straight into the outputs, and returns its written
    /// words in episode time.
    @discardableResult
    public func speak(_ segment: Script.Segment, with engine: any SpeechEngine) throws -> [TimedWord] {
        try speak(segment) { try engine.speak(segment.spoken, into: self) }
    }

    /// Writes one segment from its recording (the cache's copy of what the engine said), and
    /// returns its written words in episode time: the same as speaking it live.
    @discardableResult
    public func speak(_ segment: Script.Segment, recording: SegmentRecording) throws -> [TimedWord] {
        try speak(segment) { recording.replay(into: self) }
    }

    private func speak(_ segment: Script.Segment, feed: () throws -> Void) throws -> [TimedWord] {
        segmentIndex += 1
        segmentStart = position
        sentencePending = true
        words = []
        pieces = segment.pieces
        written = Array(segment.text.unicodeScalars)
        pieceStarts = NormalisedText.spokenStarts(pieces)
        nextPiece = 0
        try feed()
        heldSilence.removeAll()
        if let failure { throw failure }
        // Written words the engine never marked belong to the last word spoken.
        if nextPiece < pieces.count, !words.isEmpty {
            words[words.count - 1].text += " " + writtenText(nextPiece..<pieces.count)
        }
        // A word's end is the next word's start; the last ends with the segment's speech.
        for i in words.indices {
            words[i].start = min(words[i].start, position)
        }
        for i in words.indices {
            words[i].end = max(i + 1 < words.count ? words[i + 1].start : position, words[i].start)
        }
        return words
    }

    /// The samples a recording adds when spoken alone: up to its last one above the silence
    /// threshold, as `receive` trims it.
    static func spokenLength(of recording: SegmentRecording) -> Int {
        (recording.samples.lastIndex { $0 > silenceThreshold || $0 < -silenceThreshold } ?? -1) + 1
    }

    public func receive(samples: [Int16]) {
        guard failure == nil else { return }
        guard let lastLoud = samples.lastIndex(where: { $0 > Self.silenceThreshold || $0 < -Self.silenceThreshold }) else {
            heldSilence.append(contentsOf: samples)
            return
        }
        // Straight from the recording when no silence is held: a segment's samples are not copied.
        var chunk = samples[...lastLoud]
        if !heldSilence.isEmpty { chunk = (heldSilence + chunk)[...] }
        heldSilence = Array(samples[(lastLoud + 1)...])
        do {
            for output in outputs { try output.write(chunk) }
            position += chunk.count
        } catch {
            failure = error
        }
    }

    private func writtenText(_ range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        let lower = min(pieces[first].written.lowerBound, written.count)
        let upper = min(max(pieces[last].written.upperBound, lower), written.count)
        var text = ""
        text.unicodeScalars.append(contentsOf: written[lower..<upper])
        return text
    }

    public func receive(_ event: SpeechEvent) {
        switch event {
        case let .word(offset, _, sample):
            // The piece of spoken text this word starts in, and with it every written word
            // since the last one marked (espeak-ng sometimes marks two words as one).
            var piece = nextPiece
            while piece + 1 < pieces.count, pieceStarts[piece + 1] <= offset { piece += 1 }
            guard piece >= nextPiece, piece < pieces.count else { return }
            let text = writtenText(nextPiece..<(piece + 1))
            nextPiece = piece + 1
            words.append(TimedWord(text: text, start: segmentStart + sample, end: segmentStart + sample,
                                   segment: segmentIndex, startsSentence: sentencePending))
            sentencePending = false
        case .sentence:
            sentencePending = true
        }
    }
}
