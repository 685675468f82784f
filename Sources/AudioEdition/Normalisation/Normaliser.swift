/// Spoken text, with where each piece of it came from in the written text.
public struct NormalisedText: Sendable, Equatable {
    /// One written token (or run of tokens a class read together) and what is said for it.
    public struct Piece: Sendable, Equatable {
        public var spoken: String
        /// Unicode-scalar offsets in the written text.
        public var written: Range<Int>
    }

    public var pieces: [Piece]

    /// The pieces joined by single spaces.
    public var spoken: String { pieces.map(\.spoken).joined(separator: " ") }

    /// Where each piece starts in `spoken`, in Unicode scalars.
    public static func spokenStarts(_ pieces: [Piece]) -> [Int] {
        var offset = 0
        return pieces.map { piece in
            defer { offset += piece.spoken.unicodeScalars.count + 1 }
            return offset
        }
    }

    /// The piece that covers a Unicode-scalar offset of `spoken`.
    public func piece(atSpokenOffset offset: Int) -> Piece? {
        let starts = Self.spokenStarts(pieces)
        guard let index = starts.lastIndex(where: { $0 <= offset }),
              offset < starts[index] + pieces[index].spoken.unicodeScalars.count else { return nil }
        return pieces[index]
    }
}

extension NormalisedText {
    /// The normalisers' loop over tokens: each is said as written unless `match` reads it
    /// (and perhaps tokens after it), which is not tried where `skip` says no class can start.
    /// A period a class read after its last token stays only where it may end the sentence
    /// and the next token `startsSentence`.
    @inline(__always)
    static func reading(_ tokens: [Token], skip: (Token) -> Bool, match: (Int) -> Match?,
                        startsSentence: (Token) -> Bool) -> NormalisedText {
        var pieces: [Piece] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard !skip(token), let match = match(index) else {
                pieces.append(.init(spoken: token.whole, written: token.start..<token.end))
                index += 1
                continue
            }
            let last = tokens[index + match.length - 1]
            var trail = last.trail
            if match.consumesPeriod, trail.hasPrefix(".") {
                let next = index + match.length < tokens.count ? tokens[index + match.length] : nil
                if !(match.periodMayEndSentence && (next.map(startsSentence) ?? true)) { trail.removeFirst() }
            }
            // "A.M." then a full stop: one period, not two.
            if match.spoken.hasSuffix("."), trail.hasPrefix(".") { trail.removeFirst() }
            pieces.append(.init(spoken: (match.keepsLead ? token.lead : "") + match.spoken + trail, written: token.start..<last.end))
            index += match.length
        }
        return NormalisedText(pieces: pieces)
    }
}

/// What a class found at a token: how many tokens it read and what to say for them.
struct Match {
    var length: Int
    var spoken: String
    /// The class read the period after the last token (as in "Inc." or "a.m.").
    var consumesPeriod = false
    /// The first token's leading punctuation is part of what the class read ("(312) 555-0187").
    var keepsLead = true
    /// When it did: may that period also end the sentence? Titles ("Dr.") never do.
    var periodMayEndSentence = true
}

/// A semiotic class: it tags a token (and perhaps the ones after it) with a value, then
/// verbalises that value. One class per file under `Classes/` (English) or `Ukrainian/`.
/// `Context` is what a language's classes look at: its tokens and its tables.
protocol SemioticClass<Context>: Sendable {
    associatedtype Context = NormaliserContext
    associatedtype Value
    /// Whether the class can start on a plain word (letters only, no period after it). Most
    /// start on a digit or a symbol; the normaliser skips them for plain words.
    var startsOnPlainWords: Bool { get }
    /// Whether the class can only start on a token with a digit (or a plain word, above).
    var needsDigit: Bool { get }
    func tag(_ context: Context, at index: Int) -> (value: Value, match: Match)?
    func verbalise(_ value: Value, _ context: Context) -> String
    /// Tag, then verbalise. A requirement (with the default below) so that each class gets a
    /// specialised copy: called through `any SemioticClass`, the generic version looks up
    /// tuple metadata at run time on every token.
    func match(_ context: Context, at index: Int) -> Match?
}

extension SemioticClass {
    var startsOnPlainWords: Bool { false }
    var needsDigit: Bool { true }

    func match(_ context: Context, at index: Int) -> Match? {
        guard let (value, match) = tag(context, at: index) else { return nil }
        var result = match
        result.spoken = verbalise(value, context)
        return result
    }
}

/// The tokens of the text being normalised and the tables, for classes to look at.
struct NormaliserContext {
    let tokens: [Token]
    let tables: NormaliserTables
    /// Normalises a single core on its own (for the parts of a compound).
    var alone: (String) -> String? = { _ in nil }

