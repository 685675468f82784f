import AudioEdition
import Foundation

/// What a run shows while it works. On a terminal, one line on stderr is rewritten in place:
/// episodes and segments done out of the total, seconds of audio made, and the time left.
/// Otherwise, or with `--quiet`, nothing until the summary. Results go to stdout, one line
/// an episode, and errors to stderr as they happen. `NO_COLOR` turns off the dimmed line.
final class Progress: @unchecked Sendable {
    private let live: Bool
    private let colour: Bool
    private let lock = NSLock()
    private let started = Date()
    private var totals = EditionRun.Totals()
    private var episodesDone = 0
    private var segmentsDone = 0
    private var charactersDone = 0
    private var audio = 0.0
    private var shown = false
    private var lastDrawn = Date.distantPast

    init(live: Bool, colour: Bool) {
        self.live = live
        self.colour = colour
    }

    func handle(_ event: EditionRun.Event) {
        lock.withLock {
            switch event {
            case let .planned(next):
                totals = next
                segmentsDone = max(segmentsDone, 0)
            case let .spoken(characters, seconds):
                segmentsDone += 1
                charactersDone += characters
                audio += seconds
            case let .finished(outcome, _):
                episodesDone += 1
                clearLine()
                switch outcome {
                case let .rendered(episode):
                    let seconds = episode.files.first.map { String(format: "%.1f", $0.duration) } ?? "0"
                    FileHandle.standardOutput.write(Data("\(episode.id): revision \(episode.revision), \(seconds) s: \(episode.files.map(\.path).joined(separator: ", "))\n".utf8))
                case let .upToDate(episode):
                    FileHandle.standardOutput.write(Data("\(episode.id): up to date (revision \(episode.revision))\n".utf8))
                }
            case let .failed(path, message):
                let path = FileNameBytes.display(path)
                episodesDone += 1
                clearLine()
                let text = message.hasPrefix(path) || message.hasPrefix("no article text found") ? message : "\(path): \(message)"
                FileHandle.standardError.write(Data("edition: error: \(text)\n".utf8))
            }
            draw()
        }
    }

    func clear() { lock.withLock { clearLine() } }

    func finish(_ summary: EditionRun.Summary, workers: Int, timings: Bool) {
        lock.withLock {
            clearLine()
            // An article with several failed segments failed once.
            var failed: [String] = []
            for failure in summary.failures where !failed.contains(failure.path) { failed.append(failure.path) }
            var line = "edition: \(summary.rendered.count) made, \(summary.upToDate.count) up to date, \(failed.count) failed"
            if !failed.isEmpty {
                line += " (" + failed.map(FileNameBytes.display).joined(separator: ", ") + ")"
            }
            line += String(format: "; %d segments spoken, %d from the cache; %.1f s of audio in %.1f s",
                           summary.segmentsSpoken, summary.segmentsCached, summary.audioSeconds, summary.wall)
            if summary.workersReplaced > 0 { line += "; \(summary.workersReplaced) worker(s) replaced" }
            if summary.cancelled { line += "; interrupted, the manifest lists what was completed" }
            var text = line + "\n"
            if timings {
                text += String(format: "edition: timings: reading and planning %.3f s; in %d worker(s), speaking %.3f s and writing the cache %.3f s; assembling and encoding %.3f s; wall %.3f s (times summed over threads)\n",
                               summary.planning, workers, summary.speaking, summary.storing, summary.encoding, summary.wall)
            }
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    private func draw() {
        guard live, Date().timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = Date()
        let elapsed = Date().timeIntervalSince(started)
        let left = charactersDone > 0 ? elapsed * Double(max(0, totals.characters - charactersDone)) / Double(charactersDone) : 0
        var line = String(format: "%d/%d episodes, %d/%d segments, %.0f s of audio, %@ left",
                          episodesDone, totals.episodes, segmentsDone + totals.cached, totals.segments, audio, Self.clock(left))
        if colour { line = "\u{1B}[2m" + line + "\u{1B}[0m" }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        shown = true
    }

    private func clearLine() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }

    private static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
