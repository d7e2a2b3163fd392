"""Foreign places and their partnership roles: a spaCy pipeline over candidate sentences.

    load_pipeline(model: str | None = None) -> spacy.Language
    find_places(sections, *, nlp=None) -> tuple[Place, ...]

The pipeline is `spacy.blank("sv")` (or a trained pipeline named by `--spacy-model`, whose
PER/ORG entities then help) plus four registered components:

- `tnkg_sentences`: sentence starts that hold on these pages (`sentences.py`);
- `tnkg_gazetteer`: gazetteer names found by an Aho-Corasick automaton over the text,
  whole words only (a genitive `s` allowed), kept in `doc.spans["tnkg_places"]`; in a
  partnership sentence, also near misses of large cities (`Warzawa` -> Warszawa);
- `tnkg_disambiguate`: drops Swedish places, supranational names, words, names inside
  person or organisation names, and picks the place a name means;
- `tnkg_roles`: partner > planned > related > mention from the cues of
  `data/place_cues.py`, per clause, with the section and the line opening a list as context.

Speed: spaCy never sees most of a page. `find_places` scans each section once with the
automaton and keeps only the hits that can be foreign places (not a Swedish municipality,
a stop word or a supranational name), plus capitalised words that are near misses of large
cities; it cuts out the sentences around those hits (splitting only the paragraph they are
in) and hands them to `nlp.pipe` in one batch per page.

`find_places` is a pure function of the sections: the same page gives the same places
whatever was extracted before it and in whichever process.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.lang.sv.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from tnkg.errors import ExtractError
from tnkg.extract import sentences as _sentences  # noqa: F401  (registers tnkg_sentences)
from tnkg.extract.data import place_cues as cues
from tnkg.extract.gazetteer import (
    SHORT_NAME_LENGTH,
    SHORT_NAME_MIN_POPULATION,
    Candidate,
    Gazetteer,
    load_gazetteer,
)
from tnkg.extract.record import PLACE_ROLES, Place, Section
from tnkg.extract.sentences import sentence_starts, split_sentences

SPANS_KEY = "tnkg_places"
# Near misses link only to cities this large: a misspelt partner city is a known one.
FUZZY_MIN_POPULATION = 200_000
FUZZY_MIN_LENGTH = 6
# Small towns far away share their names with English and Swedish words (Mentor, Staden,
# University): outside Europe, and at a sentence start, only larger cities count.
REMOTE_CITY_MIN_POPULATION = 100_000
INITIAL_CITY_MIN_POPULATION = 50_000
# A town whose name is also an ordinary word (Nice, Split, Reading) needs a place context
# (`i Nice`, a list of places) unless it is this large.
ORDINARY_WORD_MIN_POPULATION = 1_000_000
PERSON_LABELS = frozenset({"PER", "PRS", "PERSON"})
ORG_LABELS = frozenset({"ORG"})

_RANK = {role: i for i, role in enumerate(PLACE_ROLES)}  # 0 is strongest


def _compile(table: dict[str, str], flags: int = re.I) -> dict[str, re.Pattern[str]]:
    return {name: re.compile(pattern, flags) for name, pattern in table.items()}


PARTNER = _compile(cues.PARTNER_CUES)
PLANNED = _compile(cues.PLANNED_CUES)
PAST = _compile(cues.PAST_CUES)
CONTINUING = _compile(cues.CONTINUING_CUES)
NEGATION = _compile(cues.NEGATION_CUES)
RELATED = _compile(cues.RELATED_CUES)
MENTION_AFTER = _compile(cues.MENTION_AFTER, 0)
MENTION_BEFORE = _compile(cues.MENTION_BEFORE)
FRAME = re.compile(cues.PARTNERSHIP_WORDS, re.I)
LIST_ITEM = re.compile(cues.LIST_ITEM)
CLAUSE_BREAK = re.compile(cues.CLAUSE_BREAK, re.I)
# One pattern for the pre-scan: does a sentence speak of partnership at all?
ANY_PARTNERSHIP = re.compile(
    "|".join(f"(?:{p})" for p in (*cues.PARTNER_CUES.values(), *cues.PLANNED_CUES.values())),
    re.I,
)
# One pattern per cue table, to rule a table out with a single search.
_SCREEN = {
    id(table): re.compile("|".join(f"(?:{p.pattern})" for p in table.values()), re.I)
    for table in (PARTNER, PLANNED, PAST, RELATED, CONTINUING, NEGATION)
}
_CAPITALISED = re.compile(
    rf"(?<![\w-])[A-ZÅÄÖ][a-zåäöéèüæøß]{{{FUZZY_MIN_LENGTH - 1},}}(?![\w-])"
)

for _name in ("tnkg_section", "tnkg_lead"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default="")
# the countries the page names; names the page also writes as small-letter words
for _name in ("tnkg_countries", "tnkg_words"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=frozenset())
for _name in ("tnkg_candidates", "tnkg_place", "tnkg_role", "tnkg_name", "tnkg_fuzzy",
              "tnkg_strength"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


# --- matching ---------------------------------------------------------------------------


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "-"


def scan_names(automaton, text: str) -> list[tuple[int, int, str]]:
    """Gazetteer names in `text` as whole words (a genitive `s` allowed), leftmost-longest.

    Returns (start, end, name) with `end` past the genitive `s` if there is one.
    """
    found = []
    n = len(text)
    for last, name in automaton.iter(text):
        end = last + 1
        start = end - len(name)
        if start > 0 and _is_word_char(text[start - 1]):
            continue
        if end < n and _is_word_char(text[end]):
            if not (text[end] == "s" and (end + 1 == n or not _is_word_char(text[end + 1]))):
                continue  # inside a compound: Lissabonstrategin, norskundervisning
            end += 1
        found.append((start, end, name))
    # leftmost, then longest; `Paris` before `Pari` + genitive s
    found.sort(key=lambda m: (m[0], -(m[1] - m[0]), -len(m[2])))
    out, reach = [], -1
    for start, end, name in found:
        if start >= reach:
            out.append((start, end, name))
            reach = end
    return out


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it exceeds `limit`."""
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


