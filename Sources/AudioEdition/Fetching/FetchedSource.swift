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
           let charset = response.charset, String(data: data, encoding: .utf8) == nil {
            guard let encoding = Self.encoding(charset), let text = String(data: data, encoding: encoding) else {
                throw ArticleError(path: url, problem: .unreadable("the \(charset) text it was served as could not be decoded"))
            }
            data = Data(text.utf8)
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

    /// The charsets besides UTF-8 that news sites still serve text in.
    static func encoding(_ charset: String) -> String.Encoding? {
        switch charset.lowercased() {
        case "utf-8", "utf8": .utf8
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1": .isoLatin1
        case "windows-1252", "cp1252": .windowsCP1252
        case "us-ascii", "ascii": .ascii
        case "utf-16": .utf16
        case "utf-16le": .utf16LittleEndian
        case "utf-16be": .utf16BigEndian
        case "iso-8859-2", "latin2": .isoLatin2
        case "windows-1251", "cp1251": .windowsCP1251
        case "windows-1250", "cp1250": .windowsCP1250
        default: nil
        }
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
