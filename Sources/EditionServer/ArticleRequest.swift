import Foundation

/// What a CMS asked for: an article by address or inline (HTML, page text or Markdown, with
/// its canonical address beside it), and how it should sound and be mastered. The body of
/// `POST /v1/articles`, kept in the job as it was accepted.
public struct ArticleRequest: Codable, Sendable, Equatable {
    public var url: String?
    public var html: String?
    public var text: String?
    public var markdown: String?
    public var voice: String?
    public var language: String?
    public var formats: [String]?
    public var loudness: Double?
    public var truePeak: Double?
    public var bitrate: Int?

    public init(url: String? = nil) {
        self.url = url
    }

    /// The inline article, by the field that carries it.
    public var inline: (field: String, content: String)? {
        if let html { return ("html", html) }
        if let text { return ("text", text) }
        if let markdown { return ("markdown", markdown) }
        return nil
    }
}
