"""The pre-scan: which sentences of a page are worth a look, and what the page as a whole says.

spaCy never sees most of a page. `scan_page` reads each text of the page once for gazetteer
names (`matching.scan_names`), keeps the hits that can be foreign places (not a Swedish
municipality, a supranational name or a stop word), adds capitalised words that are near
misses of large cities, and cuts out the sentences around those hits (splitting only the
paragraphs they are in). Each sentence goes on as a `Job` carrying its hits, which travel
on the spaCy `Doc`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tnkg.extract.gazetteer import Candidate, Gazetteer
from tnkg.extract.places.matching import FUZZY_MIN_LENGTH, FuzzyIndex, has_word, scan_names
from tnkg.extract.places.words import PlaceWords
from tnkg.extract.sentences import SentenceSplitter

# A word starting where no word or hyphen goes on. The look-behind follows the first letter
# (two characters: the one before it and itself) so that the pattern opens with a set of
# letters, which `re` skips to directly: four times faster than a look-behind first.
_CAPITALISED = re.compile(
    rf"[A-ZÅÄÖ](?<![\w-].)[a-zåäöéèüæøß]{{{FUZZY_MIN_LENGTH - 1},}}(?![\w-])"
)
_WORD = re.compile(r"[^\W\d_]+")
_WORD_OR_MARK = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+|[,:/&]")
_ALL_CAPS = re.compile(r"[A-ZÅÄÖÆØ](?<![\w-].)[A-ZÅÄÖÆØ]{4,}(?![\w-])")
# Words that may stand between a country's adjective and the noun it qualifies (`en dansk
# och fem norska partners`): numbers and short words, joiners, other adjectives.
_ADJECTIVE_GAP = 4
ADJECTIVE_HITS = ("partner", "actor", "code")
# A field's value under its label on a line of its own (`Norsk prosjekteier` / `Meråker
# kommune`): a short line, a name or a list of them; a label may stand over a few of them.
VALUE_LINE_MAX_WORDS = 20
MAX_VALUE_LINES_ABOVE = 3
# `Kvarkenrådet (Lead Part, FI)`, `Skive Kommune (DK)`: a partner's country as an ISO code in
# brackets after its name, in a text listing several so (one `(SK)` is an abbreviation), of
# European countries; `UK` is the everyday code of GB.
_COUNTRY_CODE = re.compile(r"\((?:[^()\n]{0,30}?,\s*)?([A-Z]{2})\)")
CODE_ALIASES = {"UK": "GB"}


@dataclass(frozen=True, slots=True)
class Text:
    """One text of a page that may name places: a section, or a field such as the owner.

    `label` is the section heading or the field's name. A field's place is a partner
    unless the field's words say otherwise (`stodmottagare: Esbjerg Kommune`); the evidence
    of a `labelled` text is `label: sentence`.
    """

    label: str
    text: str
    is_field: bool = False
    labelled: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A name found in a sentence (character offsets in the sentence)."""

    start: int
    end: int
    name: str  # the gazetteer's key, or the written word for a near miss
    candidates: tuple[Candidate, ...]
    fuzzy: bool = False
    # a country's adjective qualifying the project's partners (`norska partners`: "partner")
    # or actors that are partners only where the sentence says so (`norske universitet`)
    adjective: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """What the whole page says, for the decisions about one sentence."""

    countries: frozenset[str]  # countries it names (by name or by an adjective of a partner)
    small_words: frozenset[str]  # names it also writes as small-letter words
    language: str  # sv, da or nb
    transnational: bool  # an Interreg row: its text is about cooperation across the border
    programme_countries: frozenset[str]  # the countries across the border, if known


@dataclass(frozen=True, slots=True)
class Job:
    """A sentence to examine: where it is, its hits, and its context."""

    text_index: int
    offset: int
    sentence: str
    lead: str  # the line opening the list the sentence is an item of, or ""
    following: str  # the next sentence of its paragraph, or "" (`Syftet med resan var ...`)
    label: str
    is_field: bool
    labelled: bool
    hits: tuple[Hit, ...]
    page: Page
    language: str = "sv"
    order: tuple[int, int] = field(default=(0, 0))


