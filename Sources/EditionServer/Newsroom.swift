import AudioEdition
import Foundation

/// What the server does with the work it accepts, given by the command that starts it:
/// it knows the voices, formats and mastering a run takes.
public protocol Newsroom: Sendable {
    /// Refuses a request that `edition article` would refuse, with its message.
    func check(_ request: ArticleRequest) throws(RequestRefused)
    /// Refuses a briefing that `edition briefing` would refuse, with its message.
    func check(_ briefing: BriefingRequest) throws(RequestRefused)
    /// Makes the job's episode, or its next revision, and returns the episode's id and
    /// whether it was published now (false when it was already up to date).
    func perform(_ job: Job) throws -> (episode: String, published: Bool)
    /// Removes an episode, its files and pages, and publishes the folder again; false when
    /// there is no such episode.
    func delete(episode id: String) throws -> Bool
    /// The queue's job for an accepted request (`--queue`), an article's or a briefing's:
    /// an inline article is written into the output folder, which every worker mounts.
    func queued(_ request: ArticleRequest, briefing: BriefingRequest?) throws -> JobRequest
}

/// A request refused before it is accepted: `400` for a body that is not a request, `422`
/// for a request that names what cannot be done (an unknown voice, an article with no text).
public struct RequestRefused: Error, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
