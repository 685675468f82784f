/// Makes text safe to hand to espeak-ng 1.51, which aborts the whole process on some short
/// degenerate inputs ("a . " a hundred times, "s'" eighty times, seen here).
public enum Sanitiser {
    /// No token is longer than this; longer ones are split.
    public static let maxTokenLength = 80
    /// A token or pair of tokens repeated more than this in a row is cut back to it.
    public static let maxRepeats = 3

    /// Removes control characters and phoneme brackets, splits over-long tokens, and
    /// collapses runs of the same short token or token pair.
    public static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                // "[[" switches espeak-ng to phoneme input; only the lexicon may do that.
                if scalar == "[" || scalar == "]" {
                    scalars.append("(")
                } else if scalar.value >= 0x20 && scalar.value != 0x7F {
                    scalars.append(scalar)
                } else if scalar == "\n" || scalar == "\t" {
                    scalars.append(" ")
                }
                continue
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .privateUse, .unassigned, .surrogate: break
            default: scalars.append(scalar)
            }
        }
        var tokens: [Substring] = []
        for token in String(scalars).split(separator: " ") {
            var rest = collapseRepeatedUnits(token)
            while rest.count > maxTokenLength {
                tokens.append(rest.prefix(maxTokenLength))
                rest = rest.dropFirst(maxTokenLength)
            }
            tokens.append(rest)
        }
        return collapseRuns(tokens).joined(separator: " ")
    }

    /// "a . a . a . a ." -> "a . a . a ."; "s's's's'" split into tokens is cut the same way.
    static func collapseRuns(_ tokens: [Substring]) -> [Substring] {
        var out: [Substring] = []
        for token in tokens {
            out.append(token)
            // Cheap test first: a run needs the token to repeat one or two places back.
            guard token.count <= 4, out.dropLast().suffix(2).contains(token) else { continue }
            for period in 1...2 where out.count >= period * (maxRepeats + 1) {
                let tail = out.suffix(period * (maxRepeats + 1))
                let unit = Array(tail.suffix(period))
                let repeated = stride(from: 0, to: tail.count, by: period).allSatisfy { offset in
                    Array(tail.dropFirst(offset).prefix(period)) == unit
                }
                if repeated, unit.allSatisfy({ $0.count <= 4 }) { out.removeLast(period) }
            }
        }
        return out
    }

    /// Within one token: "s's's's'…" keeps at most a few repeats of a short unit.
    static func collapseRepeatedUnits(_ token: Substring) -> Substring {
        let characters = Array(token)
        for unit in 1...3 where characters.count > unit * (maxRepeats + 1) {
            let pattern = characters.prefix(unit)
            var repeats = 0
            var index = 0
            while index + unit <= characters.count, characters[index..<(index + unit)].elementsEqual(pattern) {
                repeats += 1
                index += unit
            }
            if repeats > maxRepeats, index >= characters.count - unit {
                return Substring(String(characters.prefix(unit * maxRepeats)))
            }
        }
        return token
    }
}
