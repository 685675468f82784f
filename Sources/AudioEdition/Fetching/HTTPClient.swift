import CCurl
import Foundation

/// What a server said about a response's version, to ask again conditionally.
public struct HTTPValidators: Codable, Sendable, Equatable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    public var isEmpty: Bool { etag == nil && lastModified == nil }
}

public struct HTTPResponse: Sendable {
    /// The address asked for, and the one answered after redirects.
    public var url: String
    public var finalURL: String
    public var status: Int
    /// The media type, lowercased, without parameters: `text/html`.
    public var contentType: String?
    public var charset: String?
    public var contentLanguage: String?
    public var validators: HTTPValidators
    /// Decoded (gzip, deflate) body; empty for a 304.
    public var body: Data

    public var notModified: Bool { status == 304 }
}

/// Why a fetch failed: the URL and the cause, with the HTTP status or libcurl's own message.
public struct FetchError: Error, CustomStringConvertible, Equatable {
    public enum Problem: Equatable, Sendable {
        case scheme(String)
        case status(Int, String)
        case tooLarge(limit: Int)
        case transfer(String)
    }

    public var url: String
    public var problem: Problem

    public init(url: String, problem: Problem) {
        self.url = url
        self.problem = problem
    }

    public var reason: String {
        switch problem {
        case let .scheme(scheme): "only http and https addresses can be fetched, not \(scheme)"
        case let .status(code, phrase): "HTTP \(code)" + (phrase.isEmpty ? "" : " \(phrase)")
        case let .tooLarge(limit): "the response is over the \(limit)-byte limit for an article"
        case let .transfer(message): message
        }
    }

    public var description: String { "\(url): \(reason)" }

    /// The server says the source is gone (404, 410), as opposed to a failure to reach it.
    public var isGone: Bool {
        if case let .status(code, _) = problem { return code == 404 || code == 410 }
        return false
    }
}

