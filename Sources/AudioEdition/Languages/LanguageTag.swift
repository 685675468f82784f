/// BCP 47 language tags as the metadata of real pages writes them: "uk_UA" (og:locale),
/// "EN-us", "uk-UA.UTF-8", "de, en" (Content-Language lists).
public enum LanguageTag {
    /// The tag in its canonical case ("uk-UA", "sr-Cyrl-RS", "de"), or nil when it is not one.
    public static func normalise(_ raw: String) -> String? {
        let first = raw.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let bare = first.split(separator: ".").first.map(String.init) ?? ""
        let subtags = bare.replacingOccurrences(of: "_", with: "-").split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = subtags.first, (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }),
              primary.lowercased() != "und" else { return nil }
        var parts = [primary.lowercased()]
        for subtag in subtags.dropFirst() {
            guard !subtag.isEmpty, subtag.count <= 8, subtag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { break }
            switch subtag.count {
            case 2 where subtag.allSatisfy(\.isLetter): parts.append(subtag.uppercased())
            case 4 where subtag.allSatisfy(\.isLetter): parts.append(subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased())
            default: parts.append(subtag.lowercased())
            }
        }
        return parts.joined(separator: "-")
    }

    /// The primary subtag: "uk" of "uk-UA".
    public static func primary(_ tag: String) -> String {
        String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }
}