def _deletions(word: str, depth: int) -> set[str]:
    """The strings `word` becomes with up to `depth` letters deleted (itself included)."""
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _fuzzy_limit(word: str) -> int:
    return 1 if len(word) < 9 else 2


class _FuzzyIndex:
    """Near-miss lookups of large cities by shared one-letter deletions (the SymSpell idea):
    every pair within edit distance 1, and most within 2, share such a string; the edit
    distance then decides. One deletion per side keeps the index small enough to build
    at pipeline load in about a second."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.by_deletion: dict[str, set[str]] = {}
        self.cities: dict[str, list[Candidate]] = {}
        for name, cands in gaz.names.items():
            big = [c for c in cands
                   if c.kind == "city" and c.population >= FUZZY_MIN_POPULATION]
            if len(name) < FUZZY_MIN_LENGTH or not big:
                continue
            key = name.lower()
            self.cities.setdefault(key, []).extend(big)
            for variant in _deletions(key, 1):
                self.by_deletion.setdefault(variant, set()).add(key)

    @lru_cache(maxsize=16384)  # noqa: B019  (one index per process, words repeat across pages)
    def is_near_miss(self, word: str) -> bool:
        """Whether a capitalised word that is no gazetteer name may be a misspelt city."""
        return not is_known_word(self.gaz, word) and bool(self.lookup(word))

    @lru_cache(maxsize=4096)  # noqa: B019  (one index per process, words repeat across pages)
    def lookup(self, word: str) -> tuple[Candidate, ...]:
        word = word.lower()
        limit = _fuzzy_limit(word)
        names = set()
        for variant in _deletions(word, 1):
            names |= self.by_deletion.get(variant, set())
        best: dict[int, tuple[int, Candidate]] = {}
        for name in sorted(names):  # sorted: the result must not depend on hash order
            dist = _edit_distance(word, name, limit)
            if dist > limit:
                continue
            for cand in self.cities[name]:
                if dist < best.get(cand.geonames_id, (limit + 1,))[0]:
                    best[cand.geonames_id] = (dist, cand)
        if not best:
            return ()
        closest = min(d for d, _ in best.values())
        return tuple(c for _gid, (d, c) in sorted(best.items()) if d == closest)


_FUZZY: list[tuple[Gazetteer, _FuzzyIndex]] = []


def _fuzzy_index(gaz: Gazetteer) -> _FuzzyIndex:
    """The near-miss index of a gazetteer, built once per process (about a second)."""
    if not _FUZZY or _FUZZY[0][0] is not gaz:
        _FUZZY[:] = [(gaz, _FuzzyIndex(gaz))]
    return _FUZZY[0][1]


def is_partnership_sentence(text: str) -> bool:
    return bool(ANY_PARTNERSHIP.search(text))


def is_known_word(gaz: Gazetteer, word: str) -> bool:
    """A Swedish place or word is never a misspelt foreign city."""
    return (
        gaz.is_swedish(word)
        or word.lower() in STOP_WORDS
        or word in cues.SWEDISH_WORDS_AS_TOWNS
        or word in cues.NOT_FOREIGN
        or word in cues.ORDINARY_WORD_TOWNS
    )


def _swedish_genitive(gaz: Gazetteer, name: str) -> bool:
    """`Salems`: a Swedish name's genitive, whatever foreign town is spelt that way."""
    return name.endswith("s") and gaz.is_swedish(name[:-1])


