"""Disambiguation: which names of a sentence are foreign places, and which place each names.

Plain functions over a `Sentence`. A gazetteer hit is a place only with the evidence its
name needs:

- a name inside an organisation's or a person's name is neither (`Andritz Hydro AB`,
  `Richard Florida`), but an organisation named after its place still names it (`Aalborg
  Universitet`, `Bodø kommune`, `Høgskolen i Molde`);
- a Swedish place name (municipality, town, village, county, landskap) is Swedish unless
  the text points abroad (`finska Lappland`, `Viken i Norge`); a municipality always is;
- a name that is also a common word of the sentence's language (word frequencies from
  wordfreq: `Minska`, `Syd`, `Delta`, `Banan`), or a short one, needs a place context: a
  locative cue (`i/från/till/med X`), a place-kind word (`X kommune`), a country beside it,
  a list of places, a partner field; a country's or capital's name needs none;
- a city's country must fit the text: a neighbouring country, the programme's countries, a
  country or another place of that country named on the page; a large city or a capital
  fits anywhere. Cities outside Europe need the strongest evidence: their country named on
  the page, a large population and their own (not an alternate) name.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tnkg.extract.gazetteer import SHORT_NAME_LENGTH, Candidate, Gazetteer
from tnkg.extract.places.tokens import Mark, Resolved, Sentence
from tnkg.extract.places.words import PlaceWords

# Sweden's neighbours: their towns need no country named beside them in these texts.
NEIGHBOUR_COUNTRIES = frozenset({"NO", "DK", "FI"})
# A European town this large, or a capital, fits any text; a smaller one needs its country
# (or another place of it) named, or to lie across Sweden's border (`Dalhem` is a village on
# Gotland before it is a Belgian town of 6,000).
TOWN_FITS_POPULATION = 50_000
# Outside Europe only cities this large, and named by their own name, count.
REMOTE_CITY_MIN_POPULATION = 100_000
# A city at a sentence start without other evidence must be this large (`Mentor`, `Staden`).
INITIAL_CITY_MIN_POPULATION = 50_000
PERSON_LABELS = frozenset({"PER", "PRS", "PERSON"})
# Word lists count names: a city this large is frequent in them as a city, not as a word.
WORD_LIST_CITY_POPULATION = 1_000_000
# What follows a country in a programme's name (`Sverige-Norge programmet`, `-programmets`).
_PROGRAMME = re.compile(r"[\s-]*program", re.I)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the sentence says around a name."""

    locative: bool  # `i X`, `från X`, `med X`
    kind_word: bool  # `X kommune`, `Region X`, `partnerstaden X`
    qualifier: str | None  # the country `X, Norge`, `X i Norge`, `norska X` put it in
    listed: bool  # one item of a list of places holding a certain one
    field: bool  # an item of a list a cue line opened, or a value after a field's label
    sentence_countries: frozenset[str]  # countries named, or of certain places, in the sentence

    def any(self) -> bool:
        return bool(self.locative or self.kind_word or self.qualifier or self.listed or self.field)


@dataclass(frozen=True, slots=True)
class Resources:
    """What disambiguation reads, built once per run by `PlaceFinder`."""

    gaz: Gazetteer
    words: PlaceWords
    stop_words: frozenset[str]


def resolve(sentence: Sentence, res: Resources) -> list[Resolved]:
    """The marks of the sentence that name foreign places, each with the place it names."""
    certain = {i for m in sentence.marks if _is_certain(m, sentence, res)
               for i in range(m.start, m.end)}
    listed = _listed(sentence, res)
    # countries the sentence names, or of its places that are surely where they are
    countries = frozenset(
        c.country for m in sentence.marks if _is_certain(m, sentence, res)
        for c in m.hit.candidates
        if c.country != "SE" and (c.kind != "city" or _is_sure_name(c)
                                  or c.population >= TOWN_FITS_POPULATION)
    )
    out = []
    for mark in sentence.marks:
        if mark.hit.adjective:  # a country's adjective names its country (prescan's check)
            out.extend(Resolved(mark, country) for country in mark.hit.candidates)
            continue
        if not _may_be_place(sentence, mark, certain, res):
            continue
        evidence = Evidence(
            locative=_locative(sentence, mark, res),
            kind_word=_kind_word(sentence, mark, res),
            qualifier=_qualifier(sentence, mark, res),
            listed=mark.start in listed,
            field=bool(sentence.job.lead) or _in_field_label(sentence),
            sentence_countries=countries,
        )
        place = _choose(sentence, mark, evidence, res)
        if place is not None:
            out.append(Resolved(mark, place))
    return out


