import Foundation
import Synchronization

/// What a script needs from a language's normaliser: spoken text, piece by piece.
public protocol TextNormaliser: Sendable {
    func normalise(_ text: String) -> NormalisedText
}

extension Normaliser: TextNormaliser {}

/// How text in one language is made ready to speak: its normaliser, its sentence splitter,
/// and how the byline and date are said.
///
/// English has its normaliser, Ukrainian its own (`UkrainianNormaliser`). Any other language
/// gets the language-independent parts: its abbreviations from `Resources/<language>/`
/// when there are some, and espeak-ng's own reading of numbers in that language.
public struct LanguageText: Sendable {
    public let normaliser: any TextNormaliser
    public let splitter: SentenceSplitter
    /// What is said after the headline: the byline and the date.
    public let credit: CreditFormat

    public static let english = LanguageText(normaliser: Normaliser.english, splitter: SentenceSplitter(), credit: CreditFormat(.english))

    /// The text rules for a BCP 47 tag (by its primary subtag); English when there is none.
    public static func forLanguage(_ tag: String?) -> LanguageText {
        let language = tag.map(LanguageTag.primary) ?? "en"
        if language == "en" { return english }
        return known.withLock { known in
            if let text = known[language] { return text }
            let data = NormaliserData.bundled(language)
            let text = switch language {
            case "uk": LanguageText(normaliser: UkrainianNormaliser(data: data), splitter: SentenceSplitter(data: data), credit: CreditFormat(data))
            default: LanguageText(normaliser: Normaliser(data: data, classes: [AbbreviationClass(contextual: false)]), splitter: SentenceSplitter(data: data),
                                  credit: CreditFormat(data))
            }
            known[language] = text
            return text
        }
    }

    private static let known = Mutex<[String: LanguageText]>([:])
}
