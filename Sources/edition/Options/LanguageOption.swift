import ArgumentParser
import AudioEdition

/// `--language`: the articles' language, over what they declare or their text shows.
struct LanguageOption: ParsableArguments {
    @Option(help: ArgumentHelp("The articles' language as a BCP 47 tag (uk, de, en-GB), over what they declare or their text shows.",
                               valueName: "tag"))
    var language: String?

    func validate() throws { try Self.check(language) }

    /// A usage error unless `language` is a language tag.
    static func check(_ language: String?) throws {
        if let language, LanguageTag.normalise(language) == nil {
            throw ValidationError("--language '\(language)' is not a language tag (for example uk, de, en-GB)")
        }
    }

    var tag: String? { language.flatMap(LanguageTag.normalise) }
}
