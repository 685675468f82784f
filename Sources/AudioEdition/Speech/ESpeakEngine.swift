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
            let text = try Self.espeakPhonemes(in: text)
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

    /// The IPA phonemes of `text` in the selected voice, clause by clause, each with the
    /// punctuation that ends it, as Piper's phonemiser (espeak-ng 1.52) gives them: a neural
    /// voice speaks these.
    ///
    /// espeak-ng 1.51's `espeak_TextToPhonemes` gives a clause's phonemes but not its
    /// punctuation, and leaves its text pointer one character into the next clause, so the
    /// punctuation is read from the text just before that character. It reads `[[...]]` as
    /// letters, so a lexicon's phoneme entry is read instead through the phoneme trace of
    /// speaking it, which honours the brackets as `speak` does.
    public func phonemize(_ text: String) throws -> [PhonemeClause] {
        try callLock.withLock { _ in
            guard profile != nil else { throw SpeechError(operation: "phonemise", message: "no voice selected") }
            var clauses: [PhonemeClause] = []
            func add(_ clause: PhonemeClause) {
                guard !clause.phonemes.isEmpty || clause.terminator != nil else { return }
                // A piece that ended without punctuation runs on into the next.
                if let last = clauses.last, last.terminator == nil {
                    clauses[clauses.count - 1] = PhonemeClause(
                        phonemes: [last.phonemes, clause.phonemes].filter { !$0.isEmpty }.joined(separator: " "), terminator: clause.terminator)
                } else {
                    clauses.append(clause)
                }
            }
            for piece in PhonemeClause.pieces(of: text) {
                if piece.hasPrefix("[[ipa:") {
                    // A lexicon entry imported from IPA reaches the model as it was written.
                    add(PhonemeClause(phonemes: String(piece.dropFirst(6).dropLast(2)).decomposedStringWithCanonicalMapping, terminator: nil))
                } else if piece.hasPrefix("[[") {
                    add(PhonemeClause(phonemes: try traced(piece), terminator: nil))
                } else {
                    textToPhonemes(piece).forEach(add)
                }
            }
            return clauses
        }
    }

    /// The text with each `[[ipa:…]]` lexicon entry (a neural voice's) as espeak-ng's nearest
    /// English phonemes, `[[…]]`, padded with spaces inside the brackets to the length it had,
    /// so that the offsets espeak-ng reports still point into the text as written.
    static func espeakPhonemes(in text: String) throws -> String {
        guard text.contains("[[ipa:") else { return text }
        return try PhonemeClause.pieces(of: text).map { piece -> String in
            guard piece.hasPrefix("[[ipa:") else { return piece }
            let ipa = String(piece.dropFirst(6).dropLast(2))
            let mnemonics: String
            do {
                mnemonics = try PhonemeAlphabets.english.espeak(ipa, from: .ipa)
            } catch {
                throw SpeechError(operation: "speak", message: "the lexicon's IPA \"\(ipa)\": \(error)")
            }
            let padding = piece.unicodeScalars.count - mnemonics.unicodeScalars.count - 4
            return "[[" + mnemonics + String(repeating: " ", count: max(0, padding)) + "]]"
        }.joined()
    }

    /// `espeak_TextToPhonemes` over text with no phoneme brackets. Call with `callLock` held.
    private func textToPhonemes(_ text: String) -> [PhonemeClause] {
        var bytes = Array(text.utf8CString)
        var clauses: [PhonemeClause] = []
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let end = buffer.count - 1
            var cursor: UnsafeRawPointer? = UnsafeRawPointer(base)
            while let position = cursor {
                let start = position - UnsafeRawPointer(base)
                guard start < end, let phonemes = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, espeakPHONEMES_IPA) else { break }
                // The next clause began one character before the pointer.
                var next = cursor.map { $0 - UnsafeRawPointer(base) } ?? end
                if cursor != nil, next > start {
                    next -= 1
                    while next > start, UInt8(bitPattern: buffer[next]) & 0xC0 == 0x80 { next -= 1 }
                }
                let clause = UnsafeBufferPointer(rebasing: buffer[start..<max(start, next)]).map { UInt8(bitPattern: $0) }
                clauses.append(PhonemeClause(phonemes: String(cString: phonemes).trimmingCharacters(in: .whitespaces),
                                             terminator: PhonemeClause.terminator(of: String(decoding: clause, as: UTF8.self))))
            }
        }
        return clauses
    }

    /// The IPA espeak-ng's phoneme trace writes while it speaks `text` (with the phoneme flag,
    /// so `[[...]]` is read as phonemes). Call with `callLock` held.
    private func traced(_ text: String) throws -> String {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else {
            throw SpeechError(operation: "phonemise", message: String(cString: strerror(errno)))
        }
        espeak_SetPhonemeTrace(espeakPHONEMES_IPA, stream)
        let context = SynthContext(sink: DiscardingSink(), text: text)
        let unmanaged = Unmanaged.passRetained(context)
        var bytes = Array(text.utf8CString)
        let status = bytes.withUnsafeMutableBytes { raw in
            espeak_ng_Synthesize(raw.baseAddress, raw.count, 0, POS_CHARACTER, 0,
                                 UInt32(espeakCHARS_UTF8) | UInt32(espeakPHONEMES), nil, unmanaged.toOpaque())
        }
        unmanaged.release()
        espeak_SetPhonemeTrace(0, nil)
        fclose(stream)
        defer { free(buffer) }
        try check(status, "phonemise")
        let ipa = buffer.map { String(cString: $0) } ?? ""
        return ipa.split(whereSeparator: \.isWhitespace).joined(separator: " ")
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

/// One clause of IPA phonemes and the punctuation that ends it.
public struct PhonemeClause: Equatable, Sendable {
    public var phonemes: String
    /// One of `. , ; : ! ?`, or nil when the clause ends without punctuation.
    public var terminator: Character?

    public init(phonemes: String, terminator: Character?) {
        self.phonemes = phonemes
        self.terminator = terminator
    }

    public var endsSentence: Bool { terminator.map { ".!?".contains($0) } ?? false }

    /// The punctuation a clause's text ends with, past closing quotes and brackets; a dash
    /// or an ellipsis where espeak-ng broke the clause reads as a comma or a full stop.
    static func terminator(of clause: String) -> Character? {
        for character in clause.reversed() {
            if character.isWhitespace || "\"'”’»)]}".contains(character) { continue }
            if ".!?,;:".contains(character) { return character }
            if character == "…" { return "." }
            if "—–-".contains(character) { return "," }
            return nil
        }
        return nil
    }

    /// The text cut into plain pieces and `[[...]]` phoneme pieces, in order.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            if open.lowerBound > rest.startIndex { pieces.append(String(rest[..<open.lowerBound])) }
            pieces.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }
}

/// A sink for speech nobody hears: the phoneme trace's.
private final class DiscardingSink: SpeechSink {
    func receive(samples: [Int16]) {}
    func receive(_ event: SpeechEvent) {}
}
