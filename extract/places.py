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

Speed: spaCy never sees most of a page. `find_places` splits sentences with a regular
expression and scans every section with the same automaton first; only sentences with a
gazetteer name (or a partnership cue, for spelling variants) are handed to the pipeline.
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
from tnkg.extract import sentences as _sentences  # noqa: F401  (registers tnkg_sentences)
from tnkg.extract.data import place_cues as cues
from tnkg.extract.gazetteer import Candidate, Gazetteer, load_gazetteer
from tnkg.extract.record import PLACE_ROLES, Place, Section
from tnkg.extract.sentences import split_sentences

from tnkg.errors import ExtractError

SPANS_KEY = "tnkg_places"
# Near misses link only to cities this large: a misspelt partner city is a known one.
FUZZY_MIN_POPULATION = 200_000
FUZZY_MIN_LENGTH = 6
# Small towns far away share their names with English and Swedish words (Mentor, Staden,
# University): outside Europe, and at a sentence start, only larger cities count.
REMOTE_CITY_MIN_POPULATION = 100_000
INITIAL_CITY_MIN_POPULATION = 50_000
PERSON_LABELS = frozenset({"PER", "PRS", "PERSON"})
ORG_LABELS = frozenset({"ORG"})

_RANK = {role: i for i, role in enumerate(PLACE_ROLES)}  # 0 is strongest


def _compile(table: dict[str, str], flags: int = re.I) -> dict[str, re.Pattern[str]]:
    return {name: re.compile(pattern, flags) for name, pattern in table.items()}


PARTNER = _compile(cues.PARTNER_CUES)
PLANNED = _compile(cues.PLANNED_CUES)
PAST = _compile(cues.PAST_CUES)
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
    for table in (PARTNER, PLANNED, PAST, RELATED)
}
_CAPITALISED = re.compile(
    rf"(?<![\w-])[A-ZÅÄÖ][a-zåäöéèüæøß]{{{FUZZY_MIN_LENGTH - 1},}}(?![\w-])"
)

for _name in ("tnkg_section", "tnkg_lead"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default="")
if not Doc.has_extension("tnkg_countries"):
    Doc.set_extension("tnkg_countries", default=frozenset())
for _name in ("tnkg_candidates", "tnkg_place", "tnkg_role", "tnkg_name", "tnkg_fuzzy"):
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

    @lru_cache(maxsize=4096)  # noqa: B019  (one index per process, words repeat across pages)
    def lookup(self, word: str) -> tuple[Candidate, ...]:
        word = word.lower()
        limit = _fuzzy_limit(word)
        names = set()
        for variant in _deletions(word, 1):
            names |= self.by_deletion.get(variant, set())
        best: dict[int, tuple[int, Candidate]] = {}
        for name in names:
            dist = _edit_distance(word, name, limit)
            if dist > limit:
                continue
            for cand in self.cities[name]:
                if dist < best.get(cand.geonames_id, (limit + 1,))[0]:
                    best[cand.geonames_id] = (dist, cand)
        if not best:
            return ()
        closest = min(d for d, _ in best.values())
        return tuple(c for d, c in best.values() if d == closest)


def is_partnership_sentence(text: str) -> bool:
    return bool(ANY_PARTNERSHIP.search(text))


@Language.factory("tnkg_gazetteer")
class GazetteerMatcher:
    """Mark gazetteer names (and, in partnership sentences, near misses of large cities)."""

    def __init__(self, nlp: Language, name: str):
        self.gaz = load_gazetteer()
        self.fuzzy = _FuzzyIndex(self.gaz)

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
        if is_partnership_sentence(text):
            for match in _CAPITALISED.finditer(text):
                word = match.group()
                if any(s <= match.start() < e for s, e in covered) or self._is_known(word):
                    continue
                cands = self.fuzzy.lookup(word)
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if cands and span is not None:
                    span._.tnkg_candidates = cands
                    span._.tnkg_name = word
                    span._.tnkg_fuzzy = True
                    spans.append(span)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start_char)
        return doc

    def _is_known(self, word: str) -> bool:
        """A Swedish place or word is never a misspelt foreign city."""
        return (
            self.gaz.is_swedish(word)
            or word.lower() in STOP_WORDS
            or word in cues.SWEDISH_WORDS_AS_TOWNS
            or word in cues.NOT_FOREIGN
        )


# --- disambiguation ---------------------------------------------------------------------