    func token(_ index: Int) -> Token? { tokens.indices.contains(index) ? tokens[index] : nil }

    /// The core of the token after `index`, when no clause punctuation stands between.
    func next(_ index: Int) -> Token? {
        guard let current = token(index), !current.endsClause || current.trail == "" else { return nil }
        return token(index + 1)
    }

    /// The lowercased core of the token before `index`.
    func previousWord(_ index: Int) -> String? { token(index - 1)?.core.lowercased() }

    /// True when the quantity that starts at `start` and ends at `end` describes the noun after
    /// it: a determiner stands before it and a lowercase content word follows ("a $95 billion
    /// aid bill", "more 152 mm rounds"), so the unit is said in the singular.
    func isAdjectival(from start: Int, to end: Int) -> Bool {
        guard let before = token(start - 1), before.trail.isEmpty, tables.determiners.contains(before.core.lowercased()) else { return false }
        return contentWordFollows(end) != nil
    }

    /// The lowercase content word right after `end`, with no punctuation between: the noun a
    /// quantity may describe. A function word is none.
    func contentWordFollows(_ end: Int) -> Token? {
        guard let current = token(end), current.trail.isEmpty, let next = token(end + 1), next.isLowercaseWord,
              !tables.functionWords.contains(next.core) else { return nil }
        return next
    }
}

/// Text normalisation (English unless given another language's classes): tokenise, tag each token's semiotic class, verbalise it.
/// Text that fits no class passes through unchanged.
public struct Normaliser: Sendable {
    let tables: NormaliserTables

    /// Class precedence, decided here and only here: the first class that tags a token wins.
    let classes: [any SemioticClass<NormaliserContext>]
    static let englishClasses: [any SemioticClass<NormaliserContext>] = [
        ElectronicClass(), TelephoneClass(), DateClass(), TimeClass(), MoneyClass(), MeasureClass(),
        PercentClass(), ScoreClass(), ModelNumberClass(), RangeClass(), SlashClass(), FractionClass(), OrdinalClass(), YearClass(),
        DecimalClass(), SerialClass(), CardinalClass(), RomanClass(), DatelineClass(), AbbreviationClass(),
        InitialismClass(), CompoundClass(),
    ]

    /// The classes that can start on a plain word, and on a token with neither letters only
    /// nor a digit ("Tuesday-Saturday", "#NoWar"), in the same order.
    let wordClasses: [any SemioticClass<NormaliserContext>]
    let symbolClasses: [any SemioticClass<NormaliserContext>]

    public init(data: NormaliserData = .english) { self.init(data: data, classes: Self.englishClasses) }

    /// A normaliser with only some classes: another language's abbreviations, with
    /// everything else left to espeak-ng.
    init(data: NormaliserData, classes: [any SemioticClass<NormaliserContext>]) {
        self.classes = classes
        tables = NormaliserTables(data)
        wordClasses = classes.filter(\.startsOnPlainWords)
        symbolClasses = classes.filter { !$0.needsDigit }
    }

    public static let english = Normaliser()

    public func normalise(_ text: String) -> NormalisedText {
        let tokens = Token.tokenise(text)
        var context = NormaliserContext(tokens: tokens, tables: tables)
        context.alone = { normaliseAlone($0) }
        // No class starts on a plain lowercase word (most of any text) unless it is an
        // abbreviation ("etc."). After "U.S." or "a.m.", a capitalised function word ("The",
        // "In") starts a new sentence; a name ("Senate", "Kyiv") does not.
        return NormalisedText.reading(tokens, skip: { $0.isLowercaseWord && $0.core.utf8.count > 2 && tables.abbreviations[$0.dotted] == nil },
                                      match: { firstMatch(context, at: $0) },
                                      startsSentence: { !$0.lead.isEmpty || ($0.startsUppercase && tables.functionWords.contains($0.core.lowercased())) })
    }

    /// Normalises one token on its own, for classes that read the parts of a compound.
    func normaliseAlone(_ core: String) -> String? {
        var context = NormaliserContext(tokens: [Token(start: 0, end: 0, lead: "", core: core, trail: "")], tables: tables)
        context.alone = { normaliseAlone($0) }
        return firstMatch(context, at: 0)?.spoken
    }

    func firstMatch(_ context: NormaliserContext, at index: Int) -> Match? {
        let token = context.tokens[index]
        let candidates = token.isPlainWord ? wordClasses : token.hasDigit ? classes : symbolClasses
        for semioticClass in candidates {
            if let match = semioticClass.match(context, at: index) { return match }
        }
        return nil
    }

}
