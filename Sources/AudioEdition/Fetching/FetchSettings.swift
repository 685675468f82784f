import Foundation

/// How sources are fetched: limits, and headers for sites that need a token.
public struct FetchSettings: Sendable, Equatable {
    /// Extra request headers, `Name: value`.
    public var headers: [String] = []
    public var connectTimeout = 10.0
    /// Seconds for the whole transfer, redirects included.
    public var timeout = 60.0
    /// Bytes of (decoded) body; an article is never larger.
    public var maxBytes = SourceText.sizeLimit
    public var maxRedirects = 5

    public static let userAgent = "AudioEdition/1.0 (spoken editions of news articles; offline text to speech)"

    public init(headers: [String] = [], timeout: Double = 60) {
        self.headers = headers
        self.timeout = timeout
    }
}
