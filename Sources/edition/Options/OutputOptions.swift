import ArgumentParser
import AudioEdition
import Foundation

/// Where a command that makes episodes writes them, in which formats, and how long it
/// waits for another run writing the same folder.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output = "Output"

    @Option(help: ArgumentHelp("Comma-separated formats: \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "list"))
    var format = "mp3,flac"

    @Option(help: ArgumentHelp("Seconds to wait for another run writing the same output folder.", valueName: "s"))
    var wait = 30.0

    var folder: OutputFolder { OutputFolder(URL(fileURLWithPath: output)) }

    var formats: [AudioFormat] {
        get throws { try parseFormats(format, from: AudioFormat.allCases) }
    }

    func validate() throws {
        _ = try formats
    }
}