def can_be_foreign(gaz: Gazetteer, name: str) -> bool:
    """Whether a gazetteer name found in a text may name a place abroad at all.

    The cheap test of the pre-scan: a Swedish municipality, a stop word, a supranational
    name or a Swedish word is never a candidate; other Swedish names (Lappland, Viken) are,
    when they also name a place abroad, for the context to decide.
    """
    if name in cues.NOT_FOREIGN or name in cues.SWEDISH_WORDS_AS_TOWNS:
        return False
    if name.lower() in STOP_WORDS or gaz.is_swedish_municipality(name):
        return False
    if _swedish_genitive(gaz, name) and gaz.is_swedish_municipality(name[:-1]):
        return False
    return any(c.country != "SE" for c in gaz.lookup(name))


@Language.factory("tnkg_gazetteer")
class GazetteerMatcher:
    """Mark gazetteer names (and, in partnership sentences, near misses of large cities)."""

    def __init__(self, nlp: Language, name: str):
        self.gaz = load_gazetteer()
        self.fuzzy = _fuzzy_index(self.gaz)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        spans = []
        covered = []
        for start, end, name in scan_names(self.gaz.automaton, text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            span._.tnkg_candidates = self.gaz.lookup(name)
            span._.tnkg_name = name
            span._.tnkg_fuzzy = False
            spans.append(span)
            covered.append((start, end))
        near = [
            m
            for m in _CAPITALISED.finditer(text)
            if self.fuzzy.is_near_miss(m.group())
            and not any(s <= m.start() < e for s, e in covered)
        ]
        if near and is_partnership_sentence(text):
            for match in near:
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    span._.tnkg_candidates = self.fuzzy.lookup(match.group())
                    span._.tnkg_name = match.group()
                    span._.tnkg_fuzzy = True
                    spans.append(span)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start_char)
        return doc


# --- disambiguation ---------------------------------------------------------------------