@Language.factory("tnkg_disambiguate")
class Disambiguator:
    """Keep the spans that name a foreign place and resolve each to one Candidate."""

    def __init__(self, nlp: Language, name: str):
        self.gaz = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        kept = []
        spans = list(doc.spans.get(SPANS_KEY, ()))
        # sentence starts once per doc: each Token.is_sent_start read walks the whole doc
        starts = {sent.start for sent in doc.sents} if spans else set()
        for span in spans:
            if not self._is_place(doc, span, starts):
                continue
            place = self._choose(doc, span, starts)
            if place is None:
                continue
            span._.tnkg_place = place
            kept.append(span)
        doc.spans[SPANS_KEY] = kept
        return doc

    def _is_place(self, doc: Doc, span: Span, starts: set[int]) -> bool:
        name = span._.tnkg_name
        if name in cues.NOT_FOREIGN or self.gaz.is_swedish(name):
            return False
        if name.lower() in STOP_WORDS or name in cues.SWEDISH_WORDS_AS_TOWNS:
            return False
        if any(t.ent_type_ in PERSON_LABELS for t in span):
            return False
        first = span[0]
        if first.i not in starts:
            prev = doc[first.i - 1]
            # `Richard Florida`, `Jobbtorg Stockholm`: the name ends a longer proper name.
            # `Toronto University`: a name after a place is part of an organisation's name.
            if (
                prev.text[:1].isupper()
                and not prev.is_upper
                and prev.i not in starts
                and prev.text not in cues.REGION_PREFIXES
            ):
                return False
            if prev.lower_ in cues.DETERMINERS:
                return False  # `en Mentor`: a common noun, whatever town shares its name
        return True

    def _choose(self, doc: Doc, span: Span, starts: set[int]) -> Candidate | None:
        initial = span.start in starts
        cands = [c for c in span._.tnkg_candidates if c.country != "SE" and (
            c.kind != "city"
            or c.population >= (
                REMOTE_CITY_MIN_POPULATION if c.country not in self.gaz.european
                else INITIAL_CITY_MIN_POPULATION if initial else 0
            )
        )]
        if not cands:
            return None
        prefixed = span.start > 0 and doc[span.start - 1].text in cues.REGION_PREFIXES
        qualifier = _qualifier_country(doc, span, self.gaz)
        context = doc._.tnkg_countries

        def score(c: Candidate) -> float:
            value = math.log10(max(c.population, 1))
            if not c.primary:
                value -= 1.0  # an untagged alternate name is weaker evidence
            if c.country == qualifier:
                value += 10
            elif c.country in context:
                value += 2
            if c.kind == "region" and not prefixed:
                value -= 4  # Oslo the city before Oslo the county
            return value

        return max(cands, key=score)


def _qualifier_country(doc: Doc, span: Span, gaz: Gazetteer) -> str | None:
    """The country named right after `Paris, Frankrike` style, if any."""
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        for cand in gaz.lookup(nxt.text):
            if cand.kind in ("country", "region"):
                return cand.country
    return None


# --- roles ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cues:
    """Which cues a piece of text carries (names of the cue tables' entries)."""

    partner: tuple[str, ...]
    planned: tuple[str, ...]
    past: tuple[str, ...]
    related: tuple[str, ...]
    frame: bool

    @classmethod
    def of(cls, text: str) -> Cues:
        def hits(table: dict[str, re.Pattern[str]]) -> tuple[str, ...]:
            if not _SCREEN[id(table)].search(text):
                return ()  # most sentences carry no cue: one search instead of one per cue
            return tuple(name for name, pattern in table.items() if pattern.search(text))

        return cls(
            hits(PARTNER), hits(PLANNED), hits(PAST), hits(RELATED), bool(FRAME.search(text))
        )


def classify(text: str, *, transnational: bool = False, listed: bool = False) -> str:
    """The role a sentence (or clause) gives the places it names.

    >>> classify("Våra transnationella partners är Trondheim och Birmingham.")
    'partner'
    >>> classify("Vi avser också att söka samarbetspartner i Polen.")
    'planned'
    """
    c = Cues.of(text)
    partnership = bool(c.partner) or (transnational and c.frame) or listed
    if c.related and (partnership or c.frame):
        return "related"
    intent = [p for p in c.planned if p not in cues.TRIP_PLANNED]
    trips = [p for p in c.planned if p in cues.TRIP_PLANNED]
    strong_intent = [p for p in intent if p not in cues.WEAK_PLANNED]
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