class SectionSentences:
    """Sentences of one text, split paragraph by paragraph only where asked for.

    A paragraph ends at a blank line, where no sentence goes on, so splitting it alone
    gives the sentences that splitting the whole text would.
    """

    def __init__(self, text: str, splitter: SentenceSplitter):
        self.text = text
        self.splitter = splitter
        self.paragraphs: dict[int, list[tuple[int, int]]] = {}

    def paragraph_start(self, pos: int) -> int:
        cut = self.text.rfind("\n\n", 0, pos)
        return 0 if cut < 0 else cut + 2

    def sentences_of(self, start: int) -> list[tuple[int, int]]:
        if start not in self.paragraphs:
            end = self.text.find("\n\n", start)
            end = len(self.text) if end < 0 else end
            self.paragraphs[start] = [
                (start + s, start + e) for s, e in self.splitter.split(self.text[start:end])
            ]
        return self.paragraphs[start]

    def following(self, span: tuple[int, int]) -> str:
        """The sentence after `span` in its paragraph, or ""."""
        spans = self.sentences_of(self.paragraph_start(span[0]))
        i = spans.index(span) if span in spans else -1
        if i < 0 or i + 1 >= len(spans):
            return ""
        s, e = spans[i + 1]
        return self.text[s:e]

    def around(self, pos: int) -> tuple[int, int] | None:
        """The sentence holding character `pos`."""
        spans = self.sentences_of(self.paragraph_start(pos))
        i = bisect_right([s for s, _ in spans], pos) - 1
        return spans[i] if i >= 0 and pos < spans[i][1] else None

    def lead(self, start: int, is_label: Callable[[str], bool]) -> str:
        """The line that opens the list or field whose item or value starts at `start`: a
        line ending in `:` over list items, or a field's label on a line of its own over
        its values (`Andre partnere` / `Trondhjems Turistforening`)."""
        return self._list_lead(start) or self._label_above(start, is_label)

    def _label_above(self, start: int, is_label: Callable[[str], bool]) -> str:
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if (text[line_start:start].strip() or len(line.split()) > VALUE_LINE_MAX_WORDS
                or is_label(line)):
            return ""  # not a line of its own, prose, or a label itself
        pos = line_start
        for _ in range(MAX_VALUE_LINES_ABOVE):
            above = text[:pos].rstrip()
            if not above:
                return ""
            prev_start = above.rfind("\n") + 1
            prev = above[prev_start:].strip()
            if is_label(prev):
                return prev.rstrip(":").rstrip() + ":"  # the label as a field's is written
            if len(prev.split()) > VALUE_LINE_MAX_WORDS or prev.endswith((".", "!", "?")):
                return ""
            pos = prev_start
        return ""

    def _list_lead(self, start: int) -> str:
        if not self.splitter.is_list_item(self.text[start : start + 8]):
            return ""
        para = self.paragraph_start(start)
        spans = [s for s in self.sentences_of(para) if s[0] < start]
        while True:
            for s, e in reversed(spans):
                sentence = self.text[s:e]
                if sentence.rstrip().endswith(":"):
                    return sentence
                if not self.splitter.is_list_item(sentence):
                    return ""
            if para == 0:
                return ""
            # the list goes on across a blank line: read the paragraph before it
            para = self.paragraph_start(para - 2)
            spans = self.sentences_of(para)


def can_be_foreign(
    gaz: Gazetteer, words: PlaceWords, stop_words: frozenset[str], name: str
) -> bool:
    """Whether a gazetteer name found in a text may name a place abroad at all.

    The cheap test of the pre-scan: a Swedish municipality, a stop word or a supranational
    name is never a candidate; other Swedish names (Lappland, Viken) are, when they also
    name a place abroad, for the context to decide.
    """
    if name in words.not_foreign or name.lower() in stop_words:
        return False
    if gaz.is_swedish_municipality(name):
        return False
    if name.endswith("s") and gaz.is_swedish_municipality(name[:-1]):
        return False
    return any(c.country != "SE" for c in gaz.lookup(name))


