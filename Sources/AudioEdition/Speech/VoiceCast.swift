import Foundation
import Synchronization

/// Which voice reads an article: the one asked for (`--voice`), or the one its language maps
/// to in `Voices/languages.tsv`, with that voice's lexicon. Profiles are loaded when a
/// language first asks for one, and kept.
public final class VoiceCast: Sendable {
    public struct Voice: Sendable {
        public var profile: VoiceProfile
        public var lexicon: Lexicon

        public init(profile: VoiceProfile, lexicon: Lexicon = Lexicon()) {
            self.profile = profile
            self.lexicon = lexicon
        }
    }

    private enum Mode: Sendable {
        case fixed(Voice)
        case byLanguage(VoiceLibrary, map: [String: String])
    }

    private let mode: Mode
    private let loaded = Mutex<[String: Voice]>([:])

    /// Every article read by one voice.
    public init(_ voice: Voice) { mode = .fixed(voice) }

    public convenience init(profile: VoiceProfile, lexicon: Lexicon = Lexicon()) { self.init(Voice(profile: profile, lexicon: lexicon)) }

    /// The voice named (`--voice`), with its lexicon, for every article; each language's own
    /// when nil.
    public static func choosing(_ name: String?, from library: VoiceLibrary) throws -> VoiceCast {
        guard let name else { return try VoiceCast(library: library) }
        let profile = try library.load(name)
        return VoiceCast(profile: profile, lexicon: try library.lexicon(for: profile))
    }

    /// Each article read by its language's voice, from the library's `languages.tsv`; every
    /// profile it names must be in the folder.
    public init(library: VoiceLibrary) throws(VoiceError) {
        let map = try library.languageMap()
        let names = library.names()
        if let missing = Set(map.values).sorted().first(where: { !names.contains($0) }) {
            throw .languageMap(path: library.folder.appendingPathComponent("languages.tsv").path,
                               problem: "names voice profile '\(missing)', which is not in the folder (available: \(names.joined(separator: ", ")))")
        }
        mode = .byLanguage(library, map: map)
    }

    /// The voice for an article in `language` (a BCP 47 tag; nil when it is not known).
    public func voice(for language: String?) throws(VoiceError) -> Voice {
        switch mode {
        case let .fixed(voice):
            return voice
        case let .byLanguage(library, map):
            let name = Self.profileName(for: language, in: map)
            if let voice = loaded.withLock({ $0[name] }) { return voice }
            let profile = try library.load(name)
            let lexicon: Lexicon
            do { lexicon = try library.lexicon(for: profile) } catch let error as VoiceError { throw error } catch {
                throw .unreadableProfile(path: name, problem: "\(error)")
            }
            let voice = Voice(profile: profile, lexicon: lexicon)
            loaded.withLock { $0[name] = voice }
            return voice
        }
    }

    /// The profile a language maps to: its full tag's row ("pt-br"), then its primary
    /// subtag's ("pt"), then "*", then `newsreader`.
    static func profileName(for language: String?, in map: [String: String]) -> String {
        if let language {
            if let name = map[language.lowercased()] ?? map[LanguageTag.primary(language)] { return name }
        }
        return map["*"] ?? map["en"] ?? "newsreader"
    }
}

extension VoiceLibrary {
    /// `languages.tsv`: language tag (lowercased) to profile name. No file is an empty map:
    /// every article is read by `newsreader`.
    public func languageMap() throws(VoiceError) -> [String: String] {
        let url = folder.appendingPathComponent("languages.tsv")
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .languageMap(path: url.path, problem: "not UTF-8 text")
        }
        var map: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let columns = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count == 2, !columns[1].isEmpty, columns[0] == "*" || LanguageTag.normalise(columns[0]) != nil else {
                throw .languageMap(path: url.path, problem: "line \(number + 1): expected a language tag, a tab and a profile name")
            }
            map[columns[0].lowercased()] = columns[1]
        }
        return map
    }
}
