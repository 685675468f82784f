import CEspeakNG
import Foundation
import Synchronization

/// A failure reported by espeak-ng, with the library's own status text.
public struct SpeechError: Error, CustomStringConvertible, Equatable {
    public var operation: String
    public var message: String

    public var description: String { "espeak-ng: cannot \(operation): \(message)" }
}

/// One owner of espeak-ng's process-wide engine. The only file that imports CEspeakNG.
///
/// espeak-ng keeps global state and is not thread-safe, so a process holds one engine,
/// made on first use by `shared()` and kept for the life of the process: espeak-ng 1.51
/// hangs in `espeak_Terminate` once it has been initialised a second time, so the engine is
/// never torn down and rebuilt. `@unchecked Sendable` is safe because every call into the
/// library happens under `callLock`.
public final class ESpeakEngine: SpeechEngine, @unchecked Sendable {
    /// The sample rate espeak-ng 1.51 produces for its own voices.
    public static let expectedSampleRate = 22050

    public let sampleRate: Int
    /// For example "espeak-ng 1.51"; part of every segment's cache key.
    public let version: String
    private var profile: VoiceProfile?
    private let callLock = Mutex(())

    private static let instance = Mutex<ESpeakEngine?>(nil)

    /// The process's engine, initialised on first call.
    public static func shared() throws -> ESpeakEngine {
        try instance.withLock { instance in
            if let instance { return instance }
            let engine = try ESpeakEngine()
            instance = engine
            return engine
        }
    }

    private init() throws {
        // Synchronous output: audio comes back through the callback, nothing goes to a device.
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nil, espeakINITIALIZE_DONT_EXIT)
        guard rate > 0 else {
            throw SpeechError(operation: "initialise", message: "espeak_Initialize returned \(rate); is espeak-ng-data installed?")
        }
        guard rate == Self.expectedSampleRate else {
            throw SpeechError(operation: "initialise", message: "unexpected sample rate \(rate) Hz, expected \(Self.expectedSampleRate)")
        }
        sampleRate = Int(rate)
        version = "espeak-ng " + String(cString: espeak_Info(nil))
        espeak_SetSynthCallback(synthCallback)
    }

    deinit {
        espeak_Terminate()
    }

    /// Selects the espeak voice and prosody of a profile; a no-op when it is already active.
    public func use(_ profile: VoiceProfile) throws {
        try callLock.withLock { _ in
            guard self.profile != profile else { return }
            try check(espeak_ng_SetVoiceByName(profile.espeakVoice), "select voice '\(profile.espeakVoice)'")
            try check(espeak_ng_SetParameter(espeakRATE, Int32(profile.rate), 0), "set rate")
            try check(espeak_ng_SetParameter(espeakPITCH, Int32(profile.pitch), 0), "set pitch")
            try check(espeak_ng_SetParameter(espeakRANGE, Int32(profile.pitchRange), 0), "set pitch range")
            try check(espeak_ng_SetParameter(espeakVOLUME, Int32(profile.volume), 0), "set volume")
            try check(espeak_ng_SetParameter(espeakWORDGAP, Int32(profile.wordGap), 0), "set word gap")
            self.profile = profile
        }
    }

    /// Speaks `text` with one synthesis call, handing audio and word/sentence events to `sink`
    /// as espeak-ng produces them. Event times restart at zero for every call.
    ///
    /// The text is UTF-8 without the SSML flag, so article text is never read as markup. The
    /// phoneme flag is on so that lexicon entries in `[[...]]` work; the `Sanitiser` strips
    /// brackets from article text, so only the lexicon can use it.
    public func speak(_ text: String, into sink: any SpeechSink) throws {
        try callLock.withLock { _ in
            guard profile != nil else { throw SpeechError(operation: "speak", message: "no voice selected") }
            let context = SynthContext(sink: sink, text: text)
            let unmanaged = Unmanaged.passRetained(context)
            defer { unmanaged.release() }
            var bytes = Array(text.utf8CString)
            let status = bytes.withUnsafeMutableBytes { raw in
                espeak_ng_Synthesize(raw.baseAddress, raw.count, 0, POS_CHARACTER, 0,
                                     UInt32(espeakCHARS_UTF8) | UInt32(espeakPHONEMES), nil, unmanaged.toOpaque())
            }
            context.finish()
            try check(status, "synthesise")
        }
    }

    private func check(_ status: espeak_ng_STATUS, _ operation: String) throws {
        guard status != ENS_OK else { return }
        var buffer = [CChar](repeating: 0, count: 512)
        espeak_ng_GetStatusCodeMessage(status, &buffer, buffer.count)
        let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw SpeechError(operation: operation, message: message)
    }
}

/// What the synth callback needs for one `speak` call; found through `user_data`.
private final class SynthContext {
    let sink: any SpeechSink
    /// The text as Unicode scalars: espeak-ng's event positions count characters, from 1.
    let scalars: [Unicode.Scalar]
    /// The word whose start has been seen but whose end is the next word's start.
    private var pending: (offset: Int, sample: Int)?

    init(sink: any SpeechSink, text: String) {
        self.sink = sink
        scalars = Array(text.unicodeScalars)
    }

    /// A word starts at a 1-based character position. espeak-ng merges some words into one
    /// event ("in the") and splits others ("2023" as "2" and "023"), so an event is moved back
    /// to the start of its written token, and a word runs from there to the next token that
    /// has an event: every written character is kept, and no token is cut.
    func wordStarts(atPosition position: Int, sample: Int) {
        var start = position - 1
        guard start >= 0, start < scalars.count else { return }
        while start > 0, !scalars[start - 1].properties.isWhitespace { start -= 1 }
        if let pending {
            guard start > pending.offset else { return }
            emit(pending, upTo: start)
        }
        pending = (start, sample)
    }

    func finish() {
        if let pending { emit(pending, upTo: scalars.count) }
        pending = nil
    }

    private func emit(_ word: (offset: Int, sample: Int), upTo end: Int) {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[word.offset..<end])
        let trimmed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if !trimmed.isEmpty {
            sink.receive(.word(offset: word.offset, text: trimmed, sample: word.sample))
        }
    }
}

/// The synth callback: a plain, non-isolated function, so it can run on whatever thread
/// espeak-ng calls it from. It finds its sink through the events' `user_data`.
private func synthCallback(_ wav: UnsafeMutablePointer<Int16>?, _ count: Int32, _ events: UnsafeMutablePointer<espeak_EVENT>?) -> Int32 {
    guard let events, let userData = events.pointee.user_data else { return 0 }
    let context = Unmanaged<SynthContext>.fromOpaque(userData).takeUnretainedValue()
    let sampleRate = ESpeakEngine.expectedSampleRate
    var event = events
    while event.pointee.type != espeakEVENT_LIST_TERMINATED {
        let e = event.pointee
        let sample = Int(e.audio_position) * sampleRate / 1000
        switch e.type {
        case espeakEVENT_WORD:
            // Zero-length word events mark nothing a listener can see.
            if e.length > 0 { context.wordStarts(atPosition: Int(e.text_position), sample: sample) }
        case espeakEVENT_SENTENCE:
            context.sink.receive(.sentence(offset: max(Int(e.text_position) - 1, 0), sample: sample))
        default:
            break
        }
        event += 1
    }
    if let wav, count > 0 {
        context.sink.receive(samples: Array(UnsafeBufferPointer(start: wav, count: Int(count))))
    }
    return 0
}
