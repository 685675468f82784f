import ArgumentParser
import AudioEdition

/// `--loudness`, `--true-peak` and `--bitrate`, shared by every command that masters. A
/// value left out keeps the default it is applied to (a briefing profile's, or -16 LUFS,
/// -1 dBTP and 64 kbps).
struct MasterOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Integrated loudness target, LUFS, dual mono (default -16; -23 for broadcast).", valueName: "lufs"))
    var loudness: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("True-peak ceiling, dBTP (default -1).", valueName: "db"))
    var truePeak: Double?

    @Option(help: ArgumentHelp("MP3 bitrate, kbps, constant (default 64).", valueName: "kbps"))
    var bitrate: Int?

    func validate() throws {
        if let bitrate, !MasterSettings.mp3Bitrates.contains(bitrate) {
            throw ValidationError("--bitrate \(bitrate) is not an MP3 bitrate; choose from \(MasterSettings.mp3Bitrates.map(String.init).joined(separator: ", "))")
        }
        if let loudness, !MasterSettings.loudnessRange.contains(loudness) { throw ValidationError("--loudness must be from -40 to -5 LUFS") }
        if let truePeak, !MasterSettings.truePeakRange.contains(truePeak) { throw ValidationError("--true-peak must be from -9 to 0 dBTP") }
    }

    func applied(to settings: MasterSettings = MasterSettings()) -> MasterSettings {
        var settings = settings
        if let loudness { settings.loudness = loudness }
        if let truePeak { settings.truePeak = truePeak }
        if let bitrate { settings.mp3Bitrate = bitrate }
        return settings
    }
}
