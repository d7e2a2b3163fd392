"""Name matching: gazetteer names in a text as whole words, and near misses of large cities.

Plain functions over strings and the gazetteer, whose tables (the names, their prefixes and
initials, the near-miss tables) are built with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from tnkg.extract.gazetteer import NEAR_MISS_MIN_LENGTH, Candidate, Gazetteer, deletions

# Near misses are this long at least (the gazetteer's near-miss tables hold no shorter name).
FUZZY_MIN_LENGTH = NEAR_MISS_MIN_LENGTH


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "-"


def _joins_names(text: str, hyphen: int) -> bool:
    """Whether the hyphen at `hyphen` joins two capitalised names (`Østfold-Fyrbodal`,
    `Dalsland-Østfold`), not the parts of one word (`EU-stöd`, `Lissabon-strategin`)."""
    before = text[hyphen - 1] if hyphen > 0 else ""
    after = text[hyphen + 1] if hyphen + 1 < len(text) else ""
    return before.isalpha() and after.isupper()


def scan_names(gaz: Gazetteer, text: str) -> list[tuple[int, int, str]]:
    """Gazetteer names in `text` as whole words (a genitive `s` allowed), leftmost-longest.

    A name may also be one side of a hyphenated pair of names (`Østfold-Fyrbodal`).
    Returns (start, end, name) with `end` past the genitive `s` if there is one.

    Every name starts with one of the gazetteer's initials, at a word's start, and ends
    where the text's letters and digits stop, or a genitive `s` before that: so each
    initial not inside a word is read on, stop by stop, while what it has read is a name's
    prefix, and each stop is looked up.
    """
    if not gaz.name_initials:
        return []  # a gazetteer without names
    names = gaz.names
    prefixes = gaz.name_prefixes
    found = []
    n = len(text)
    for match in _initials_pattern(gaz.name_initials).finditer(text):
        start = match.start()
        if start > 0 and text[start - 1] == "-" and not _joins_names(text, start - 1):
            continue  # inside a compound: `EU-Kommissionen`
        end = _ALNUM_RUN.match(text, start + 1).end()
        while True:
            written = text[start:end]
            at_end = end == n or not is_word_char(text[end])
            # a whole word, or one side of a pair of names (`Østfold-Fyrbodal`)
            if written in names and (at_end or (text[end] == "-" and _joins_names(text, end))):
                found.append((start, end, written))
            if at_end and text[end - 1] == "s" and end - 1 > start:
                genitive = text[start : end - 1]
                if genitive in names:
                    found.append((start, end, genitive))
            if end == n or written not in prefixes:
                break
            end = _ALNUM_RUN.match(text, end + 1).end()
    # leftmost, then longest; `Paris` before `Pari` + genitive s
    found.sort(key=lambda m: (m[0], -(m[1] - m[0]), -len(m[2])))
    out, reach = [], -1
    for start, end, name in found:
        if start >= reach:
            out.append((start, end, name))
            reach = end
    return out


# A run of letters and digits (`\w` is those and `_`).
_ALNUM_RUN = re.compile(r"[^\W_]*")


@lru_cache(maxsize=4)
def _initials_pattern(initials: str) -> re.Pattern[str]:
    """A name's first letter where no letter or digit stands before it (the look-behind
    after the letter: a pattern that opens with a set of letters is skipped to fast)."""
    return re.compile(f"[{re.escape(initials)}](?<![^\\W_].)")


def has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word (str.find: no regex over the page)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not is_word_char(text[start - 1])) and (
            end == len(text) or not is_word_char(text[end])
        ):
            return True
        start = text.find(word, start + 1)
    return False


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it exceeds `limit`.

    >>> edit_distance("warzawa", "warszawa", 2)
    1
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _fuzzy_limit(word: str) -> int:
    return 1 if len(word) < 9 else 2


class FuzzyIndex:
    """Near-miss lookups of large cities by shared one-letter deletions (the SymSpell idea):
    every pair within edit distance 1, and most within 2, share such a string; the edit
    distance then decides. The gazetteer holds the tables (built with it, see
    `tnkg.extract.gazetteer.NEAR_MISS_MIN_POPULATION`). Answers are remembered per index,
    that is per run."""

    def __init__(self, gaz: Gazetteer, known_words: Iterable[str] = ()):
        self.gaz = gaz
        self.known_words = frozenset(known_words)
        self._near: dict[str, bool] = {}
        self._lookups: dict[str, tuple[Candidate, ...]] = {}

    def is_near_miss(self, word: str) -> bool:
        """Whether a capitalised word that is no gazetteer name may be a misspelt city:
        not a Swedish place, a stop word or a word of Swedish or English (`Triple` is no
        misspelt Tripoli)."""
        known = self._near.get(word)
        if known is None:
            known = self._near[word] = (
                not self.gaz.is_swedish(word)
                and word.lower() not in self.known_words
                and bool(self.lookup(word))
                and word.casefold() not in self.gaz.frequent_words
            )
        return known

    def lookup(self, word: str) -> tuple[Candidate, ...]:
        found = self._lookups.get(word)
        if found is None:
            found = self._lookups[word] = self._lookup(word.lower())
        return found

    def _lookup(self, word: str) -> tuple[Candidate, ...]:
        limit = _fuzzy_limit(word)
        names: set[str] = set()
        for variant in deletions(word, 1):
            found = self.gaz.near_miss_deletions.get(variant)
            if found:
                names.update(found.split("\n"))
        best: dict[int, tuple[int, Candidate]] = {}
        for name in sorted(names):  # sorted: the result must not depend on hash order
            dist = edit_distance(word, name, limit)
            if dist > limit:
                continue
            for cand in self.gaz.near_miss_cities[name]:
                # the closest spelling; of equally close ones the city's own or curated name
                old = best.get(cand.geonames_id)
                if old is None or (dist, not cand.curated, not cand.primary) < (
                    old[0], not old[1].curated, not old[1].primary
                ):
                    best[cand.geonames_id] = (dist, cand)
        if not best:
            return ()
        closest = min(d for d, _ in best.values())
        return tuple(c for _gid, (d, c) in sorted(best.items()) if d == closest)
