import Foundation

extension SourceFile {
    /// Fetches an http(s) source and checks it as a file is checked. The response's media type
    /// must be one an article or a feed comes in (or none, when the bytes decide); text that
    /// is not HTML is converted to UTF-8 from the charset the server names, and a page keeps its
    /// bytes for the HTML reader, which is told the charset. Returns nil when the server says
    /// the source has not changed since `validators`.
    public static func fetch(_ url: String, client: HTTPClient, unless validators: HTTPValidators? = nil) throws(ArticleError) -> SourceFile? {
        let response: HTTPResponse
        do {
            response = try client.get(url, unless: validators)
        } catch {
            throw ArticleError(path: url, problem: .fetch(error))
        }
        if response.notModified { return nil }
        if let type = response.contentType, ArticleFormat(mediaType: type) == nil, !FeedReader.isFeedType(type) {
            throw ArticleError(path: url, problem: .contentType(type))
        }
        var data = response.body
        if response.contentType.map({ ArticleFormat(mediaType: $0) != .html }) ?? false,
           let label = response.charset {
            guard let charset = Charset.labelled(label) else {
                throw ArticleError(path: url, problem: .unreadable("it was served with the charset \"\(label)\", which is no charset the web knows"))
            }
            // Bytes that are valid UTF-8 are UTF-8 whatever the label says, as for pages
            // (`HTMLDocument.forcedEncoding`); UTF-16's bytes rarely are, and its label decides.
            do {
                if String(data: data, encoding: .utf8) == nil || charset.name.hasPrefix("UTF-16") {
                    data = Data(try charset.decode(data).utf8)
                }
            } catch {
                throw ArticleError(path: url, problem: .unreadable("the \(charset.name) text it was served as could not be decoded: \(error)"))
            }
        }
        guard !data.isEmpty else { throw ArticleError(path: url, problem: .empty) }
        try SourceText.checkText(data, path: url)
        return SourceFile(path: url, data: data, sha256: SHA256.hex(response.body), contentType: response.contentType,
                          charset: response.charset, validators: response.validators,
                          contentLanguage: response.contentLanguage?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// Whether the file is a feed: by the type it was served as, and otherwise by its first
    /// bytes (a file; a JSON Feed, served as JSON). A page served as HTML is a page.
    public var isFeed: Bool {
        if let type = contentType {
            if FeedReader.isFeedType(type) { return true }
            if ArticleFormat(mediaType: type) == .html { return false }
        }
        return FeedReader.isFeed(data)
    }
}

extension ArticleFormat {
    /// The format a response's media type names; nil for one that is no article format.
    public init?(mediaType: String) {
        switch mediaType {
        case "text/html", "application/xhtml+xml": self = .html
        case "text/plain": self = .text
        case "text/markdown", "text/x-markdown": self = .markdown
        case "application/json": self = .json
        default: return nil
        }
    }
}

extension FeedReader {
    /// Media types feeds are served as.
    public static func isFeedType(_ mediaType: String) -> Bool {
        ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml", "text/xml", "application/rdf+xml"]
            .contains(mediaType)
    }
}
