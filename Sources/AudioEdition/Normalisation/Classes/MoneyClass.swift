/// Money: "$55 billion", "€7bn", "£4.80", "C$500 million", "UAH 250 million", "$20-30 billion",
/// "€2bn-€3bn", "$45-a-barrel".
struct MoneyClass: SemioticClass {
    /// Currency codes ("EUR 300 million") are plain words.
    var startsOnPlainWords: Bool { true }

    struct Value {
        var amounts: [(number: String, scale: String?)]
        var currency: NormaliserTables.Currency
        /// Singular unit: "a $95 billion aid bill", "$45-a-barrel".
        var adjectival: Bool
        var rest: String
    }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let tables = context.tables
        let core = context.tokens[index].core
        var length = 1
        var currency: NormaliserTables.Currency?
        var amountText = Substring(core)
        let token = context.tokens[index]
        // A symbol starts a token with a digit ("$55", "C$500"); a code is a plain word ("UAH").
        if token.hasDigit, let first = core.utf8.first, tables.currencySymbolStarts.contains(first),
           let symbol = tables.currencySymbols.first(where: { core.hasPrefix($0) }) {
            currency = tables.currencies[symbol]
            amountText = core.dropFirst(symbol.count)
        } else if token.isPlainWord, token.startsUppercase, let code = tables.currencies[core], core.allSatisfy(\.isUppercase),
                  let next = context.next(index),
                  next.core.first?.isNumber == true {
            currency = code
            amountText = Substring(next.core)
            length = 2
        }
        guard let currency, let first = amountText.first, first.isNumber else { return nil }

        // "$45-a-barrel": the amount, then words joined by hyphens.
        var rest = ""
        if let hyphen = amountText.firstIndex(of: "-"), amountText[amountText.index(after: hyphen)...].first?.isLetter == true {
            rest = amountText[amountText.index(after: hyphen)...].replacingOccurrences(of: "-", with: " ")
            amountText = amountText[..<hyphen]
        }
        // "2bn-€3bn" and "20-30": a range, each side with its own scale.
        var sides: [Substring] = [amountText]
        for separator: Character in ["-", "–"] where amountText.contains(separator) {
            sides = amountText.split(separator: separator, maxSplits: 1).map { side in
                let symbol = tables.currencySymbols.first { side.hasPrefix($0) } ?? ""
                return side.dropFirst(symbol.count)
            }
        }
        var amounts: [(String, String?)] = []
        for side in sides {
            let digits = side.prefix { $0.isNumber || $0 == "," || $0 == "." }
            let suffix = String(side.dropFirst(digits.count))
            guard Quantity.parseNumber(digits.hasSuffix(".") ? digits.dropLast() : digits) != nil else { return nil }
            if suffix.isEmpty {
                amounts.append((String(digits), nil))
            } else if let scale = tables.scales[suffix] {
                amounts.append((String(digits), scale))
            } else {
                return nil
            }
        }
        // A scale word after the number: "$55 billion".
        let lastIndex = index + length - 1
        if amounts.count >= 1, amounts[amounts.count - 1].1 == nil, let next = context.next(lastIndex),
           let scale = tables.scales[next.core.lowercased()], next.core.count > 1 {
            amounts[amounts.count - 1].1 = scale
            length += 1
        }
        let adjectival = !rest.isEmpty || context.isAdjectival(from: index, to: index + length - 1)
        return (Value(amounts: amounts, currency: currency, adjectival: adjectival, rest: rest), Match(length: length, spoken: ""))
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        let currency = value.currency
        if value.amounts.count == 1, value.amounts[0].scale == nil {
            let parts = value.amounts[0].number.filter { $0 != "," }.split(separator: ".", omittingEmptySubsequences: false)
            let whole = Int(parts[0]) ?? 0
            let cents = parts.count == 2 && parts[1].count == 2 ? Int(parts[1]) : nil
            if parts.count == 2, cents == nil {
                return "\(NumberWords.decimal(parts.joined(separator: "."))) \(currency.plural)" + suffix(value)
            }
            var words: [String] = []
            if whole > 0 || cents == nil || cents == 0 {
                let unit = whole == 1 || value.adjectival ? currency.singular : currency.plural
                words.append("\(NumberWords.cardinal(digits: parts[0])) \(unit)")
            }
            if let cents, cents > 0 {
                words.append("\(NumberWords.cardinal(cents)) \(cents == 1 ? currency.minorSingular : currency.minorPlural)")
            }
            return words.joined(separator: " and ") + suffix(value)
        }
        let amounts = value.amounts.map { amount in
            let number = amount.number.utf8.contains(UInt8(ascii: ".")) ? NumberWords.decimal(amount.number) : NumberWords.cardinal(digits: amount.number.filter { $0 != "," })
            return amount.scale.map { "\(number) \($0)" } ?? number
        }
        let unit = value.adjectival ? currency.singular : currency.plural
        return amounts.joined(separator: " to ") + " " + unit + suffix(value)
    }

    private func suffix(_ value: Value) -> String { value.rest.isEmpty ? "" : " " + value.rest }
}
