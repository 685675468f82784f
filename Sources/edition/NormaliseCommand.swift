import ArgumentParser
import AudioEdition
import Foundation

struct NormaliseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalise",
        abstract: "Print text as it will be spoken: numbers, dates, money, abbreviations read out.",
        discussion: """
        With --lines, reads standard input and prints exactly one spoken line for each line \
        read, in order (the contract of tn_eval.py). The pronunciation lexicon is applied \
        later, by the voice, and is not shown here.
        """
    )

    @Argument(help: ArgumentHelp("A text file to normalise (default: standard input).", valueName: "path"))
    var path: String?

    @Flag(help: "One spoken line for each input line.")
    var lines = false

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
        let normaliser = Normaliser.english
        var output = ""
        if lines {
            var input = text.split(separator: "\n", omittingEmptySubsequences: false)
            if text.hasSuffix("\n") { input.removeLast() }
            for line in input {
                output += normaliser.normalise(Sanitiser.clean(String(line))).spoken + "\n"
            }
        } else {
            for paragraph in text.components(separatedBy: "\n\n") where !paragraph.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                output += normaliser.normalise(Sanitiser.clean(paragraph)).spoken + "\n\n"
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
