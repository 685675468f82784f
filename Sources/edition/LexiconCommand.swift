import ArgumentParser
import AudioEdition
import Foundation

struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Import and export W3C PLS pronunciation lexicons.",
        subcommands: [Import.self, Export.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a PLS 1.0 file into the Voices folder's lexicon for its xml:lang.",
            discussion: """
            Takes <alias> and <phoneme> entries (IPA or X-SAMPA, converted to espeak-ng's \
            phoneme mnemonics; an IPA symbol English has no phoneme for becomes the nearest \
            one), several graphemes a lexeme. A word already in the lexicon is replaced where \
            it stands; new words are appended. A file with any problem is refused whole, \
            naming its line, and the lexicon is left as it was; with --skip-bad, a lexeme that \
            cannot be taken is left out and reported, and the rest are imported.
            """
        )

        @Argument(help: ArgumentHelp("The PLS file.", valueName: "file.pls"))
        var file: String

        @Flag(help: "Import the lexemes that can be taken, and report each one left out.")
        var skipBad = false

        @OptionGroup var voiceOptions: VoiceOptions

        func run() throws {
            let library = try voiceOptions.library()
            do {
                let pls = try PLSLexicon.read(path: file, skipBad: skipBad)
                for problem in pls.skipped { inform("skipped \(problem.description)") }
                let result = try library.importLexicon(pls, from: file)
                let skipped = pls.skipped.isEmpty ? "" : ", \(pls.skipped.count) lexemes skipped"
                print("\(file): \(pls.entries.count) words into \(result.file.path) (\(result.added) added, \(result.replaced) replaced\(skipped))")
            } catch {
                report(error.description)
                throw ExitCode.failure
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a language's lexicon as a PLS 1.0 file.",
            discussion: "Respellings become <alias>, phonemes become IPA <phoneme>."
        )

        @Option(help: ArgumentHelp("Language of the lexicon file (lexicon/<language>.tsv).", valueName: "language"))
        var language = "en"

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        @OptionGroup var voiceOptions: VoiceOptions

        func run() throws {
            let library = try voiceOptions.library()
            do {
                let document = try library.exportLexicon(language: language)
                if let output {
                    let url = URL(fileURLWithPath: output)
                    try AtomicFile.write(Data(document.utf8), to: url, scratch: url.deletingLastPathComponent())
                } else {
                    FileHandle.standardOutput.write(Data(document.utf8))
                }
            } catch let error as LexiconError {
                report(error.description)
                throw ExitCode.failure
            } catch {
                report("\(output ?? "-"): \(error)")
                throw ExitCode.failure
            }
        }
    }
}
