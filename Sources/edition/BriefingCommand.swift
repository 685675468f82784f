import ArgumentParser
import AudioEdition
import Foundation

struct BriefingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "Make one mastered episode from many stories: intro, transitions, chapters, outro.",
        discussion: """
        A source is an article file, a folder of them, or a feed (RSS 2.0, Atom or JSON \
        Feed) whose items carry their content or summary; stories keep the given order. \
        Writes <output>/<id>/<id>-r<revision>.<format>, a WebVTT transcript and JSON \
        chapters beside them, the manifest entry, playlist.m3u8 and feed.xml.
        """
    )

    @Argument(help: ArgumentHelp("Article files, folders of them, feed files, or http(s) addresses of feeds or pages.", valueName: "source"))
    var sources: [String]

    @OptionGroup var fetch: FetchOptions

    @OptionGroup var language: LanguageOption

    @OptionGroup var choices: BriefingChoices

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Briefing profile, from <voices>/briefings/.", valueName: "name"))
    var profile = "morning"

    @OptionGroup var master: MasterOptions

    @Option(help: ArgumentHelp("URL the output folder is served from, for feed.xml (default: the profile's).", valueName: "url"))
    var baseURL: String?

    @OptionGroup var voiceOptions: VoiceOptions

    @OptionGroup var speech: SpeechOptions

    func validate() throws {
        guard !sources.isEmpty else { throw ValidationError("give at least one source") }
    }

    func run() throws {
        let library = try voiceOptions.library()
        var chosen: BriefingProfile
        do {
            chosen = try BriefingProfile.load(profile, voices: library.folder)
        } catch {
            report("\(error)")
            throw ExitCode.failure
        }
        chosen.master = master.applied(to: chosen.master)
        if let baseURL { chosen.feed.baseURL = baseURL }
        let folder = output.folder
        let editor = BriefingEditor(output: folder, cache: speech.segmentCache(for: folder), library: library, speaking: speech.pool())
        var skipped: [BriefingEditor.Skipped] = []
        do {
            var request = BriefingEditor.Request(sources: sources, title: choices.title, date: choices.date, summary: choices.summary,
                                                 formats: try output.formats, profile: chosen)
            request.lockWait = output.wait
            request.fetch = fetch.settings
            request.language = language.tag
            request.maxStories = choices.maxStories
            let outcome = try editor.make(request, skipped: &skipped)
            if let capped = editor.capped {
                inform("the sources give \(capped.found) stories; reading the first \(capped.read) (--max-stories, or maxStories in the briefing profile, changes it)")
            }
            for item in skipped { report("\(item)") }
            switch outcome {
            case let .made(episode):
                let seconds = episode.files.first.map { String(format: "%.1f", $0.duration) } ?? "0"
                print("\(episode.id): revision \(episode.revision), \(seconds) s, \(episode.stories?.count ?? 0) stories: \(episode.files.map(\.path).joined(separator: ", "))")
                if let master = episode.master {
                    FileHandle.standardError.write(Data(String(format: "edition: mastered %.1f LUFS (target %.1f), true peak %.1f dBTP\n",
                                                               master.loudness, master.target, master.truePeak).utf8))
                }
            case let .upToDate(episode):
                print("\(episode.id): up to date (revision \(episode.revision))")
            case let .wouldMake(id, segments, characters, rate):
                print("\(id): would speak \(segments) segments, about \(Int(Double(characters) / 6 / Double(rate) * 60)) s of audio")
            }
        } catch {
            for item in skipped { report("\(item)") }
            report("\(error)")
            throw ExitCode.failure
        }
        if !skipped.isEmpty { throw ExitCode.failure }
    }
}

