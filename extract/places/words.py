"""The words around place names, gathered from every language's `place_words` table.

The texts mix Swedish, Danish, Norwegian and English (an Interreg row often has a Norwegian
paragraph beside the Swedish one), and these words do not collide across the languages, so
the finder reads the union of the tables. `PlaceWords.load()` builds it once per run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from tnkg.extract.lang import CUE_LANGUAGES, LANGUAGES, language_module


@dataclass(frozen=True, slots=True)
class PlaceWords:
    place_prepositions: frozenset[str]
    list_joiners: frozenset[str]
    determiners: frozenset[str]
    place_heads: frozenset[str]
    place_keeping_words: frozenset[str]  # as written (capitalised)
    place_kinds_lower: frozenset[str]  # the same, lower-cased: `kommune`, `fylke`
    region_prefixes: frozenset[str]
    organisation_forms: frozenset[str]
    not_foreign: frozenset[str]
    adjectives: dict[str, str]  # every written form of a country's adjective -> ISO code
    adjective_stems: ahocorasick.Automaton  # foreign countries' adjective stems, to find them
    foreign_kind_words: dict[str, tuple[str, ...]]  # `fylkeskommune` -> the countries using it
    organisation_of_heads: frozenset[str]  # `university` in `University of Oulu`
    partner_nouns: re.Pattern[str]  # what an adjective must qualify to name a partner
    actor_nouns: re.Pattern[str]  # ... or an actor, in a sentence stating a partnership
    markers: dict[str, frozenset[str]]  # language -> its marker words
    marker_languages: dict[str, tuple[str, ...]]  # a marker word -> the languages it marks

    @classmethod
    def load(cls) -> PlaceWords:
        tables = [language_module(lang, "place_words") for lang in CUE_LANGUAGES]

        def union(attribute: str) -> frozenset[str]:
            return frozenset(w for t in tables for w in getattr(t, attribute, ()))

        adjectives: dict[str, str] = {}
        foreign_kinds: dict[str, tuple[str, ...]] = {}
        stems = ahocorasick.Automaton()
        for table in tables:
            for stem, country in table.COUNTRY_ADJECTIVES.items():
                for ending in table.ADJECTIVE_ENDINGS:
                    adjectives.setdefault(stem + ending, country)
                if country != "SE":
                    stems.add_word(stem, stem)
            foreign_kinds.update(getattr(table, "FOREIGN_KIND_WORDS", {}))
        stems.make_automaton()
        keeping = union("PLACE_KEEPING_WORDS")
        markers = {lang: language_module(lang, "markers").MARKER_WORDS for lang in LANGUAGES}
        return cls(
            place_prepositions=union("PLACE_PREPOSITIONS"),
            list_joiners=union("LIST_JOINERS") | {",", "/", "&"},
            determiners=union("DETERMINERS"),
            place_heads=union("PLACE_HEADS"),
            place_keeping_words=keeping,
            place_kinds_lower=frozenset(w.lower() for w in keeping),
            region_prefixes=union("REGION_PREFIXES"),
            organisation_forms=union("ORGANISATION_FORMS"),
            not_foreign=union("NOT_FOREIGN"),
            adjectives=adjectives,
            adjective_stems=stems,
            foreign_kind_words=foreign_kinds,
            organisation_of_heads=union("ORGANISATION_OF_HEADS"),
            partner_nouns=_whole_word(t.PARTNER_NOUNS for t in tables),
            actor_nouns=_whole_word(t.ACTOR_NOUNS for t in tables),
            markers=markers,
            marker_languages={word: tuple(lang for lang in markers if word in markers[lang])
                              for word in set().union(*markers.values())},
        )

    def language_of(self, words: Iterable[str], default: str = "sv") -> str:
        """The language whose marker words the words (case does not count) hold most;
        `default` on a tie, so a sentence without markers keeps its page's language."""
        counts = dict.fromkeys(self.markers, 0)
        for word, n in Counter(words).items():  # each written form lower-cased once
            for lang in self.marker_languages.get(word.lower(), ()):
                counts[lang] += n
        best = max(counts.values())
        if best == 0 or counts.get(default) == best:
            return default
        return next(lang for lang, n in counts.items() if n == best)


def _whole_word(patterns) -> re.Pattern[str]:
    """One pattern matching a whole word that any of `patterns` matches."""
    return re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in patterns) + r")$", re.I)