@Language.factory("tnkg_disambiguate")
class Disambiguator:
    """Keep the spans that name a foreign place and resolve each to one Candidate."""

    def __init__(self, nlp: Language, name: str):
        self.gaz = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        kept = []
        spans = list(doc.spans.get(SPANS_KEY, ()))
        starts = sentence_starts(doc) if spans else set()
        # tokens of other names that are surely places (`Paris Frankrike`); a word that is
        # also a town (`University`) or a short name (`Anna Bergen`) proves nothing
        named = {i for span in spans if _is_certain(doc, span) for i in range(span.start, span.end)}
        listed = _in_lists(doc, spans)
        for span in spans:
            if not self._is_place(doc, span, starts, named):
                continue
            place = self._choose(doc, span, starts, listed)
            if place is None:
                continue
            span._.tnkg_place = place
            kept.append(span)
        doc.spans[SPANS_KEY] = kept
        return doc

    def _is_place(self, doc: Doc, span: Span, starts: set[int], named: set[int]) -> bool:
        name = span._.tnkg_name
        if name in cues.NOT_FOREIGN or name in cues.SWEDISH_WORDS_AS_TOWNS:
            return False
        if name.lower() in STOP_WORDS:
            return False
        if self._swedish_here(doc, span):
            return False
        if span._.tnkg_fuzzy and _is_ordinary(doc, span):
            return False  # a near miss of a word is the word
        if any(t.ent_type_ in PERSON_LABELS for t in span):
            return False
        if span.start > 0:
            prev = doc[span.start - 1]
            # `Richard Florida`, `Jobbtorg Stockholm`: the name ends a longer proper name,
            # at a sentence start too; `Partnerstaden Klaipėda`, `Region Midtjylland` are
            # the place itself.
            if (
                prev.is_alpha
                and prev.text[:1].isupper()
                and not prev.is_upper
                and prev.i not in named
                and prev.lower_ not in STOP_WORDS
                and prev.text not in cues.REGION_PREFIXES
                and prev.text not in cues.PLACE_HEADS
            ):
                return False
            if span.start not in starts and prev.lower_ in cues.DETERMINERS:
                return False  # `en Mentor`: a common noun, whatever town shares its name
        if span.end < len(doc):
            nxt = doc[span.end]
            # `Toronto University`, `Bemanning Partner AB`: an organisation's or person's
            # name; `Birmingham City Council`, `Trondheim Kommune` still name the place.
            if (
                nxt.is_alpha
                and nxt.text[:1].isupper()
                and nxt.i not in named
                and nxt.i not in starts
                and nxt.text not in cues.PLACE_KEEPING_WORDS
            ):
                return False
        return True

    def _swedish_here(self, doc: Doc, span: Span) -> bool:
        """Whether the name denotes a Swedish place here.

        A municipality's name always does; another Swedish name (a landskap, county or
        town: Lappland, Viken) only without a foreign qualifier (`finska Lappland`,
        `Lappland i Finland`, `Viken, Norge`).
        """
        name = span._.tnkg_name
        if self.gaz.is_swedish_municipality(name):
            return True
        if not (self.gaz.is_swedish(name) or _swedish_genitive(self.gaz, name)):
            return False
        foreign = {c.country for c in span._.tnkg_candidates if c.country != "SE"}
        return _foreign_qualifier(doc, span, self.gaz) not in foreign

    def _choose(
        self, doc: Doc, span: Span, starts: set[int], listed: set[int]
    ) -> Candidate | None:
        initial = span.start in starts
        # an ordinary word or a short name needs a place context, or a very large city
        ordinary = _is_ordinary(doc, span)
        short = len(span._.tnkg_name) <= SHORT_NAME_LENGTH
        needed = (
            0 if not (ordinary or short) or _in_place_context(doc, span, listed, self.gaz)
            else ORDINARY_WORD_MIN_POPULATION if ordinary
            else SHORT_NAME_MIN_POPULATION
        )
        qualifier = _qualifier_country(doc, span, self.gaz) or _foreign_qualifier(
            doc, span, self.gaz
        )
        swedish_name = self.gaz.is_swedish(span._.tnkg_name)

        def large_enough(c: Candidate) -> bool:
            if c.kind != "city":
                return True
            if c.population < needed:
                return False
            if c.country not in self.gaz.european:
                return c.population >= REMOTE_CITY_MIN_POPULATION
            return c.population >= (INITIAL_CITY_MIN_POPULATION if initial else 0)

        cands = [
            c
            for c in span._.tnkg_candidates
            if c.country != "SE"
            and large_enough(c)
            and (not swedish_name or c.country == qualifier)
        ]
        if not cands:
            return None
        prefixed = span.start > 0 and doc[span.start - 1].text in cues.REGION_PREFIXES
        context = doc._.tnkg_countries

        def score(c: Candidate) -> tuple[float, int]:
            value = math.log10(max(c.population, 1))
            if not c.primary:
                value -= 1.0  # an untagged alternate name is weaker evidence
            if c.country == qualifier:
                value += 10
            elif c.country in context:
                value += 2
            if c.kind == "region" and not prefixed:
                value -= 4  # Oslo the city before Oslo the county
            # ties go to the lower id, never to the order the candidates came in
            return value, -(c.geonames_id or 0)

        return max(cands, key=score)


def _is_ordinary(doc: Doc, span: Span) -> bool:
    """Whether a name is also an ordinary word (curated, or written small on the page)."""
    name = span._.tnkg_name
    return name in cues.ORDINARY_WORD_TOWNS or name in doc._.tnkg_words


