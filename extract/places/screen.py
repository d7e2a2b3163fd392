"""Regular expressions searched only in the texts that hold the words a match needs.

A case-blind search of a pattern of many alternatives costs a try of every alternative at
every character, about 0.3 ms per thousand characters. Most of those patterns cannot match
without some literal words (`\\binterreg\\w*` needs `interreg`, `\\b(?:norsk|dansk)e?\\s+
partner\\w*` needs one of `norsk`, `dansk` and `partner`): one pass of an Aho-Corasick
automaton over the lower-cased text says which of them a text holds, and only the patterns
whose words are all there are searched, each on its own. The answer is the regular
expression's, to the character: the words are read from the pattern's parse, and a text
holding a character that matches a letter of those words case-blind but lower-cases to
another (the dotless `ı` matches `i`) is searched in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _parser  # the parse the `re` module compiles: the words every match holds
from re._casefix import _EXTRA_CASES  # letters that match others case-blind beyond lower()

import ahocorasick

_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)


def required_words(pattern: str) -> list[frozenset[str]]:
    """Sets of lower-case words such that every match of `pattern` (case-blind) holds a word
    of each set; no set when no literal is certain.

    >>> [sorted(words) for words in required_words(r"\\b(?:norsk|dansk)a?\\s+partner\\w*")]
    [['dansk', 'norsk'], ['partner']]
    """
    return _words_of(_parser.parse(pattern, re.I))


def _words_of(items) -> list[frozenset[str]]:
    groups: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            groups.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _parser.LITERAL and len(chr(av).lower()) == 1:  # not `İ`: two lower-cased
            run.append(chr(av).lower())
            continue
        close_run()
        if op is _parser.SUBPATTERN:
            groups.extend(_words_of(av[3]))
        elif op is _parser.BRANCH:
            # one word of each alternative: its most telling set (longest shortest word)
            choices = [_words_of(branch) for branch in av[1]]
            if all(choices):
                groups.append(frozenset().union(
                    *(max(c, key=lambda s: min(map(len, s))) for c in choices)))
        elif op in _REPEATS and av[0] >= 1:
            groups.extend(_words_of(av[2]))
    close_run()
    return groups


def leading_words(pattern: str) -> frozenset[str] | None:
    """The lower-case words one of which every match of `pattern` (case-blind) starts with,
    or None when a match may start otherwise.

    >>> sorted(leading_words(r"\\b(?:norsk|dansk)a?\\s+partner"))
    ['dansk', 'norsk']
    """
    return _leading_of(list(_parser.parse(pattern, re.I)))


def _leading_of(items) -> frozenset[str] | None:
    items = [(op, av) for op, av in items]
    while items and items[0][0] is _parser.AT:  # `\b`, `^`: they match no character
        items = items[1:]
    if not items:
        return None
    op, av = items[0]
    if op is _parser.LITERAL:
        run = []
        for op, av in items:
            if op is not _parser.LITERAL or len(chr(av).lower()) != 1:
                break
            run.append(chr(av).lower())
        return frozenset(["".join(run)]) if run else None
    if op is _parser.SUBPATTERN:
        return _leading_of(av[3])
    if op is _parser.BRANCH:
        alternatives = [_leading_of(branch) for branch in av[1]]
        if any(a is None for a in alternatives):
            return None
        return frozenset().union(*alternatives)
    if op in _REPEATS and av[0] >= 1:
        return _leading_of(av[2])
    return None


class ScreenedPatterns:
    """Patterns (case-blind) of which `search_any` says whether any matches a text."""

    def __init__(self, patterns: Iterable[str]):
        patterns = list(patterns)
        self.combined = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
        # per pattern: the sets of words it needs, the words it starts with, the pattern
        self.screened: list[tuple[list[frozenset[str]], frozenset[str] | None,
                                  re.Pattern[str]]] = []
        self.unscreened: list[int] = []  # patterns that need no word: always searched
        self.needing: dict[str, list[int]] = {}  # a word -> the patterns that need it first
        words: set[str] = set()
        for index, pattern in enumerate(patterns):
            # the two most telling sets: short words (`av`, `the`) are in every text
            groups = sorted(required_words(pattern), key=lambda g: -min(map(len, g)))[:2]
            leading = leading_words(pattern)
            self.screened.append((groups, leading, re.compile(pattern, re.I)))
            words.update(w for group in groups for w in group)
            words.update(leading or ())
            if not groups:
                self.unscreened.append(index)
            for word in groups[0] if groups else ():
                self.needing.setdefault(word, []).append(index)
        letters = {ch for w in words for ch in w}
        unsafe = {chr(other) for ch in letters for other in _EXTRA_CASES.get(ord(ch), ())
                  if chr(other).lower() != ch}
        self.unsafe = re.compile(f"[{re.escape(''.join(sorted(unsafe)))}]") if unsafe else None
        self.automaton = ahocorasick.Automaton()
        for word in words:
            self.automaton.add_word(word, word)
        if words:
            self.automaton.make_automaton()
        self.has_words = bool(words)

    def search_any(self, text: str) -> bool:
        """Whether any of the patterns matches somewhere in `text`."""
        lowered = text.lower()
        if len(lowered) != len(text) or (self.unsafe and self.unsafe.search(text)):
            return bool(self.combined.search(text))  # `İ`, `ı`: lower() is no guide here
        hits = list(self.automaton.iter(lowered)) if self.has_words else []
        present = {w for _end, w in hits}
        candidates = {i for w in present for i in self.needing.get(w, ())}.union(self.unscreened)
        for i in sorted(candidates):
            groups, leading, pattern = self.screened[i]
            if not all(not group.isdisjoint(present) for group in groups):
                continue
            if leading is None:
                if pattern.search(text):
                    return True
            elif any(pattern.match(text, last + 1 - len(w))
                     for last, w in hits if w in leading):
                return True  # tried only where one of the words it starts with stands
        return False