@dataclass
class _Scan:
    positions: list[int]
    # start, end, name, how found ("name", "fuzzy", "adjective"): offsets in the text
    hits: list[tuple[int, int, str, str]]

    def add(self, start: int, end: int, name: str, how: str) -> None:
        self.positions.append(start)
        self.hits.append((start, end, name, how))


def _scan_text(gaz, fuzzy: FuzzyIndex, words: PlaceWords, stop_words, text: str) -> _Scan:
    scan = _Scan([], [])
    covered = []
    for start, end, name in scan_names(gaz, text):
        covered.append((start, end))
        if can_be_foreign(gaz, words, stop_words, name):
            scan.add(start, end, name, "name")
    for match in _ALL_CAPS.finditer(text):  # `VISIT BERGEN`
        name = match.group().title()
        if gaz.lookup(name) and can_be_foreign(gaz, words, stop_words, name):
            scan.add(match.start(), match.end(), name, "name")
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if fuzzy.is_near_miss(word) and not any(s <= match.start() < e for s, e in covered):
            scan.add(match.start(), match.end(), word, "fuzzy")
    for start, end, written, qualified in _partner_adjectives(text, words):
        scan.add(start, end, written, qualified)
    codes = [(m, CODE_ALIASES.get(m.group(1), m.group(1))) for m in _COUNTRY_CODE.finditer(text)]
    # European countries only: `(TH)`, `(EH)` are abbreviations before they are Thailand
    codes = [(m, code) for m, code in codes if code in gaz.european]
    if len(codes) >= 2:  # a listing of partners by country, not one abbreviation (`(SK)`)
        for match, code in codes:
            if code != "SE":
                scan.add(match.start(1), match.end(1), code, "code")
    return scan


def _partner_adjectives(text: str, words: PlaceWords) -> list[tuple[int, int, str, str]]:
    """Countries' adjectives that qualify the project's partners, owners, side or
    cooperation (`norska partners`, `på norsk sida`, `Projektägare svensk och norsk:`, `ett
    svensk-finskt samarbete`), not customers or markets (`norska företag`)."""
    lowered = text.lower()
    # most texts name no country's adjective: one pass of the stems' automaton says so
    stems = [(last + 1 - len(stem)) for last, stem in words.adjective_stems.iter(lowered)]
    if not stems:
        return []
    if len(lowered) != len(text):  # `İ` lower-cased is two characters: read it all
        return _qualifying(_tokens(text, 0), None, words)
    found: dict[int, tuple[int, int, str, str]] = {}
    for stem_start in stems:
        # tokens hold no space: those after the last one before the stem are the text's
        restart = max(text.rfind(" ", 0, stem_start), text.rfind("\n", 0, stem_start)) + 1
        for hit in _qualifying(_tokens(text, restart, stem_start), stem_start, words):
            found[hit[0]] = hit
    return [found[start] for start in sorted(found)]


def _tokens(text: str, start: int, holding: int | None = None) -> list[tuple[int, int, str]]:
    """The words and marks of `text` from `start` (where none goes on), to the end or to
    the `_ADJECTIVE_GAP + 1` after the one holding character `holding`."""
    tokens = []
    after = -1
    for m in _WORD_OR_MARK.finditer(text, start):
        tokens.append((m.start(), m.end(), m.group()))
        if after >= 0 or (holding is not None and m.end() > holding):
            after += 1
            if after > _ADJECTIVE_GAP + 1:
                break
    return tokens


def _qualifying(tokens: list[tuple[int, int, str]], holding: int | None, words: PlaceWords
                ) -> list[tuple[int, int, str, str]]:
    """The adjectives among `tokens` (or the one holding character `holding`) that qualify
    partners or actors."""
    found = []
    for i, (start, end, written) in enumerate(tokens):
        if holding is not None and not start <= holding < end:
            continue
        parts = written.lower().split("-")
        countries = [words.adjectives.get(p) for p in parts]
        if not any(c and c != "SE" for c in countries):
            continue
        for j in range(i + 1, min(i + 2 + _ADJECTIVE_GAP, len(tokens))):
            following = tokens[j][2]
            if following == ":" or words.partner_nouns.match(following):
                found.append((start, end, written, "partner"))
                break
            if words.actor_nouns.match(following):
                found.append((start, end, written, "actor"))
                break
            lower = following.lower()
            if not (lower in words.list_joiners or lower in words.adjectives
                    or following.isdigit() or (len(lower) <= 4 and following.islower())):
                break
    return found