def _is_certain(doc: Doc, span: Span) -> bool:
    """A name that is neither short nor an ordinary word: a place if it is anything."""
    return len(span._.tnkg_name) > SHORT_NAME_LENGTH and not _is_ordinary(doc, span)


def _in_lists(doc: Doc, spans: Sequence[Span]) -> set[int]:
    """Starts of the spans that are items of a list of places (`Bodø, Alta och Narvik`):
    a run of names joined by `,` / `och` / `/` holding at least one name that is neither
    short nor an ordinary word (`Moss och Alta` alone proves nothing)."""
    listed: set[int] = set()
    run: list[Span] = []

    def close() -> None:
        strong = any(_is_certain(doc, s) for s in run)
        if len(run) > 1 and strong:
            listed.update(s.start for s in run)

    for span in sorted(spans, key=lambda s: s.start):
        if run and not (
            span.start == run[-1].end + 1 and doc[run[-1].end].lower_ in cues.LIST_JOINERS
        ):
            close()
            run = []
        run.append(span)
    close()
    return listed


def _in_place_context(doc: Doc, span: Span, listed: set[int], gaz: Gazetteer) -> bool:
    """`i Nice`, `till Split`, `från Reading`, `Ogre i Lettland`, or one item of a list of
    places."""
    if span.start > 0 and doc[span.start - 1].lower_ in cues.PLACE_PREPOSITIONS:
        return True
    if span.start in listed:
        return True
    if _qualifier_country(doc, span, gaz) or _foreign_qualifier(doc, span, gaz):
        return True
    # an item of a list opened by a cue line (`Våra partners är:` / `• Nice`)
    return bool(doc._.tnkg_lead) and span.start <= 2


def _qualifier_country(doc: Doc, span: Span, gaz: Gazetteer) -> str | None:
    """The country named right after `Paris, Frankrike` style, if any."""
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        for cand in gaz.lookup(nxt.text):
            if cand.kind in ("country", "region"):
                return cand.country
    return None


_PLACE_KINDS_LOWER = frozenset(word.lower() for word in cues.PLACE_KEEPING_WORDS)


def _foreign_qualifier(doc: Doc, span: Span, gaz: Gazetteer) -> str | None:
    """The country that `finska Lappland`, `Lappland i Finland`, `Viken, Norge` or
    `Viken (Norge)` puts a name in, if any."""
    if span.start > 0:
        country = cues.COUNTRY_ADJECTIVES.get(doc[span.start - 1].lower_)
        if country:
            return country
    # after the name, perhaps past its kind (`Viken fylkeskommune i Norge`)
    for j in range(span.end, min(span.end + 3, len(doc) - 1)):
        if doc[j].text in (",", "i", "in", "("):
            for cand in gaz.lookup(doc[j + 1].text):
                if cand.kind == "country":
                    return cand.country
            return None
        if doc[j].lower_ not in _PLACE_KINDS_LOWER:
            return None
    return None


# --- roles ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cues:
    """Which cues a piece of text carries (names of the cue tables' entries)."""

    partner: tuple[str, ...]
    planned: tuple[str, ...]
    past: tuple[str, ...]
    related: tuple[str, ...]
    continuing: tuple[str, ...]
    negation: tuple[str, ...]
    frame: bool

    @classmethod
    def of(cls, text: str) -> Cues:
        if not _ANY_CUE.search(text):
            return _NO_CUES if not FRAME.search(text) else _FRAME_ONLY

        def hits(table: dict[str, re.Pattern[str]]) -> tuple[str, ...]:
            if not _SCREEN[id(table)].search(text):
                return ()  # most sentences carry no cue: one search instead of one per cue
            return tuple(name for name, pattern in table.items() if pattern.search(text))

        return cls(
            hits(PARTNER),
            hits(PLANNED),
            hits(PAST),
            hits(RELATED),
            hits(CONTINUING),
            hits(NEGATION),
            bool(FRAME.search(text)),
        )


# One pattern for every cue: a sentence without any is classified with a single search.
_ANY_CUE = re.compile("|".join(f"(?:{p.pattern})" for p in _SCREEN.values()), re.I)
_NO_CUES = Cues((), (), (), (), (), (), False)
_FRAME_ONLY = Cues((), (), (), (), (), (), True)