/// The only user of libcurl: one easy handle, owned here and cleaned up in `deinit`, reused
/// across fetches so a pass over one site keeps its connection. Only http and https, at most
/// `maxRedirects` redirects, connect and total timeouts, a body limit, gzip and deflate
/// decoded. No pointer leaves this file. Fetches on one client run one at a time.
public final class HTTPClient: @unchecked Sendable {
    public let settings: FetchSettings
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let lock = NSLock()

    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    public init(settings: FetchSettings = FetchSettings()) throws(FetchError) {
        guard Self.initialised, let handle = curl_easy_init() else {
            throw FetchError(url: "", problem: .transfer("libcurl could not start"))
        }
        self.settings = settings
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Whether a source names an http or https address rather than a file.
    public static func isURL(_ source: String) -> Bool {
        let lowered = source.prefix(8).lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    /// `ftp://x`, `file:///x`: an address with another scheme, refused rather than read as a file name.
    public static func otherScheme(_ source: String) -> String? {
        guard let colon = source.range(of: "://") else { return nil }
        let scheme = source[..<colon.lowerBound]
        guard !scheme.isEmpty, scheme.count <= 10, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "+") }),
              !isURL(source) else { return nil }
        return String(scheme)
    }

    /// GETs `url`. With `validators`, asks `If-None-Match` / `If-Modified-Since`, and a 304
    /// comes back as a response whose `notModified` is true. Any other status outside 2xx is
    /// an error.
    public func get(_ url: String, unless validators: HTTPValidators? = nil) throws(FetchError) -> HTTPResponse {
        var headers = settings.headers + ["Accept: text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/json, text/markdown, text/plain;q=0.9, */*;q=0.1"]
        if let etag = validators?.etag { headers.append("If-None-Match: \(etag)") }
        if let lastModified = validators?.lastModified { headers.append("If-Modified-Since: \(lastModified)") }
        let (status, finalURL, transfer) = try perform(url, headers: headers) { handle in
            [
                ae_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1),
                ae_curl_set_long(handle, CURLOPT_MAXREDIRS, settings.maxRedirects),
                // Empty: every encoding libcurl can decode (gzip and deflate at least) is offered and decoded.
                ae_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, ""),
            ]
        }
        let notModified = status == 304 && validators.map { !$0.isEmpty } == true
        guard (200..<300).contains(status) || notModified else {
            throw FetchError(url: url, problem: .status(status, transfer.reasonPhrase))
        }
        let type = transfer.headers["content-type"].map(Self.mediaType)
        return HTTPResponse(url: url, finalURL: finalURL, status: status, contentType: type?.type, charset: type?.charset,
                            contentLanguage: transfer.headers["content-language"],
                            validators: HTTPValidators(etag: transfer.headers["etag"], lastModified: transfer.headers["last-modified"]),
                            body: notModified ? Data() : transfer.body)
    }

    /// POSTs `body` to `url` with `headers` (a webhook), following no redirect; the status,
    /// which the caller judges.
    public func post(_ url: String, body: Data, headers: [String]) throws(FetchError) -> Int {
        // libcurl reads the body from this buffer during the transfer, which it outlives.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, body.count), alignment: 1)
        defer { buffer.deallocate() }
        body.copyBytes(to: buffer)
        return try perform(url, headers: settings.headers + headers) { handle in
            [
                ae_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)),
                ae_curl_set_pointer(handle, CURLOPT_POSTFIELDS, buffer.baseAddress),
            ]
        }.status
    }

    /// One transfer on the handle, reset first: the options every request has, then
    /// `options`'. Returns the status, the address it ended at, and what came back.
    private func perform(_ url: String, headers: [String], options: (UnsafeMutableRawPointer) -> [CURLcode])
        throws(FetchError) -> (status: Int, finalURL: String, transfer: Transfer) {
        if let scheme = Self.otherScheme(url) { throw FetchError(url: url, problem: .scheme(scheme)) }
        guard Self.isURL(url) else { throw FetchError(url: url, problem: .scheme("a file name")) }
        lock.lock()
        defer { lock.unlock() }
        let transfer = Transfer(limit: settings.maxBytes)
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }

        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let user = Unmanaged.passUnretained(transfer).toOpaque()
        let set = [
            ae_curl_set_string(handle, CURLOPT_URL, url),
            ae_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            ae_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            ae_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000)),
            ae_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000)),
            ae_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
            ae_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(settings.maxBytes)),
            ae_curl_set_string(handle, CURLOPT_USERAGENT, FetchSettings.userAgent),
            ae_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)),
            ae_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)),
            ae_curl_set_function(handle, CURLOPT_WRITEFUNCTION, receiveBody),
            ae_curl_set_pointer(handle, CURLOPT_WRITEDATA, user),
            ae_curl_set_function(handle, CURLOPT_HEADERFUNCTION, receiveHeader),
            ae_curl_set_pointer(handle, CURLOPT_HEADERDATA, user),
        ] + options(handle)
        if let failed = set.first(where: { $0 != CURLE_OK }) {
            throw FetchError(url: url, problem: .transfer(String(cString: curl_easy_strerror(failed))))
        }
        let code = withExtendedLifetime(transfer) { curl_easy_perform(handle) }
        if transfer.overLimit || code == CURLE_FILESIZE_EXCEEDED {
            throw FetchError(url: url, problem: .tooLarge(limit: settings.maxBytes))
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
            throw FetchError(url: url, problem: .transfer(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail))
        }
        var status = 0
        _ = ae_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        _ = ae_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        return (status, effective.map { String(cString: $0) } ?? url, transfer)
    }

    /// `text/html; charset="ISO-8859-1"` → (`text/html`, `iso-8859-1`).
    static func mediaType(_ header: String) -> (type: String, charset: String?) {
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let charset = parts.dropFirst().first { $0.lowercased().hasPrefix("charset=") }.map {
            $0.dropFirst(8).trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")).lowercased()
        }
        return ((parts.first ?? "").lowercased(), charset.flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// One transfer's body and the headers of its last response (a redirect's are dropped).
private final class Transfer {
    let limit: Int
    var body = Data()
    var overLimit = false
    var headers: [String: String] = [:]
    var reasonPhrase = ""

    init(limit: Int) { self.limit = limit }
}

/// libcurl's write callback: a plain function that finds its transfer through `user`.
private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let bytes = size * count
    guard transfer.body.count + bytes <= transfer.limit else {
        transfer.overLimit = true
        return 0  // anything but `bytes` stops the transfer
    }
    if let data, bytes > 0 { data.withMemoryRebound(to: UInt8.self, capacity: bytes) { transfer.body.append($0, count: bytes) } }
    return bytes
}

/// libcurl's header callback, one line at a time; a status line starts a new response.
private func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    let bytes = size * count
    guard let user, let data else { return bytes }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let line = data.withMemoryRebound(to: UInt8.self, capacity: bytes) {
        String(decoding: UnsafeBufferPointer(start: $0, count: bytes), as: UTF8.self)
    }.trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        transfer.headers = [:]
        transfer.reasonPhrase = line.split(separator: " ", maxSplits: 2).dropFirst(2).first.map(String.init) ?? ""
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        transfer.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return bytes
}