def _in_field_label(sentence: Sentence) -> bool:
    # `Projektägare svensk och norsk: ...`, `Projektpartnere: ...` (a colon after few words)
    head, colon, _rest = sentence.text.partition(":")
    return bool(colon) and len(head.split()) <= 5


def is_common_word(name: str, sentence: Sentence, res: Resources,
                   candidates: tuple[Candidate, ...] = ()) -> bool:
    """Whether a name is also an ordinary word here: frequent in the sentence's language (or
    in English), or written small elsewhere on the page. The own name of a city of a million
    (`Hamburg`) is frequent because the city is: word lists count names too."""
    if any(c.kind == "city" and c.primary and c.population >= WORD_LIST_CITY_POPULATION
           for c in candidates) and name not in sentence.job.page.small_words:
        return False
    return res.gaz.is_common_word(name, sentence.job.language) or (
        name in sentence.job.page.small_words
    )


def _is_sure_name(cand: Candidate) -> bool:
    """A country's, a capital's own or a curated name, or the name of a region across
    Sweden's borders (`Österbotten`, which word lists count as a frequent Swedish word): a
    place whatever else the word means (a capital's untagged alternate name is not: `Minska`
    is a Swedish verb before Minsk)."""
    return (cand.kind == "country" or (cand.capital and cand.primary) or cand.curated
            or (cand.kind == "region" and cand.iso3166_2 is not None
                and cand.country in NEIGHBOUR_COUNTRIES))


def _is_certain(mark: Mark, sentence: Sentence, res: Resources) -> bool:
    """A name that is a place if it is anything: not short, not a word, not Swedish."""
    name = mark.hit.name
    if mark.hit.fuzzy or name in res.words.not_foreign or res.gaz.is_swedish(name):
        return False
    if any(_is_sure_name(c) for c in mark.hit.candidates if c.country != "SE"):
        return True
    return len(name) > SHORT_NAME_LENGTH and not is_common_word(name, sentence, res,
                                                                 mark.hit.candidates)


def _may_be_place(sentence: Sentence, mark: Mark, certain: set[int], res: Resources) -> bool:
    """False for names that are no place here: supranational, Swedish, inside a person's
    or an organisation's name."""
    words = res.words
    name = mark.hit.name
    if name in words.not_foreign or name.lower() in res.stop_words:
        return False
    if _swedish_here(sentence, mark, res):
        return False
    if mark.hit.fuzzy and is_common_word(name, sentence, res):
        return False  # a near miss of a word is the word
    tokens = sentence.tokens[mark.start : mark.end]
    if any(t.entity in PERSON_LABELS for t in tokens):
        return False
    prev = sentence.before(mark)
    if prev is not None:
        if prev.text in words.organisation_forms:
            return False  # `AB Volvo`
        # `Richard Florida`, `Jobbtorg Stockholm`: the name ends a longer proper name, at a
        # sentence start too; `Partnerstaden Klaipėda`, `Region Syddanmark` are the place,
        # and so is a certain region's or country's name (`Destinasjonsutvikling Østfold`).
        if (
            prev.is_alpha
            and prev.is_capitalised
            and (mark.start - 1) not in certain
            and not (mark.start in certain and _names_an_area(mark))
            and prev.lower not in res.stop_words
            and prev.text not in words.region_prefixes
            and prev.text not in words.place_heads
        ):
            return False
        if not sentence.tokens[mark.start].sent_start and prev.lower in words.determiners:
            return False  # `en Mentor`: a common noun, whatever town shares its name
    nxt = sentence.after(mark)
    # `Toronto University`, `Bemanning Partner AB`: an organisation's or person's name;
    # `Birmingham City Council`, `Bodø Kommune` still name the place.
    if nxt is not None and (
            nxt.is_alpha
            and nxt.is_capitalised
            and mark.start not in certain  # `Trøndelag Forskning`: an organisation's place
            and mark.end not in certain
            and not nxt.sent_start
            and nxt.text not in words.place_keeping_words
    ):
        return False
    if _organisation_follows(sentence, mark, res) or _in_programme_name(sentence, mark):
        return False
    return not _brand_genitive(sentence, mark, res)