def classify(text: str, *, transnational: bool = False, listed: bool = False) -> str:
    """The role a sentence (or clause) gives the places it names.

    >>> classify("Våra transnationella partners är Trondheim och Birmingham.")
    'partner'
    >>> classify("Vi avser också att söka samarbetspartner i Polen.")
    'planned'
    """
    return _classify(Cues.of(text), transnational=transnational, listed=listed)


def _classify(c: Cues, *, transnational: bool, listed: bool) -> str:
    partnership = bool(c.partner) or (transnational and c.frame) or listed
    if c.related and (partnership or c.frame):
        return "related"
    if c.continuing and (partnership or c.frame):
        return "partner"  # `fortsätta samarbetet med`: a partner already
    intent = [p for p in c.planned if p not in cues.TRIP_PLANNED]
    trips = [p for p in c.planned if p in cues.TRIP_PLANNED]
    strong_intent = [p for p in intent if p not in cues.WEAK_PLANNED]
    if c.negation:
        # `har inga transnationella partners`: no partner, unless one is sought
        return "planned" if strong_intent or (intent and c.frame) else "mention"
    if strong_intent or (intent and (partnership or c.frame or trips)):
        return "planned"
    if trips:
        return "partner" if c.past else "planned"
    if partnership or (c.past and c.frame):
        return "partner"
    return "mention"


def _clause(text: str, start: int, end: int) -> str:
    """The clause of `text` around [start, end): a new subject starts a new clause."""
    cuts = [0] + [m.start() for m in CLAUSE_BREAK.finditer(text)] + [len(text)]
    i = bisect_right(cuts, start) - 1
    return text[cuts[i] : max(cuts[i + 1], end)]


def _local_mention(text: str, span: Span) -> bool:
    """Background facts about this very place: `Polen har tagit initiativ`, `kommer från X`."""
    after = text[span.end_char : span.end_char + 60]
    before = text[max(0, span.start_char - 60) : span.start_char]
    return any(p.search(after) for p in MENTION_AFTER.values()) or any(
        p.search(before) for p in MENTION_BEFORE.values()
    )


@Language.factory("tnkg_roles")
class RoleClassifier:
    """Give each place span its role from the cues of its clause, sentence and context."""

    def __init__(self, nlp: Language, name: str):
        self.gaz = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans.get(SPANS_KEY, ())
        if not spans:
            return doc
        text = doc.text  # built anew from the tokens on every read: read once
        heading = (doc._.tnkg_section or "").strip().lower()
        transnational = heading.startswith(cues.TRANSNATIONAL_HEADINGS)
        lead = doc._.tnkg_lead or ""
        listed = bool(lead) and classify(lead, transnational=transnational) != "mention"
        sentence_text = f"{lead} {text}" if lead else text
        sentence_cues = Cues.of(sentence_text)
        sentence_role = _classify(sentence_cues, transnational=transnational, listed=listed)
        for span in spans:
            if _local_mention(text, span) or _is_qualifier(doc, span):
                span._.tnkg_role = "mention"
                continue
            clause = _clause(text, span.start_char, span.end_char)
            role = sentence_role
            if clause != text:
                clause_role = classify(clause, transnational=transnational, listed=listed)
                if clause_role != "mention":
                    role = clause_role
            if span._.tnkg_fuzzy and role not in ("partner", "planned"):
                role = None  # a near miss counts only where the text is about partnership
            span._.tnkg_role = role
        kept = [s for s in spans if s._.tnkg_role]
        # How explicit the sentence is, to choose the evidence among sentences giving the
        # same role: a list of partners after `partners är` beats a passing mention.
        explicit = sum(
            len(hits)
            for hits in (sentence_cues.partner, sentence_cues.planned, sentence_cues.related,
                         sentence_cues.continuing, sentence_cues.past)
        ) + (2 if listed else 0)
        for span in kept:
            same = sum(1 for other in kept if other._.tnkg_role == span._.tnkg_role)
            span._.tnkg_strength = explicit + same
        doc.spans[SPANS_KEY] = kept
        return doc


