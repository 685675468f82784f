import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A charset as the web names it: one of the WHATWG Encoding Standard's encodings, found by
/// any of its labels (`Resources/languages/charsets.tsv`), and decoded by glibc's iconv.
public struct Charset: Sendable, Equatable {
    /// The standard's name: `windows-1252`, `KOI8-U`, `Shift_JIS`.
    public let name: String
    /// glibc iconv's converter for it; nil for the two the standard defines itself
    /// (`replacement`, which is refused, and `x-user-defined`).
    let converter: String?

    /// The encoding `label` names, ignoring case and surrounding white space, as the standard
    /// reads labels; nil for a label it does not know.
    public static func labelled(_ label: String) -> Charset? {
        labels[label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()]
    }

    /// The bytes as text. A byte-order mark decides, as the standard's decode does: UTF-8's,
    /// or UTF-16's of either order, whatever the label said, and is dropped.
    public func decode(_ data: Data) throws(CharsetError) -> String {
        var bytes = [UInt8](data)
        var charset = self
        for (mark, name) in [([UInt8]([0xEF, 0xBB, 0xBF]), "UTF-8"), ([0xFE, 0xFF], "UTF-16BE"), ([0xFF, 0xFE], "UTF-16LE")]
        where bytes.starts(with: mark) {
            bytes.removeFirst(mark.count)
            charset = Charset.labelled(name) ?? self
            break
        }
        switch charset.name {
        case "replacement":
            throw CharsetError.refused(charset: name)
        case "x-user-defined":
            // Bytes 0x80 to 0xFF are U+F780 to U+F7FF.
            return String(String.UnicodeScalarView(bytes.compactMap { Unicode.Scalar($0 < 0x80 ? UInt32($0) : 0xF700 + UInt32($0)) }))
        default:
            guard let converter = charset.converter else { throw CharsetError.refused(charset: charset.name) }
            return try Iconv(from: converter, charset: charset.name).convert(bytes)
        }
    }

    private static let labels: [String: Charset] = {
        var labels: [String: Charset] = [:]
        for row in NormaliserData.languages.tables["charsets"] ?? [] where row.count >= 3 {
            let charset = Charset(name: row[0], converter: row[1].isEmpty ? nil : row[1])
            for label in row[2].split(separator: " ") { labels[String(label)] = charset }
        }
        return labels
    }()
}

/// Text that its charset cannot decode, in words for the user.
public enum CharsetError: Error, CustomStringConvertible, Equatable {
    /// The standard's `replacement` encoding: labels of charsets that are unsafe on the web.
    case refused(charset: String)
    /// Bytes that are not text in the charset, at this offset.
    case invalid(charset: String, offset: Int)
    /// iconv has no converter for it on this machine.
    case unavailable(charset: String, reason: String)

    public var description: String {
        switch self {
        case let .refused(charset): "\(charset) is a charset the web refuses to decode (WHATWG Encoding Standard)"
        case let .invalid(charset, offset): "byte \(offset) is not \(charset) text"
        case let .unavailable(charset, reason): "iconv cannot decode \(charset): \(reason)"
        }
    }
}

/// One glibc iconv converter to UTF-8: the one owner of its handle, closed in `deinit`.
/// glibc's iconv is used because it has a converter for every encoding the web uses,
/// including the stateful ISO-2022-JP, and is on every machine this runs on.
private final class Iconv {
    private let handle: iconv_t
    private let charset: String

    init(from converter: String, charset: String) throws(CharsetError) {
        let handle = iconv_open("UTF-8", converter)
        guard let handle, handle != iconv_t(bitPattern: -1) else {
            throw CharsetError.unavailable(charset: charset, reason: String(cString: strerror(errno)))
        }
        self.handle = handle
        self.charset = charset
    }

    deinit { iconv_close(handle) }

    /// All of `bytes` as UTF-8 text; an invalid or cut-off sequence is an error naming its offset.
    func convert(_ bytes: [UInt8]) throws(CharsetError) -> String {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 2)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var input = bytes
        var failure: CharsetError?
        input.withUnsafeMutableBufferPointer { input in
            chunk.withUnsafeMutableBufferPointer { chunk in
                var inPointer = input.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = input.count
                var flushing = false
                while true {
                    var outPointer = chunk.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                    var outLeft = chunk.count
                    // With no input left, a last call with none writes what a stateful charset still holds.
                    let result = flushing ? iconv(handle, nil, nil, &outPointer, &outLeft)
                                          : iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    let error = errno
                    output.append(contentsOf: chunk[0..<(chunk.count - outLeft)])
                    if result == -1 && error == E2BIG { continue }
                    if result == -1 {
                        failure = .invalid(charset: charset, offset: input.count - inLeft)
                        return
                    }
                    if flushing { return }
                    flushing = true
                }
            }
        }
        if let failure { throw failure }
        return String(decoding: output, as: UTF8.self)
    }
}
