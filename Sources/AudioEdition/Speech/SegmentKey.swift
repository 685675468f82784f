/// Content addresses for spoken audio.
public enum SegmentKey {
    /// The key of a segment's audio: a hash of everything that changes how it sounds. `voice`
    /// is the hash of the profile's canonical form (`VoiceProfile.sha256`), computed once a run.
    public static func make(text: String, voice: String, engine: String, sampleRate: Int) -> String {
        SHA256.hex([text, voice, engine, String(sampleRate)].joined(separator: "\u{1F}"))
    }
}
