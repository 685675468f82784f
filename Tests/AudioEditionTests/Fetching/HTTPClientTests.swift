import Foundation
import Testing
@testable import AudioEdition

/// The HTTP client's decisions that need no server; the fetches themselves are tested
/// against a site on 127.0.0.1 in Tests/Fetching.
@Suite struct HTTPClientTests {
    @Test func onlyHTTPAndHTTPSAreAddresses() {
        #expect(HTTPClient.isURL("https://example.org/a.html"))
        #expect(HTTPClient.isURL("HTTP://EXAMPLE.ORG/"))
        #expect(!HTTPClient.isURL("story.html"))
        #expect(!HTTPClient.isURL("./http://odd-name.txt"))
        #expect(HTTPClient.otherScheme("ftp://example.org/a") == "ftp")
        #expect(HTTPClient.otherScheme("file:///etc/passwd") == "file")
        #expect(HTTPClient.otherScheme("https://example.org/a") == nil)
        #expect(HTTPClient.otherScheme("notes/2024://draft.txt") == nil)
    }

    @Test func aFileNamedLikeAnotherSchemeIsRefusedWithoutTouchingTheDisk() {
        #expect(throws: ArticleError(path: "ftp://example.org/a", problem: .fetch(FetchError(url: "ftp://example.org/a", problem: .scheme("ftp"))))) {
            try SourceFile.load(path: "ftp://example.org/a")
        }
    }

    @Test func theMediaTypeAndCharsetAreParsedAsServersWriteThem() {
        #expect(HTTPClient.mediaType("text/html; charset=UTF-8") == ("text/html", "utf-8"))
        #expect(HTTPClient.mediaType("Text/HTML;charset=\"ISO-8859-1\"") == ("text/html", "iso-8859-1"))
        #expect(HTTPClient.mediaType("application/rss+xml") == ("application/rss+xml", nil))
        #expect(HTTPClient.mediaType("text/plain; format=flowed; charset=windows-1252") == ("text/plain", "windows-1252"))
    }

    @Test func theMediaTypeChoosesTheReader() {
        #expect(ArticleFormat(mediaType: "text/html") == .html)
        #expect(ArticleFormat(mediaType: "application/xhtml+xml") == .html)
        #expect(ArticleFormat(mediaType: "text/markdown") == .markdown)
        #expect(ArticleFormat(mediaType: "application/json") == .json)
        #expect(ArticleFormat(mediaType: "text/plain") == .text)
        #expect(ArticleFormat(mediaType: "image/png") == nil)
        #expect(FeedReader.isFeedType("application/atom+xml"))
        #expect(!FeedReader.isFeedType("text/html"))
    }

    @Test func aServedCharsetComesBeforeThePagesOwnUnlessTheBytesAreUTF8() {
        let latin = Array("<meta charset=\"utf-8\"><p>caf".utf8) + [0xE9]
        #expect(HTMLDocument.forcedEncoding(latin, served: "iso-8859-1") == "CP1252")
        #expect(HTMLDocument.forcedEncoding(latin, served: " KOI8-R ") == "KOI8-R")
        #expect(HTMLDocument.forcedEncoding(latin, served: "x-sjis") == "CP932")
        #expect(HTMLDocument.forcedEncoding(Array("<p>café</p>".utf8), served: "iso-8859-1") == "UTF-8")
        // A label the web does not know is passed over, as browsers pass it over: the page's own decides.
        #expect(HTMLDocument.forcedEncoding(latin, served: "klingon") == nil)
    }

    /// A page's own declaration is read with the web's labels too, which libxml2 alone does not know.
    @Test(arguments: [("<meta charset=\"x-sjis\">", "CP932"), ("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=koi8-u\">", "KOI8-U"),
                      ("<meta charset='latin1'>", "CP1252"), ("<meta charset=\"utf-16\">", "UTF-8"), ("<meta charset=\"utf-8\">", nil),
                      ("<meta charset=\"klingon\">", nil), ("<meta name=\"x\">", "CP1252")] as [(String, String?)])
    func aPagesOwnCharsetIsReadAsTheWebReadsIt(head: String, encoding: String?) {
        #expect(HTMLDocument.forcedEncoding(Array("<html><head>\(head)</head><p>caf".utf8) + [0xE9]) == encoding)
    }

    @Test func onlyA404OrA410SaysTheSourceIsGone() {
        #expect(FetchError(url: "u", problem: .status(404, "Not Found")).isGone)
        #expect(FetchError(url: "u", problem: .status(410, "Gone")).isGone)
        #expect(!FetchError(url: "u", problem: .status(500, "Internal Server Error")).isGone)
        #expect(!FetchError(url: "u", problem: .transfer("Could not resolve host")).isGone)
        #expect(FetchError(url: "https://a/b", problem: .status(404, "Not Found")).description == "https://a/b: HTTP 404 Not Found")
    }
}
