/// Content addresses for spoken audio.
public enum SegmentKey {
    /// The key of a segment's audio: a hash of everything that changes how it sounds.
    public static func make(text: String, voice: VoiceProfile, engine: String, sampleRate: Int) -> String {
        SHA256.hex([text, voice.canonicalForm, engine, String(sampleRate)].joined(separator: "\u{1F}"))
    }
}
