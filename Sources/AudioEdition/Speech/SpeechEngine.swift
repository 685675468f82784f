/// Something that turns text into 16-bit mono PCM, one segment at a time.
public protocol SpeechEngine: AnyObject {
    var sampleRate: Int { get }
    /// Identifies the engine's sound in cache keys and the manifest.
    var version: String { get }
    func use(_ profile: VoiceProfile) throws
    func speak(_ text: String, into sink: any SpeechSink) throws
}

/// A timed marker inside one `speak` call. Samples count from that call's first sample;
/// offsets are in Unicode scalars of the text that was spoken.
public enum SpeechEvent: Equatable, Sendable {
    case word(offset: Int, text: String, sample: Int)
    case sentence(offset: Int, sample: Int)

    public var sample: Int {
        switch self {
        case let .word(_, _, sample), let .sentence(_, sample): sample
        }
    }
}

/// Receives audio and events while an engine speaks.
public protocol SpeechSink: AnyObject {
    func receive(samples: [Int16])
    func receive(_ event: SpeechEvent)
}