def _is_qualifier(doc: Doc, span: Span) -> bool:
    """`Frankrike` in `Paris, Frankrike`, `Tromsø i Norge` or `Viken fylkeskommune i Norge`:
    where a named place lies."""
    place = span._.tnkg_place
    if place.kind == "city" or span.start < 2 or doc[span.start - 1].text not in (",", "i"):
        return False
    ends = {span.start - 1}
    end = span.start - 1
    while end > 0 and doc[end - 1].lower_ in _PLACE_KINDS_LOWER:
        end -= 1  # past the kind of the place named before (`fylkeskommune`)
        ends.add(end)
    for other in doc.spans[SPANS_KEY]:
        if other.end in ends:
            prev = other._.tnkg_place
            broader = (prev.kind == "city") or (prev.kind == "region" and place.kind == "country")
            return broader and prev.country == place.country
    return False


# --- pipeline and entry point -----------------------------------------------------------

_PIPELINES: dict[str | None, Language] = {}
COMPONENTS = ("tnkg_gazetteer", "tnkg_disambiguate", "tnkg_roles")


def load_pipeline(model: str | None = None) -> Language:
    """The places pipeline, once per process: blank Swedish, or a trained pipeline's signals.

    `model` is the name or path of an installed spaCy pipeline; nothing is downloaded.
    """
    if model in _PIPELINES:
        return _PIPELINES[model]
    if model is None:
        nlp = spacy.blank("sv")
    else:
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError, ImportError) as error:
            raise ExtractError(
                f"spaCy model {model!r} could not be loaded (install it first; tnkg never "
                f"downloads models): {str(error).splitlines()[0]}"
            ) from None
    nlp.add_pipe("tnkg_sentences", first=True)
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    _PIPELINES[model] = nlp
    return nlp


@dataclass(frozen=True, slots=True)
class _Found:
    order: tuple[int, int]  # (section index, character offset): text order
    written: str
    role: str
    strength: int  # how explicitly the sentence gives the role (see RoleClassifier)
    evidence: str
    place: Candidate


@dataclass(frozen=True, slots=True)
class _Sentence:
    section: int
    offset: int
    text: str
    lead: str  # the line opening the list the sentence is an item of, or ""


class _SectionSentences:
    """Sentences of one section, split paragraph by paragraph only where asked for.

    A paragraph ends at a blank line, where no sentence goes on, so splitting it alone
    gives the sentences that splitting the whole section would.
    """

    def __init__(self, text: str):
        self.text = text
        self.paragraphs: dict[int, list[tuple[int, int]]] = {}

    def paragraph_start(self, pos: int) -> int:
        cut = self.text.rfind("\n\n", 0, pos)
        return 0 if cut < 0 else cut + 2

    def sentences_of(self, start: int) -> list[tuple[int, int]]:
        if start not in self.paragraphs:
            end = self.text.find("\n\n", start)
            end = len(self.text) if end < 0 else end
            self.paragraphs[start] = [
                (start + s, start + e) for s, e in split_sentences(self.text[start:end])
            ]
        return self.paragraphs[start]

    def around(self, pos: int) -> tuple[int, int] | None:
        """The sentence holding character `pos`."""
        spans = self.sentences_of(self.paragraph_start(pos))
        i = bisect_right([s for s, _ in spans], pos) - 1
        return spans[i] if i >= 0 and pos < spans[i][1] else None

    def lead(self, start: int) -> str:
        """The line ending in `:` that opens the list whose item starts at `start`."""
        if not LIST_ITEM.match(self.text[start : start + 8]):
            return ""
        para = self.paragraph_start(start)
        spans = [s for s in self.sentences_of(para) if s[0] < start]
        while True:
            for s, e in reversed(spans):
                sentence = self.text[s:e]
                if sentence.rstrip().endswith(":"):
                    return sentence
                if not LIST_ITEM.match(sentence):
                    return ""
            if para == 0:
                return ""
            # the list goes on across a blank line: read the paragraph before it
            para = self.paragraph_start(para - 2)
            spans = self.sentences_of(para)


