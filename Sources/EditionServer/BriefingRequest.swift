import Foundation

/// What a CMS asks of a briefing: its stories (addresses, or articles inline as
/// `POST /v1/articles` takes them), and the options `edition briefing` takes. The body of
/// `POST /v1/briefings`.
public struct BriefingRequest: Codable, Sendable, Equatable {
    @AddressesOrArticles public var sources: [ArticleRequest]
    public var title: String?
    public var date: String?
    public var summary: Int?
    public var maxStories: Int?
    public var profile: String?
    public var language: String?
    public var formats: [String]?
    public var loudness: Double?
    public var truePeak: Double?
    public var bitrate: Int?
}

/// A briefing's sources as a CMS may write them: each an address, or an article object;
/// kept, and journaled, as article requests.
@propertyWrapper
public struct AddressesOrArticles: Codable, Sendable, Equatable {
    public var wrappedValue: [ArticleRequest]

    public init(wrappedValue: [ArticleRequest]) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        var sources: [ArticleRequest] = []
        while !list.isAtEnd {
            if let url = try? list.decode(String.self) {
                sources.append(ArticleRequest(url: url))
            } else {
                sources.append(try list.decode(ArticleRequest.self))
            }
        }
        wrappedValue = sources
    }

    public func encode(to encoder: any Encoder) throws { try wrappedValue.encode(to: encoder) }
}