def _brand_genitive(sentence: Sentence, mark: Mark, res: Resources) -> bool:
    """`Nokias utvecklingscenter`: the genitive of a town's name that is also an ordinary
    word (a brand), before a noun, names the brand's site, not the town."""
    hit = mark.hit
    written = sentence.text[hit.start : hit.end]
    nxt = sentence.after(mark)
    return (
        written != hit.name
        and written.endswith("s")
        and nxt is not None
        and nxt.text[:1].islower()
        and res.gaz.is_common_word(hit.name, sentence.job.language)
        and all(c.kind == "city" and not _is_sure_name(c) for c in hit.candidates)
    )


def _names_an_area(mark: Mark) -> bool:
    return any(c.kind != "city" and c.country != "SE" for c in mark.hit.candidates)


def _in_programme_name(sentence: Sentence, mark: Mark) -> bool:
    """`Sverige-Norge programmet`, `Interreg Sverige-Norge-programmet`: a programme's name."""
    return _PROGRAMME.match(sentence.text, mark.hit.end) is not None


def _organisation_follows(sentence: Sentence, mark: Mark, res: Resources) -> bool:
    """`Andritz hydro AB`, `Naboer AB`: an organisation form within three words, with no
    punctuation and no place-kind word between."""
    words = res.words
    for n in range(3):
        tok = sentence.after(mark, n)
        if tok is None or not tok.is_alpha and tok.text not in words.organisation_forms:
            return False
        if tok.text in words.organisation_forms:
            return True
        if tok.text in words.place_keeping_words or tok.lower in words.place_kinds_lower:
            return False
    return False


def _swedish_here(sentence: Sentence, mark: Mark, res: Resources) -> bool:
    """Whether the name denotes a Swedish place here.

    A municipality's name always does; another Swedish name (a landskap, county, town or
    village: Lappland, Viken, Roma) only without a foreign qualifier (`finska Lappland`,
    `Lappland i Finland`, `Viken, Norge`).
    """
    gaz = res.gaz
    name = mark.hit.name
    if gaz.is_swedish_municipality(name):
        return True
    genitive = name.endswith("s") and gaz.is_swedish(name[:-1])
    if not (gaz.is_swedish(name) or genitive):
        return False
    foreign = {c.country for c in mark.hit.candidates if c.country != "SE"}
    return _qualifier(sentence, mark, res) not in foreign


def _locative(sentence: Sentence, mark: Mark, res: Resources) -> bool:
    prev = sentence.before(mark)
    return prev is not None and prev.lower in res.words.place_prepositions


def _kind_word(sentence: Sentence, mark: Mark, res: Resources) -> bool:
    """`X kommune`, `X fylke`, `Aalborg Universitet`, `Region X`, `partnerstaden X`,
    `University of X`, `Visit X`."""
    words = res.words
    nxt = sentence.after(mark)
    if nxt is not None and nxt.lower in words.place_kinds_lower:
        return True
    prev = sentence.before(mark)
    if prev is not None and prev.lower == "of":
        head = sentence.before(mark, 2)
        return head is not None and head.lower in words.organisation_of_heads
    return prev is not None and (
        prev.text in words.region_prefixes or prev.text.capitalize() in words.place_heads
    )


def _qualifier(sentence: Sentence, mark: Mark, res: Resources) -> str | None:
    """The country that `finska Lappland`, `Lappland i Finland`, `Viken, Norge`, `Viken
    (Norge)` or `Paris, Frankrike` puts a name in, if any."""
    words = res.words
    prev = sentence.before(mark)
    if prev is not None and prev.lower in words.adjectives:
        return words.adjectives[prev.lower]
    nxt = sentence.after(mark)
    if nxt is not None and nxt.lower in words.foreign_kind_words:
        # a kind word that only other countries use (`Viken fylkeskommune`, `Halden kommune`)
        using = set(words.foreign_kind_words[nxt.lower])
        countries = {c.country for c in mark.hit.candidates} & using
        if len(countries) == 1:
            return countries.pop()
    # after the name, perhaps past its kind (`Viken fylkeskommune i Norge`)
    tokens = sentence.tokens
    for j in range(mark.end, min(mark.end + 3, len(tokens) - 1)):
        if tokens[j].text in (",", "i", "in", "(", "/"):
            following = tokens[j + 1].text
            if tokens[j].text == "(" and following in res.gaz.countries:
                return following  # `Österbottens förbund (FI)`
            for cand in res.gaz.lookup(following):
                if cand.kind == "country":
                    return cand.country
            return None
        if tokens[j].lower not in words.place_kinds_lower:
            return None
    return None


