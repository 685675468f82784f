<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
<lexeme><grapheme>Zelensky</grapheme><phoneme>zɛˈlɛnski</phoneme></lexeme>
<lexeme><grapheme>Kyiv</grapheme><alias>Keev</alias></lexeme>
<lexeme><grapheme>NATO</grapheme><phoneme alphabet="x-espeak">n'eItoU</phoneme></lexeme></lexicon>