import ArgumentParser
import AudioEdition
import Foundation

/// `edition master`: the mastering a briefing gets, on any 16-bit mono WAV or FLAC.
struct MasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "master",
        abstract: "Master a mono WAV or FLAC for podcasts: loudness, true peak, resampling, MP3 and Opus.",
        discussion: """
        Measures integrated loudness as dual mono, applies one gain to reach --loudness, \
        limits the true peak to --true-peak, resamples with libsoxr (44.1 kHz MP3, 48 kHz \
        Opus) and encodes each format as <output>/<name>.<format>.
        """
    )

    @Argument(help: ArgumentHelp("A 16-bit mono WAV or FLAC.", valueName: "path"))
    var path: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output = "Output"

    @Option(help: ArgumentHelp("Comma-separated: mp3, opus, flac, wav.", valueName: "list"))
    var format = "mp3"

    @OptionGroup var master: MasterOptions

    @Option(help: ArgumentHelp("Title tag.", valueName: "text"))
    var title: String?

    func run() throws {
        let formats = try parseFormats(format, from: AudioFormat.allCases)
        let source = URL(fileURLWithPath: path)
        let folder = URL(fileURLWithPath: output)
        let stem = source.deletingPathExtension().lastPathComponent
        let finals = formats.map { folder.appendingPathComponent("\(stem).\($0.fileExtension)") }
        // Written under temporary names and renamed into place only when all are whole.
        let temporaries = finals.map { $0.deletingLastPathComponent().appendingPathComponent(".\($0.lastPathComponent).tmp") }
        do {
            _ = try SoundFile(readingFrom: source)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let result = try Mastering.master(source: source, outputs: Array(zip(formats, temporaries)),
                                              tags: AudioTags(title: title ?? stem, album: "AudioEdition"),
                                              chapters: [], settings: master.applied())
            for (temporary, final) in zip(temporaries, finals) { try AtomicFile.move(temporary, to: final) }
            print(String(format: "%@: %.1f LUFS in, gain %+.1f dB, %.1f LUFS and %.1f dBTP out", stem, result.inputLoudness, result.gain,
                         result.loudness, result.truePeak))
        } catch {
            for temporary in temporaries { try? FileManager.default.removeItem(at: temporary) }
            let message = "\(error)"
            report(message.hasPrefix(path) ? message : "\(path): \(message)")
            throw ExitCode.failure
        }
    }
}
