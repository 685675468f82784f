import Foundation

/// The word lists the classes read, loaded from `Resources/<language>/*.tsv`.
///
/// Each file has one entry a line, columns separated by tabs; `#` starts a comment line.
public struct NormaliserData: Sendable {
    public var tables: [String: [[String]]]

    public init(tables: [String: [[String]]]) { self.tables = tables }

    /// The English tables shipped with the library.
    public static let english = bundled("en")

    /// The word lists the article readers use: English's, with every other bundled
    /// language's boilerplate phrases, byline words and month names added, since a reader
    /// meets a page before its language is known.
    public static let readers: NormaliserData = {
        var data = english
        for language in ["uk"] {
            let other = bundled(language)
            for table in ["boilerplate", "byline_words", "months"] { data.tables[table, default: []] += other.tables[table] ?? [] }
        }
        return data
    }()

    /// The tables about languages themselves (`Resources/languages`): the detector's letters
    /// and words, and the transliteration episode ids use.
    static let languages = bundled("languages")

    /// A language's tables shipped with the library (`Resources/uk`); none when it has none.
    public static func bundled(_ language: String) -> NormaliserData {
        guard language.allSatisfy({ $0.isASCII && $0.isLetter }),
              let folder = Bundle.module.url(forResource: "Resources/\(language)", withExtension: nil) else {
            return NormaliserData(tables: [:])
        }
        return (try? load(folder: folder)) ?? NormaliserData(tables: [:])
    }

    public static func load(folder: URL) throws -> NormaliserData {
        var tables: [String: [[String]]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".tsv") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            tables[String(file.dropLast(4))] = parse(text)
        }
        return NormaliserData(tables: tables)
    }

    static func parse(_ text: String) -> [[String]] {
        text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
            return line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// First column to second column.
    public func map(_ table: String, lowercasedKeys: Bool = false) -> [String: String] {
        var map: [String: String] = [:]
        for row in tables[table] ?? [] where row.count >= 2 {
            map[lowercasedKeys ? row[0].lowercased() : row[0]] = row[1]
        }
        return map
    }

    /// First column to the rest of the row.
    public func rows(_ table: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for row in tables[table] ?? [] where !row.isEmpty { rows[row[0]] = Array(row.dropFirst()) }
        return rows
    }

    public func set(_ table: String, lowercased: Bool = false) -> Set<String> {
        Set((tables[table] ?? []).compactMap { lowercased ? $0.first?.lowercased() : $0.first })
    }
}
