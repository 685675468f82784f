/// A number joined to a word by a hyphen, written as one word when said: "10-річний"
/// (десятирічний), "5-поверховий" (п'ятиповерховий), "2-кімнатна" (двокімнатна), "100-річчя"
/// (сторіччя). The number is in its genitive, except one to four and a hundred, which have
/// forms of their own for this (одно-, дво-, три-, чотири-, сто-).
struct UkrainianCompoundClass: SemioticClass {
    private static let combining = ["одного": "одно", "двох": "дво", "трьох": "три", "чотирьох": "чотири", "ста": "сто",
                                    "дев'яноста": "дев'яносто"]

    func tag(_ context: UkrainianContext, at index: Int) -> (value: String, match: Match)? {
        let core = context.tokens[index].core
        guard let hyphen = core.firstIndex(of: "-") else { return nil }
        let (digits, word) = (core[..<hyphen], core[core.index(after: hyphen)...])
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits), number > 0,
              word.count > 3, word.allSatisfy({ $0.isLetter && !$0.isASCII || $0 == "'" }) else { return nil }
        let parts = context.numbers.cardinal(number, .masculine, .genitive).split(separator: " ").map { Self.combining[String($0)] ?? String($0) }
        return (parts.joined() + word, Match(length: 1, spoken: ""))
    }

    func verbalise(_ value: String, _ context: UkrainianContext) -> String { value }
}
