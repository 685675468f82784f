import Foundation

/// What a briefing plays, in order: speech in each role's voice, transition sounds,
/// silences, and chapter marks. Intro, then for each story a transition, its headline and
/// its body (the first N paragraphs with `--summary N`), then a transition and the outro.
public struct BriefingScript: Sendable {
    public enum Item: Sendable {
        case speech(Script.Segment, voice: VoiceProfile)
        case sound(String)
        case silence(Double)
        /// A chapter starts at the next sample.
        case chapter(String)
    }

    public var items: [Item]

    /// Voices by role, already loaded.
    public struct Voices: Sendable {
        public var host, headline, body, quote: VoiceProfile

        public init(host: VoiceProfile, headline: VoiceProfile, body: VoiceProfile, quote: VoiceProfile) {
            (self.host, self.headline, self.body, self.quote) = (host, headline, body, quote)
        }
    }

    /// `storyVoices` gives the story at the same index a voice of its own (a story in another
    /// language than the host's): its headline, body and quotes are read by it, with its
    /// lexicon and its language's normaliser. The others are read by the profile's voices.
    public init(stories: [Article], title: String, date: String, summary: Int?, profile: BriefingProfile, voices: Voices,
                lexicon: Lexicon = Lexicon(), storyVoices: [VoiceCast.Voice?] = []) {
        let builder = ScriptBuilder(article: Article(title: title, blocks: []), pauses: voices.host.pauses, lexicon: lexicon)
        let pauses = profile.pauses
        var items: [Item] = [.chapter("Introduction"), .silence(voices.host.pauses.leadIn)]
        if let music = profile.introMusic { items.append(.sound(music)) }
        let intro = profile.fill(profile.intro, title: title, date: date, count: stories.count)
        items += builder.segments(role: .host, text: intro, pause: 0, block: 0).map { .speech($0, voice: voices.host) }
        items.append(.silence(pauses.afterIntro))
        for (number, story) in stories.enumerated() {
            var (builder, voices) = (builder, voices)
            if number < storyVoices.count, let own = storyVoices[number] {
                builder = ScriptBuilder(article: story, pauses: own.profile.pauses, lexicon: own.lexicon)
                voices = Voices(host: voices.host, headline: own.profile, body: own.profile, quote: own.profile)
            }
            items += [.silence(pauses.aroundTransition), .sound(profile.transition), .silence(pauses.aroundTransition)]
            items.append(.chapter(story.title))
            items += builder.segments(role: .title, text: story.title, pause: 0, block: 0).map { .speech($0, voice: voices.headline) }
            items.append(.silence(pauses.afterHeadline))
            for (index, block) in story.blocks.prefix(summary ?? Int.max).enumerated() {
                let (role, voice): (Script.Role, VoiceProfile) = switch block.kind {
                case .quote: (.quote, voices.quote)
                case .subheading: (.subheading, voices.body)
                case .paragraph, .listItem: (.body, voices.body)
                }
                if index > 0 { items.append(.silence(pauses.betweenParagraphs)) }
                items += builder.segments(role: role, text: block.text, pause: 0, block: index + 1).map { .speech($0, voice: voice) }
            }
        }
        items += [.silence(pauses.aroundTransition), .sound(profile.transition), .silence(pauses.aroundTransition), .chapter("Closing")]
        let outro = profile.fill(profile.outro, title: title, date: date, count: stories.count)
        items += builder.segments(role: .host, text: outro, pause: 0, block: 0).map { .speech($0, voice: voices.host) }
        if let music = profile.outroMusic { items.append(.sound(music)) }
        items.append(.silence(voices.host.pauses.tail))
        self.items = items
    }
}

/// Transition sounds: the chime made in code, or a WAV or FLAC from `Voices/sounds/`, mono
/// and at the episode's rate.
public enum TransitionSound {
    /// A soft two-partial bell: 880 Hz and 1,320 Hz, 5 ms fade in, exponential decay,
    /// 400 ms in all, peaking near −14 dBFS, so it marks a break without startling.
    public static func chime(sampleRate: Int) -> [Int16] {
        let count = Int(0.4 * Double(sampleRate))
        return (0..<count).map { n in
            let t = Double(n) / Double(sampleRate)
            let attack = min(1, t / 0.005)
            let decay = exp(-t * 9)
            let tail = min(1, Double(count - n) / (0.02 * Double(sampleRate)))
            let value = (sin(2 * .pi * 880 * t) * 0.7 + sin(2 * .pi * 1320 * t) * 0.3) * attack * decay * tail * 0.2
            return Int16((value * 32767).rounded())
        }
    }

    /// A sound by name: `chime`, or a path relative to the Voices folder
    /// (`sounds/transition.wav`), folded to mono and resampled.
    public static func load(_ name: String, voices: URL, sampleRate: Int) throws -> [Int16] {
        if name == "chime" { return chime(sampleRate: sampleRate) }
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : voices.appendingPathComponent(name)
        let file = try SoundFile(readingFrom: url)
        let channels = file.info.channels
        var mono: [Float] = []
        while case let chunk = try file.read(maxFrames: 1 << 15), !chunk.isEmpty {
            for frame in stride(from: 0, to: chunk.count, by: channels) {
                mono.append(chunk[frame..<(frame + channels)].reduce(Float(0)) { $0 + Float($1) } / Float(channels) / 32768)
            }
        }
        if file.info.sampleRate != sampleRate {
            let resampler = try Resampler(from: file.info.sampleRate, to: sampleRate)
            mono = try resampler.process(mono, final: true)
        }
        return mono.map { Int16(clamping: Int(($0 * 32767).rounded())) }
    }
}