def _local_mention(doc: Doc, span: Span) -> bool:
    """Background facts about this very place: `Polen har tagit initiativ`, `kommer från X`."""
    after = doc.text[span.end_char : span.end_char + 60]
    before = doc.text[max(0, span.start_char - 60) : span.start_char]
    return any(p.search(after) for p in MENTION_AFTER.values()) or any(
        p.search(before) for p in MENTION_BEFORE.values()
    )


@Language.factory("tnkg_roles")
class RoleClassifier:
    """Give each place span its role from the cues of its clause, sentence and context."""

    def __init__(self, nlp: Language, name: str):
        self.gaz = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        heading = (doc._.tnkg_section or "").strip().lower()
        transnational = heading.startswith(cues.TRANSNATIONAL_HEADINGS)
        lead = doc._.tnkg_lead or ""
        listed = bool(lead) and classify(lead, transnational=transnational) != "mention"
        sentence_text = f"{lead} {doc.text}" if lead else doc.text
        sentence_role = classify(sentence_text, transnational=transnational, listed=listed)
        spans = doc.spans.get(SPANS_KEY, ())
        for span in spans:
            if _local_mention(doc, span) or _is_qualifier(doc, span):
                span._.tnkg_role = "mention"
                continue
            clause = _clause(doc.text, span.start_char, span.end_char)
            role = sentence_role
            if clause != doc.text:
                clause_role = classify(clause, transnational=transnational, listed=listed)
                if clause_role != "mention":
                    role = clause_role
            if span._.tnkg_fuzzy and role not in ("partner", "planned"):
                role = None  # a near miss counts only where the text is about partnership
            span._.tnkg_role = role
        doc.spans[SPANS_KEY] = [s for s in spans if s._.tnkg_role]
        return doc


def _is_qualifier(doc: Doc, span: Span) -> bool:
    """`Frankrike` in `Paris, Frankrike` or `Tromsø i Norge`: where a named place lies."""
    place = span._.tnkg_place
    if place.kind == "city" or span.start < 2 or doc[span.start - 1].text not in (",", "i"):
        return False
    for other in doc.spans[SPANS_KEY]:
        if other.end == span.start - 1:
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
    evidence: str
    place: Candidate


def _candidate_sentences(section: Section, gaz: Gazetteer, order: int):
    """(offset, sentence, lead) of the sentences worth giving to spaCy, and country hits."""
    text = section.text
    spans = split_sentences(text)
    starts = [s for s, _ in spans]
    wanted: set[int] = set()
    countries: set[str] = set()
    for start, _end, name in scan_names(gaz.automaton, text):
        wanted.add(bisect_right(starts, start) - 1)
        if not gaz.is_swedish(name) and name not in cues.NOT_FOREIGN:
            countries.update(c.country for c in gaz.lookup(name) if c.kind == "country")
    for i, (s, e) in enumerate(spans):
        if (
            i not in wanted
            and _CAPITALISED.search(text, s, e)
            and is_partnership_sentence(text[s:e])
        ):
            wanted.add(i)
    out = []
    lead = ""
    for i, (s, e) in enumerate(spans):
        sentence = text[s:e]
        if sentence.rstrip().endswith(":"):
            lead = sentence
        elif not LIST_ITEM.match(sentence):
            lead = ""
        if i in wanted:
            out.append((s, sentence, lead if lead != sentence else ""))
    return out, countries


def find_places(sections: Sequence[Section], *, nlp: Language | None = None) -> tuple[Place, ...]:
    """The foreign places the sections name, one per place, with their strongest role."""
    nlp = nlp or load_pipeline()
    gaz = load_gazetteer()
    jobs = []
    page_countries: set[str] = set()
    for index, section in enumerate(sections):
        found, countries = _candidate_sentences(section, gaz, index)
        page_countries |= countries
        jobs.extend(
            (index, section.heading, offset, sentence, lead) for offset, sentence, lead in found
        )
    docs = []
    for _index, heading, _offset, sentence, lead in jobs:
        doc = nlp.make_doc(sentence)
        doc._.tnkg_section = heading
        doc._.tnkg_lead = lead
        doc._.tnkg_countries = frozenset(page_countries)
        docs.append(doc)
    found: list[_Found] = []
    for (index, _heading, offset, sentence, lead), doc in zip(jobs, nlp.pipe(docs), strict=True):
        evidence = f"{lead} {sentence}" if lead else sentence
        for span in doc.spans.get(SPANS_KEY, ()):
            written = span.text if span._.tnkg_fuzzy else span._.tnkg_name
            found.append(
                _Found(
                    (index, offset + span.start_char),
                    written,
                    span._.tnkg_role,
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
        best = min(group, key=lambda f: (_RANK[f.role], f.order))
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
