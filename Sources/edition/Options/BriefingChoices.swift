import ArgumentParser
import AudioEdition

/// What a briefing is called and reads, shared by `briefing` and `queue add briefing`.
struct BriefingChoices: ParsableArguments {
    @Option(help: ArgumentHelp("Title (default: the profile's).", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("Date of the briefing, YYYY-MM-DD (default: the day it is made, UTC).", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("Read only the first N paragraphs of each story.", valueName: "n"))
    var summary: Int?

    @Option(help: ArgumentHelp("Read at most N stories, the first given (default: the profile's maxStories, else \(BriefingProfile.defaultMaxStories)).", valueName: "n"))
    var maxStories: Int?

    func validate() throws {
        if let date, !DateFinder.isoDateIsValid(date) {
            throw ValidationError("--date '\(date)' is not a date in the form YYYY-MM-DD")
        }
        if let summary, summary < 1 { throw ValidationError("--summary must be 1 or more") }
        if let maxStories, maxStories < 1 { throw ValidationError("--max-stories must be 1 or more") }
    }
}
