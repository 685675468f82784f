import Foundation

/// Why a source file cannot be read as an article. Every message names the file.
public struct ArticleError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case missing
        case unreadable(String)
        case notAFile
        /// A FIFO, socket or device ("a FIFO (named pipe)").
        case special(String)
        case tooLarge(bytes: Int, limit: Int)
        case empty
        case binary
        case utf16
        case invalidUTF8(line: Int, byteOffset: Int)
        case noWords
        case noArticleText
        case malformed(format: String, reason: String)
        case fetch(FetchError)
        case contentType(String)
        case isFeed
    }

    public var path: String
    public var problem: Problem
    /// The line of `path` the problem is on, where the parser says (strict XML).
    public var line: Int?

    public init(path: String, problem: Problem, line: Int? = nil) {
        self.path = path
        self.problem = problem
        self.line = line
    }

    public var description: String {
        let path = FileNameBytes.display(path)
        if problem == .noArticleText { return "no article text found in \(path)" }
        return "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)"
    }

    /// The problem in words, without the path.
    public var reason: String {
        switch problem {
        case .missing: "no such file"
        case let .unreadable(reason): "cannot read file: \(reason)"
        case .notAFile: "is a directory, not an article file"
        case let .special(kind): "is \(kind), not an article file"
        case let .tooLarge(bytes, limit): "file is \(bytes) bytes, over the \(limit)-byte limit for an article"
        case .empty: "file is empty"
        case .binary: "looks like a binary file, not text"
        case .utf16: "is UTF-16 text (it starts with a UTF-16 byte-order mark); convert it to UTF-8 with iconv first"
        case let .invalidUTF8(line, offset): "not valid UTF-8 (first bad byte at offset \(offset), line \(line)); convert it with iconv first"
        case .noWords: "no words to speak"
        case .noArticleText: "no article text found"
        case let .malformed(format, reason): "not readable as \(format): \(reason)"
        case let .fetch(error): error.reason
        case let .contentType(type): "served as \(type), which is neither an article nor a feed"
        case .isFeed: "is a feed, not an article: give it to edition briefing or edition watch"
        }
    }
}

/// The validated text of a source file, and the hash of its bytes.
public struct SourceText: Sendable {
    /// Articles are a few hundred kilobytes; anything past this is not one.
    public static let sizeLimit = 20 * 1024 * 1024

    public var path: String
    public var text: String
    public var sha256: String

    public init(path: String, text: String, sha256: String) {
        self.path = path
        self.text = text
        self.sha256 = sha256
    }

    /// Reads and checks a file. Invalid UTF-8 is refused, not repaired: a guessed repair would
    /// put wrong words in a listener's ears, and `iconv` fixes the file once and for all.
    public static func load(path: String) throws(ArticleError) -> SourceText {
        let file = try SourceFile.load(path: path)
        return SourceText(path: path, text: try decode(file.data, path: path), sha256: file.sha256)
    }

    /// Checks bytes for emptiness, binary content and UTF-8 validity, then cleans the text:
    /// no byte-order mark, `\n` line ends, no control characters but tab and newline.
    public static func decode(_ data: Data, path: String) throws(ArticleError) -> String {
        func fail(_ problem: ArticleError.Problem) -> ArticleError { ArticleError(path: path, problem: problem) }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        try checkText(bytes, path: path)
        if let offset = firstInvalidUTF8(bytes) {
            let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw fail(.invalidUTF8(line: line, byteOffset: offset))
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // Both passes are skipped for the usual file, which has neither.
        if bytes.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        let hasControl = bytes.indices.contains { index in
            let byte = bytes[index]
            return (byte < 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D) || byte == 0x7F
                || (byte == 0xC2 && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]))
        }
        if hasControl {
            text.unicodeScalars.removeAll { scalar in
                scalar != "\n" && scalar != "\t" && scalar.properties.generalCategory == .control
            }
        }
        return text
    }

    /// Refuses bytes that are only whitespace, or that look binary (a NUL, or more than a
    /// tenth control characters in the first 8 KiB).
    static func checkText<Bytes: Collection<UInt8>>(_ bytes: Bytes, path: String) throws(ArticleError) {
        if bytes.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) { throw ArticleError(path: path, problem: .empty) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { throw ArticleError(path: path, problem: .utf16) }
        let sample = bytes.prefix(8192)
        let controls = sample.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0) }.count
        if sample.contains(0) || controls * 10 > sample.count { throw ArticleError(path: path, problem: .binary) }
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoPermissionError {
            return String(cString: strerror(EACCES))
        }
        return nsError.localizedDescription
    }
}

