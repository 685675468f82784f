import Foundation

extension JSONEncoder {
    /// The house's JSON: keys sorted, so one value always gives the same bytes (which hashes,
    /// diffs and caches rely on), slashes unescaped, dates in ISO 8601, and `pretty` for
    /// files people read.
    public static func canonical(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