def _listed(sentence: Sentence, res: Resources) -> set[int]:
    """Starts of the marks that are items of a list of places (`Bodø, Alta och Narvik`):
    a run of names joined by `,` / `och` / `/` holding at least one certain name
    (`Moss och Alta` alone proves nothing)."""
    joiners = res.words.list_joiners
    listed: set[int] = set()
    run: list[Mark] = []

    def close() -> None:
        if len(run) > 1 and any(_is_certain(m, sentence, res) for m in run):
            listed.update(m.start for m in run)

    for mark in sorted(sentence.marks, key=lambda m: m.start):
        if run and not (
            mark.start == run[-1].end + 1 and sentence.tokens[run[-1].end].lower in joiners
        ):
            close()
            run = []
        run.append(mark)
    close()
    return listed


def _choose(sentence: Sentence, mark: Mark, ev: Evidence, res: Resources) -> Candidate | None:
    gaz = res.gaz
    page = sentence.job.page
    name = mark.hit.name
    initial = sentence.tokens[mark.start].sent_start
    needs_context = (is_common_word(name, sentence, res, mark.hit.candidates)
                     or len(name) <= SHORT_NAME_LENGTH)
    fitting = (
        NEIGHBOUR_COUNTRIES | page.countries | page.programme_countries | ev.sentence_countries
    )
    swedish_name = gaz.is_swedish(name) or (name.endswith("s") and gaz.is_swedish(name[:-1]))

    def acceptable(c: Candidate) -> bool:
        if c.country == "SE" or (swedish_name and c.country != ev.qualifier):
            return False
        if needs_context and not _is_sure_name(c) and not ev.any():
            return False
        if not (c.primary or c.curated or c.country in NEIGHBOUR_COUNTRIES) and not (
            ev.locative or ev.kind_word or ev.qualifier or ev.listed
        ):
            return False  # an untagged alternate name (`Dekan` for Deçan) needs a place context
        if c.kind != "city" or _is_sure_name(c):
            return True
        if c.country not in gaz.european:
            # the strongest evidence: its country named, a large city, its own name
            return (c.country in page.countries or c.country == ev.qualifier) and (
                c.population >= REMOTE_CITY_MIN_POPULATION and c.primary
                and not needs_context
            )
        if initial and not ev.any() and c.population < INITIAL_CITY_MIN_POPULATION:
            return False
        return (
            c.population >= TOWN_FITS_POPULATION
            or c.country in fitting
            or ev.kind_word
            or c.country == ev.qualifier
        )

    cands = [c for c in mark.hit.candidates if acceptable(c)]
    if not cands:
        return None
    prev = sentence.before(mark)
    prefixed = prev is not None and prev.text in res.words.region_prefixes

    def score(c: Candidate) -> tuple[float, int]:
        value = math.log10(max(c.population, 1))
        if not c.primary:
            value -= 1.0  # an untagged alternate name is weaker evidence
        if c.country == ev.qualifier:
            value += 10
        elif c.country in ev.sentence_countries:
            value += 3
        elif c.country in page.countries or c.country in page.programme_countries:
            value += 2
        if c.kind == "region" and not prefixed:
            value -= 4  # Oslo the city before Oslo the county
        # ties go to the lower id, never to the order the candidates came in
        return value, -(c.geonames_id or 0)

    return max(cands, key=score)


def is_qualifier(sentence: Sentence, resolved: Resolved, others: list[Resolved],
                 res: Resources) -> bool:
    """`Frankrike` in `Paris, Frankrike`, `Tromsø i Norge` or `Viken fylkeskommune i Norge`:
    where a named place lies."""
    place, mark = resolved.place, resolved.mark
    if place.kind == "city" or mark.start < 2:
        return False
    if sentence.tokens[mark.start - 1].text not in (",", "i", "(", "/"):
        return False
    ends = {mark.start - 1}
    end = mark.start - 1
    while end > 0 and sentence.tokens[end - 1].lower in res.words.place_kinds_lower:
        end -= 1  # past the kind of the place named before (`fylkeskommune`)
        ends.add(end)
    for other in others:
        if other.mark.end in ends:
            prev = other.place
            broader = (prev.kind == "city") or (prev.kind == "region" and place.kind == "country")
            return broader and prev.country == place.country
    return False