/// A source file's bytes, checked for existence, size and binary content before any parser
/// sees them, and the hash of those bytes. HTML readers take the bytes as they are, since the
/// page itself declares its charset; the other readers decode them as UTF-8.
public struct SourceFile: Sendable {
    public var path: String
    public var data: Data
    public var sha256: String
    /// For a fetched source: the response's media type and charset, and its validators.
    public var contentType: String? = nil
    public var charset: String? = nil
    public var validators: HTTPValidators? = nil
    /// The response's `Content-Language`: the article's language when the source itself does not say.
    public var contentLanguage: String? = nil

    public static func load(path: String) throws(ArticleError) -> SourceFile {
        func fail(_ problem: ArticleError.Problem) -> ArticleError { ArticleError(path: path, problem: problem) }
        if let scheme = HTTPClient.otherScheme(path) { throw fail(.fetch(FetchError(url: path, problem: .scheme(scheme)))) }
        let name = FileNameBytes.bytes(path)
        var info = stat()
        guard stat(name, &info) == 0 else { throw fail(errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))) }
        if let kind = SpecialFile(mode: info.st_mode) { throw fail(kind == .directory ? .notAFile : .special(kind.rawValue)) }
        // Opened without blocking, in case a FIFO has taken the file's place since, and
        // checked again once open.
        let descriptor = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw fail(.unreadable(String(cString: strerror(errno)))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard fstat(descriptor, &info) == 0, SpecialFile(mode: info.st_mode) == nil else { throw fail(.unreadable("not a regular file")) }
        let data: Data
        do {
            data = try handle.read(upToCount: SourceText.sizeLimit + 1) ?? Data()
        } catch {
            throw fail(.unreadable(SourceText.reason(error)))
        }
        return try checked(data, path: path)
    }

    /// Bytes from elsewhere than a file (a test's, a fuzzer's), put through a file's checks.
    public static func checked(_ data: Data, path: String) throws(ArticleError) -> SourceFile {
        if data.count > SourceText.sizeLimit { throw ArticleError(path: path, problem: .tooLarge(bytes: data.count, limit: SourceText.sizeLimit)) }
        try SourceText.checkText(data, path: path)
        return SourceFile(path: path, data: data, sha256: SHA256.hex(data))
    }

    /// The bytes as checked UTF-8 text; see `SourceText.decode`.
    public func text() throws(ArticleError) -> SourceText {
        SourceText(path: path, text: try SourceText.decode(data, path: path), sha256: sha256)
    }
}

/// What a path names when it is not a regular file, which is all an article can be.
enum SpecialFile: String {
    case directory = "a directory"
    case fifo = "a FIFO (named pipe)"
    case socket = "a socket"
    case characterDevice = "a character device"
    case blockDevice = "a block device"

    /// What `path` names, when it is there and not a regular file.
    static func at(_ path: String) -> SpecialFile? {
        var info = stat()
        return stat(FileNameBytes.bytes(path), &info) == 0 ? SpecialFile(mode: info.st_mode) : nil
    }

    init?(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        default: return nil
        }
    }
}

/// Where a source is, as the manifest records it.
public enum SourceLocation {
    /// An address as it is; a file's path made absolute and standard.
    public static func absolute(_ path: String) -> String {
        HTTPClient.isURL(path) ? path : URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
