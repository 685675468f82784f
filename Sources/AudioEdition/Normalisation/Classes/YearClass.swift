/// Years and decades: "1986", "1960s", "'80s", "2000s".
struct YearClass: SemioticClass {
    enum Value { case year(Int), decade(Int), shortDecade(Int) }

    func tag(_ context: NormaliserContext, at index: Int) -> (value: Value, match: Match)? {
        let core = context.tokens[index].core
        let match = Match(length: 1, spoken: "")
        if core.count == 4, core.allSatisfy(\.isNumber), let year = Int(core), (1000...2199).contains(year) {
            return (.year(year), match)
        }
        if core.hasSuffix("s") || core.hasSuffix("'s") {
            let digits = core.drop { $0 == "'" || $0 == "’" }.prefix { $0.isNumber }
            let rest = core.drop { $0 == "'" || $0 == "’" }.dropFirst(digits.count)
            guard rest == "s" || rest == "'s", let value = Int(digits) else { return nil }
            if digits.count == 4, value % 10 == 0 { return (.decade(value), match) }
            if digits.count == 2, value % 10 == 0 { return (.shortDecade(value), match) }
        }
        return nil
    }

    func verbalise(_ value: Value, _ context: NormaliserContext) -> String {
        switch value {
        case let .year(year): NumberWords.year(year)
        case let .decade(year): NumberWords.plural(of: NumberWords.year(year))
        case let .shortDecade(decade): NumberWords.plural(of: NumberWords.cardinal(decade))
        }
    }
}
