/// Makes text safe to hand to espeak-ng 1.51, which aborts the whole process on some short
/// degenerate inputs ("a . " a hundred times, "s'" eighty times, seen here).
///
/// It runs over every article, so it works on UTF-8 bytes.
public enum Sanitiser {
    /// No token is longer than this many bytes; longer ones are split (at a character boundary).
    public static let maxTokenLength = 80
    /// Of a token longer than this many pieces of `maxTokenLength` (a long address, never a
    /// word), the rest is dropped: a data blob or a million-digit number read in full would
    /// run for hours.
    public static let maxTokenPieces = 4
    /// A token or pair of tokens repeated more than this in a row is cut back to it.
    public static let maxRepeats = 3

    /// Removes control characters and phoneme brackets, splits over-long tokens, and
    /// collapses runs of the same short token or token pair. Tokens are joined by one space.
    public static func clean(_ text: String) -> String {
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    // "[[" switches espeak-ng to phoneme input; only the lexicon may do that.
                    if byte == 0x5B || byte == 0x5D {
                        kept.append(0x28)
                    } else if byte >= 0x20 && byte != 0x7F {
                        kept.append(byte)
                    } else if byte == 0x0A || byte == 0x09 {
                        kept.append(0x20)
                    }
                    index += 1
                    continue
                }
                var iterator = bytes[index...].makeIterator()
                var parser = Unicode.UTF8.ForwardParser()
                guard case let .valid(encoded) = parser.parseScalar(from: &iterator) else {
                    index += 1
                    continue
                }
                switch Unicode.UTF8.decode(encoded).properties.generalCategory {
                case .control, .format, .privateUse, .unassigned, .surrogate: break
                default: kept.append(contentsOf: bytes[index..<(index + encoded.count)])
                }
                index += encoded.count
            }
        }

        var tokens: [ArraySlice<UInt8>] = []
        for token in kept.split(separator: 0x20) {
            var rest = collapseRepeatedUnits(token)
            var pieces = 1
            while rest.count > maxTokenLength {
                var cut = rest.startIndex + maxTokenLength
                while cut > rest.startIndex, rest[cut] & 0xC0 == 0x80 { cut -= 1 }
                if pieces == maxTokenPieces {
                    rest = rest[..<cut]
                    break
                }
                tokens.append(rest[..<cut])
                rest = rest[cut...]
                pieces += 1
            }
            appendCollapsingRuns(rest, to: &tokens)
        }
        var out: [UInt8] = []
        out.reserveCapacity(kept.count)
        for (index, token) in tokens.enumerated() {
            if index > 0 { out.append(0x20) }
            out.append(contentsOf: token)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// "a . a . a . a ." -> "a . a . a .": a short token, or pair of tokens, repeated more than
    /// `maxRepeats` times in a row is not appended again.
    static func appendCollapsingRuns(_ token: ArraySlice<UInt8>, to tokens: inout [ArraySlice<UInt8>]) {
        tokens.append(token)
        // Cheap test first: a run needs the token to repeat one or two places back.
        guard token.count <= 4, tokens.dropLast().suffix(2).contains(where: { $0.elementsEqual(token) }) else { return }
        for period in 1...2 where tokens.count >= period * (maxRepeats + 1) {
            let tail = tokens.suffix(period * (maxRepeats + 1))
            let unit = Array(tail.suffix(period))
            let repeated = stride(from: 0, to: tail.count, by: period).allSatisfy { offset in
                zip(tail.dropFirst(offset).prefix(period), unit).allSatisfy { $0.elementsEqual($1) }
            }
            if repeated, unit.allSatisfy({ $0.count <= 4 }) { tokens.removeLast(period) }
        }
    }

    /// Within one token: "s's's's'…" keeps at most `maxRepeats` repeats of a unit of up to three
    /// bytes. A token that repeats a unit from its start is cut at a multiple of the unit,
    /// which is a character boundary.
    static func collapseRepeatedUnits(_ token: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let start = token.startIndex
        for unit in 1...3 where token.count > unit * (maxRepeats + 1) {
            guard token[start..<(start + unit)].elementsEqual(token[(start + unit)..<(start + 2 * unit)]) else { continue }
            var repeats = 0
            var index = start
            while index + unit <= token.endIndex, token[index..<(index + unit)].elementsEqual(token[start..<(start + unit)]) {
                repeats += 1
                index += unit
            }
            if repeats > maxRepeats, index >= token.endIndex - unit {
                return token[start..<(start + unit * maxRepeats)]
            }
        }
        return token
    }
}
