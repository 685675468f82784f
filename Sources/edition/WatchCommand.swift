import ArgumentParser
import AudioEdition
import Foundation

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Keep the episodes of a site's feeds up to date, pass after pass.",
        discussion: """
        Each pass asks every feed again (If-None-Match, If-Modified-Since): a new item becomes \
        an episode, a changed item (its content in the feed, or its page) is made again, \
        speaking only its changed segments, and an item that left the feed keeps its episode, \
        marked delisted in the manifest. The feed, playlist and pages are republished. A fetch \
        that fails is reported and the watch goes on; one line is printed a pass. SIGTERM or \
        Ctrl-C stops it cleanly. --once makes one pass, for cron and Kubernetes CronJobs, and \
        exits 1 if anything failed.
        """
    )

    @Argument(help: ArgumentHelp("Feed addresses: RSS 2.0, Atom or JSON Feed.", valueName: "feed-url"))
    var feeds: [String]

    @Option(help: ArgumentHelp("Time between passes: seconds, or 90s, 10m, 1h.", valueName: "interval"))
    var every = "10m"

    @Flag(help: "Make one pass and exit.")
    var once = false

    @Option(help: ArgumentHelp("Also make a daily briefing of the newest items with this briefing profile.", valueName: "profile"))
    var briefing: String?

    @Option(help: ArgumentHelp("Local time of day from which the daily briefing is made, HH:MM.", valueName: "time"))
    var briefingAt = "06:00"

    @Option(help: ArgumentHelp("Newest items the daily briefing reads.", valueName: "n"))
    var briefingStories = 10

    @OptionGroup var episode: EpisodeOptions

    func validate() throws {
        guard !feeds.isEmpty else { throw ValidationError("give at least one feed address") }
        for feed in feeds where !HTTPClient.isURL(feed) {
            throw ValidationError("'\(feed)' is not an http or https address; edition briefing reads feed files")
        }
        guard Self.seconds(every) != nil else { throw ValidationError("--every '\(every)' is not an interval such as 600, 90s, 10m or 1h") }
        guard Self.minutes(briefingAt) != nil else { throw ValidationError("--briefing-at '\(briefingAt)' is not a time HH:MM") }
        guard briefingStories >= 1 else { throw ValidationError("--briefing-stories must be 1 or more") }
    }

    /// "600", "90s", "10m", "1h" in seconds; at least one.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let scale = text.last.flatMap { units[$0] }
        guard let value = Double(scale == nil ? text : String(text.dropLast())), value.isFinite, value * (scale ?? 1) >= 1 else { return nil }
        return value * (scale ?? 1)
    }

    /// "06:00" as minutes after midnight.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    func run() throws {
        let runOptions = try episode.runOptions()
        var options = FeedWatcher.Options(feeds: feeds, run: runOptions)
        if let briefing {
            do {
                let library = try episode.voiceOptions.library()
                var chosen = try BriefingProfile.load(briefing, voices: library.folder)
                chosen.master = episode.master.applied(to: chosen.master)
                if let baseURL = episode.baseURL { chosen.feed.baseURL = baseURL }
                options.briefing = FeedWatcher.Briefing(profile: chosen, library: library, stories: briefingStories,
                                                        at: Self.minutes(briefingAt) ?? 360)
            } catch {
                report("\(error)")
                throw ExitCode.failure
            }
        }
        let watcher = FeedWatcher(options: options)
        let stop = Interrupt { watcher.cancel() }
        let interval = Self.seconds(every) ?? 600
        var number = 0
        while true {
            number += 1
            var failed = false
            do {
                let pass = try watcher.pass()
                failed = !pass.failures.isEmpty
                for failure in pass.failures { report(failure) }
                say(Self.line(pass, number: number))
            } catch {
                failed = true
                report("\(error)")
                say("\(UTCDates.iso8601(Date())) pass \(number): failed")
            }
            if once {
                if failed { throw ExitCode.failure }
                return
            }
            if stop.wait(seconds: interval) { return }
        }
    }

    /// A log line, written at once even when stdout is a pipe.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func line(_ pass: FeedWatcher.Pass, number: Int) -> String {
        "\(UTCDates.iso8601(Date())) pass \(number): \(pass.items) items, \(pass.new) new, \(pass.changed) changed, "
            + "\(pass.unchanged) unchanged, \(pass.delisted) no longer listed, \(pass.failures.count) failed"
            + (pass.briefing.map { ", briefing \($0)" } ?? "") + String(format: " (%.2f s)", pass.seconds)
    }
}
