import ArgumentParser
import AudioEdition
import Foundation

struct NormaliseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalise",
        abstract: "Print text as it will be spoken: numbers, dates, money, abbreviations read out.",
        discussion: """
        With --lines, reads standard input and prints exactly one spoken line for each line \
        read, in order (the contract of tn_eval.py). With --voice, that voice's pronunciation \
        lexicon is applied too, so the output is exactly the text the speech engine is given.
        """
    )

    @Argument(help: ArgumentHelp("A text file to normalise (default: standard input).", valueName: "path"))
    var path: String?

    @Flag(help: "One spoken line for each input line.")
    var lines = false

    @Option(help: ArgumentHelp("Apply this voice profile's pronunciation lexicon.", valueName: "name"))
    var voice: String?

    @Option(help: ArgumentHelp("Language of the text, as a BCP 47 tag: its normaliser is used (default: en).", valueName: "tag"))
    var language: String?

    @OptionGroup var voiceOptions: VoiceOptions

    func validate() throws { try LanguageOption.check(language) }

    func run() throws {
        let text: String
        if let path {
            do {
                text = try SourceText.load(path: path).text
            } catch {
                report("\(error)")
                throw ExitCode.failure
            }
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let normaliser = LanguageText.forLanguage(language).normaliser
        var lexicon = Lexicon()
        if let voice {
            let library = try voiceOptions.library()
            do {
                lexicon = try library.lexicon(for: library.load(voice))
            } catch {
                report("\(error)")
                throw ExitCode.failure
            }
        }
        let speak = { (text: Substring) in
            let clean = Sanitiser.clean(String(text))
            return normaliser.normalise(clean).applying(lexicon, written: clean).spoken
        }
        var output = ""
        if lines {
            var input = text.split(separator: "\n", omittingEmptySubsequences: false)
            if text.hasSuffix("\n") { input.removeLast() }
            for line in input {
                output += speak(line) + "\n"
            }
        } else {
            for paragraph in Self.paragraphs(text) where paragraph.utf8.contains(where: { $0 > 0x20 }) {
                output += speak(paragraph) + "\n\n"
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// Text between blank lines ("\n\n"), found on bytes.
    static func paragraphs(_ text: String) -> [Substring] {
        var paragraphs: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == 0x0A, next < utf8.endIndex, utf8[next] == 0x0A {
                paragraphs.append(text[start..<index])
                start = utf8.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        paragraphs.append(text[start...])
        return paragraphs
    }
}
