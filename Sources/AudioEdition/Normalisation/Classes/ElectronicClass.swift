import Foundation

/// Web addresses, e-mail, handles and hashtags: "www.un.org", "office@mfa.gov.ua", "@NATO",
/// "#NoWar", "https://www.irs.gov/forms".
struct ElectronicClass: SemioticClass {
    var needsDigit: Bool { false }
    enum Value { case address(String), hashtag(String), handle(String) }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        let match = Match(length: 1, spoken: "")
        // An address has a dot and ends in a letter (its top-level domain or a path); a tag starts with # or @.
        let utf8 = core.utf8
        guard let first = utf8.first, let last = utf8.last,
              first == 0x23 || first == 0x40 || (utf8.contains(0x2E) && (last >= 0x41 || last == 0x2F)) else { return nil }
        if core.hasPrefix("#"), core.count > 1, core.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            return (.hashtag(String(core.dropFirst())), match)
        }
        if core.hasPrefix("@"), core.count > 1, core.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            return (.handle(String(core.dropFirst())), match)
        }
        var rest = Substring(core)
        for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        let host = rest.split(separator: "/", maxSplits: 1).first.map { $0.split(separator: "@").last ?? $0 } ?? rest
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
              let tld = labels.last, context.tables.topLevelDomains.contains(tld.lowercased()) else { return nil }
        return (.address(String(rest)), match)
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        switch value {
        case let .hashtag(tag): "hashtag " + Self.splitCamelCase(tag)
        case let .handle(name): "at " + name
        case let .address(address):
            address.split(separator: "/", omittingEmptySubsequences: true).enumerated().map { index, part in
                index == 0 ? host(part, context)
                    : part.split(separator: ".").map { $0.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ") }
                        .joined(separator: " dot ")
            }.joined(separator: " slash ")
        }
    }

    private func host(_ host: Substring, _ context: NormaliserContext) -> String {
        host.split(separator: "@", maxSplits: 1).map { part in
            part.split(separator: ".").map { label in
                let lower = label.lowercased()
                if context.tables.domainWords.contains(lower) { return lower }
                if label.count <= 3 { return NormaliserTables.spell(label) }
                return String(label)
            }.joined(separator: " dot ")
        }.joined(separator: " at ")
    }

    /// "NoWar" -> "No War".
    static func splitCamelCase(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for character in text {
            if let previous, character.isUppercase, previous.isLowercase { out.append(" ") }
            out.append(character)
            previous = character
        }
        return out
    }
}