def scan_page(
    texts: Sequence[Text],
    *,
    gaz: Gazetteer,
    fuzzy: FuzzyIndex,
    words: PlaceWords,
    splitter: SentenceSplitter,
    stop_words: frozenset[str],
    is_label: Callable[[str], bool] = lambda line: False,
    transnational: bool = False,
    programme_countries: frozenset[str] = frozenset(),
) -> list[Job]:
    """The sentences of the page worth giving to spaCy, each with its hits and the page.

    `is_label` tells a field's label written on a line of its own (`RoleCues.is_field_label`).
    """
    scans = [_scan_text(gaz, fuzzy, words, stop_words, t.text) for t in texts]
    countries: set[str] = set()
    names: set[str] = set()
    for scan in scans:
        for _s, _e, name, how in scan.hits:
            if how in ADJECTIVE_HITS:
                countries.update(c.country for c in _hit_countries(gaz, words, name, how))
                continue
            names.add(name)
            if how == "name":
                countries.update(c.country for c in gaz.lookup(name) if c.kind == "country")
    all_words = [w for t in texts for w in _WORD.findall(t.text[:2000])]
    page = Page(
        countries=frozenset(countries),
        small_words=_small_words(texts, names),
        language=words.language_of(all_words),
        transnational=transnational,
        programme_countries=programme_countries,
    )
    jobs: list[Job] = []
    for index, (item, scan) in enumerate(zip(texts, scans, strict=True)):
        if not scan.positions:
            continue
        split = SectionSentences(item.text, splitter)
        by_sentence: dict[tuple[int, int], list[Hit]] = {}
        for start, end, name, how in sorted(scan.hits):
            span = split.around(start)
            if span is None or end > span[1]:
                continue
            if how in ADJECTIVE_HITS:
                cands = _hit_countries(gaz, words, name, how)
            else:
                cands = fuzzy.lookup(name) if how == "fuzzy" else gaz.lookup(name)
            by_sentence.setdefault(span, []).append(
                Hit(start - span[0], end - span[0], name, cands, how == "fuzzy",
                    how if how in ADJECTIVE_HITS else "")
            )
        for (s, e), hits in by_sentence.items():
            sentence = item.text[s:e]
            lead = split.lead(s, is_label)
            jobs.append(
                Job(
                    text_index=index,
                    offset=s,
                    sentence=sentence,
                    lead=lead if lead != sentence else "",
                    following=split.following((s, e)),
                    label=item.label,
                    is_field=item.is_field,
                    labelled=item.labelled,
                    hits=tuple(hits),
                    page=page,
                    language=words.language_of(_WORD.findall(sentence), page.language),
                    order=(index, s),
                )
            )
    return jobs


def _hit_countries(gaz: Gazetteer, words: PlaceWords, written: str, how: str
                   ) -> tuple[Candidate, ...]:
    """The foreign countries an adjective or a code names (`norsk` -> Norway,
    `svensk-finskt` -> Finland, `(FI)` -> Finland)."""
    if how == "code":
        return (gaz.country(written),)
    codes = dict.fromkeys(words.adjectives.get(p) for p in written.lower().split("-"))
    return tuple(gaz.country(code) for code in codes if code and code != "SE")


def _small_words(texts: Sequence[Text], names: set[str]) -> frozenset[str]:
    """The names that the page also writes as small-letter words (`bemanning`, `staden`)."""
    out = set()
    for name in names:
        word = name.lower()
        if word != name and any(has_word(t.text, word) for t in texts):
            out.add(name)
    return frozenset(out)