def _scan_section(gaz: Gazetteer, fuzzy: _FuzzyIndex, text: str):
    """(positions of hits worth a look, foreign countries named, names written small too)."""
    positions = []
    countries: set[str] = set()
    covered = []
    names = set()
    for start, end, name in scan_names(gaz.automaton, text):
        covered.append((start, end))
        if not can_be_foreign(gaz, name):
            continue
        positions.append(start)
        names.add(name)
        countries.update(c.country for c in gaz.lookup(name) if c.kind == "country")
    # near misses of large cities (`Warzawa`); the pipeline keeps them only in a
    # partnership sentence
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if fuzzy.is_near_miss(word) and not any(s <= match.start() < e for s, e in covered):
            positions.append(match.start())
            names.add(word)
    return positions, countries, names


def _small_words(sections: Sequence[Section], names: set[str]) -> frozenset[str]:
    """The names that the page also writes as small-letter words (`bemanning`, `staden`)."""
    out = set()
    for name in names:
        word = name.lower()
        if word != name and any(_has_word(s.text, word) for s in sections):
            out.add(name)
    return frozenset(out)


def _has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word (str.find: no regex over the page)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _is_word_char(text[start - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            return True
        start = text.find(word, start + 1)
    return False


def _page_sentences(sections: Sequence[Section], gaz: Gazetteer, fuzzy: _FuzzyIndex):
    """The sentences of the page worth giving to spaCy, the countries it names, and its
    names that are also small-letter words."""
    out: list[_Sentence] = []
    countries: set[str] = set()
    names: set[str] = set()
    for index, section in enumerate(sections):
        positions, found_countries, found_names = _scan_section(gaz, fuzzy, section.text)
        countries |= found_countries
        names |= found_names
        if not positions:
            continue
        split = _SectionSentences(section.text)
        seen = set()
        for pos in sorted(positions):
            span = split.around(pos)
            if span is None or span in seen:
                continue
            seen.add(span)
            sentence = section.text[span[0] : span[1]]
            lead = split.lead(span[0])
            out.append(_Sentence(index, span[0], sentence, lead if lead != sentence else ""))
    return out, countries, _small_words(sections, names)


def find_places(sections: Sequence[Section], *, nlp: Language | None = None) -> tuple[Place, ...]:
    """The foreign places the sections name, one per place, with their strongest role."""
    nlp = nlp or load_pipeline()
    gaz = load_gazetteer()
    jobs, page_countries, small_words = _page_sentences(sections, gaz, _fuzzy_index(gaz))
    docs = []
    for job in jobs:
        doc = nlp.make_doc(job.text)
        doc._.tnkg_section = sections[job.section].heading
        doc._.tnkg_lead = job.lead
        doc._.tnkg_countries = frozenset(page_countries)
        doc._.tnkg_words = small_words
        docs.append(doc)
    found: list[_Found] = []
    for job, doc in zip(jobs, nlp.pipe(docs), strict=True):
        evidence = f"{job.lead} {job.text}" if job.lead else job.text
        for span in doc.spans.get(SPANS_KEY, ()):
            written = span.text if span._.tnkg_fuzzy else span._.tnkg_name
            found.append(
                _Found(
                    (job.section, job.offset + span.start_char),
                    written,
                    span._.tnkg_role,
                    span._.tnkg_strength or 0,
                    " ".join(evidence.split()),
                    span._.tnkg_place,
                )
            )
    return tuple(_merge(found))


def _key(place: Candidate) -> tuple:
    if place.kind == "city":
        return ("city", place.geonames_id)
    if place.kind == "country":
        return ("country", place.country)
    return ("region", place.iso3166_2 or f"{place.country}-{place.name}")


def _merge(found: Iterable[_Found]) -> list[Place]:
    """One Place per distinct place: first spelling, other spellings, strongest role."""
    by_place: dict[tuple, list[_Found]] = {}
    for f in sorted(found, key=lambda f: f.order):
        by_place.setdefault(_key(f.place), []).append(f)
    places = []
    for group in by_place.values():
        # the strongest role; among its sentences the most explicit, then the first
        best = min(group, key=lambda f: (_RANK[f.role], -f.strength, f.order))
        first = group[0]
        variants = tuple(dict.fromkeys(f.written for f in group if f.written != first.written))
        p = first.place
        places.append(
            Place(
                name=first.written,
                kind=p.kind,
                country=p.country,
                role=best.role,
                evidence=best.evidence,
                geonames_id=p.geonames_id if p.kind == "city" else None,
                iso3166_2=p.iso3166_2 if p.kind == "region" else None,
                variants=variants,
            )
        )
    return places
