"""Organisation names resolved across projects: one key per organisation, units and parents.

`resolve_organisation(name)` reads a name as a page writes it (owner, co-financier, partner,
participant) and returns an `Organisation`. The graph mints `id:organisation/{key}` from it,
so the key is what makes the same organisation one node wherever it appears.

Keys (always non-empty, only `[a-z0-9-]`):

- by default the slug of the name: NFC, zero-width and control characters removed, whitespace
  collapsed, case-folded, å/ä/ö as a/a/o (other accents dropped), everything else that is not
  a-z or 0-9 as `-`: `Falu  Kommun` and `falu kommun` are both `falu-kommun`... except that
- a municipality as an organisation is `kommun-{SCB code}` (`Falu kommun`, `Falun kommun` and
  `Falu Kommun` are all `kommun-2080`), whatever way the page writes the municipality;
- a unit of a municipality is its parent's key and the slug of the rest of the name:
  `Gagnefs Kommun, Utvecklingscentrum` -> `kommun-2026-utvecklingscentrum`;
- a unit of an agency is the agency's key and the slug of the rest, with the place in its
  official spelling when the rest is just a municipality or county: `Arbetsförmedlingen Falun`,
  `Arbetsförmedlingen i Falun` -> `arbetsformedlingen-falun`;
- a name with no letters or digits a-z/0-9 at all (`""`, `北京`) gets `x-` and 12 hex digits
  of the SHA-256 of its case-folded name (extract/keys.py makes every slug).

Kinds: `municipality` (a municipality acting as an organisation: `governs` and `located_in` are
its code), `agency` (a national agency from the rules file), `unit` (a unit of an agency or of a
municipality: `parent` set), `organisation` (anything else).

Place rules (`located_in`, an SCB municipality code; `county`, an SCB county code):
a unit of a municipality lies in it; an agency unit lies where the rest of its name says
(`Falun`; `Västra Götaland` gives the county only); any other name is placed by a leading
or trailing municipality name (`Hedemora Lärcentrum`, `Rättviks Gymnasium/Lärcentrum`,
`Tillväxt Skellefteå`, `Näringslivsservice i Vännäs`), or, failing that, a county
(`Region Dalarna`, `Regionförbundet Västerbottens län`). A place name in the middle of a name
places nothing. The rules and their word lists are in `data/organisation_rules.toml`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from tnkg.errors import ExtractError
from tnkg.extract.keys import clean_name, slugify
from tnkg.extract.municipalities import (
    county_info,
    find_county_code,
    find_municipality_code,
    municipality_info,
)
from tnkg.extract.record import Membership, Organisation, ProjectRecord

_SEPARATORS = ",;/()[]|:"
_TOKEN = re.compile(r"[^\s,;/()\[\]|:]+")
_DASHES = re.compile(r"[-\u2010-\u2015]+")
_LONGEST_PLACE = 3  # words: "Upplands Väsby", "Västra Götalands län"


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    segment: int  # tokens of one segment have no separator between them


@cache
def _rules() -> dict[str, Any]:
    path = resources.files("tnkg.extract").joinpath("data", "organisation_rules.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ExtractError(f"organisation_rules.toml: cannot read package data ({exc})") from exc


@cache
def _agency_prefixes() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(written words case-folded, agency name), longest written form first."""
    prefixes = [
        (tuple(w.casefold() for w in written.split()), agency["name"])
        for agency in _rules()["agency"]
        for written in agency["written"]
    ]
    return tuple(sorted(prefixes, key=lambda p: -len(p[0])))


@cache
def _word_set(section: str, entry: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _rules()[section][entry])


def _tokens(text: str) -> list[_Token]:
    """Words of a name, numbered by segment: `,` `/` `(` ... and a free-standing dash split."""
    tokens: list[_Token] = []
    segment = 0
    previous_end = 0
    for match in _TOKEN.finditer(text):
        if any(ch in _SEPARATORS for ch in text[previous_end : match.start()]):
            segment += 1
        previous_end = match.end()
        if _DASHES.fullmatch(match.group()):
            segment += 1
            continue
        tokens.append(_Token(match.group(), match.start(), match.end(), segment))
    return tokens


def _phrase(tokens: list[_Token]) -> str:
    return " ".join(t.text for t in tokens)


def _same_segment(tokens: list[_Token]) -> bool:
    return len({t.segment for t in tokens}) == 1


def _rest(text: str, start: int, end: int) -> str:
    """The name without text[start:end], separators at the joins removed."""
    strip = _SEPARATORS + " -\u2010\u2011\u2012\u2013\u2014\u2015."
    before = text[:start].rstrip(strip)
    after = text[end:].lstrip(strip)
    return clean_name(f"{before} {after}")


def _municipality_organisation(name: str, code: str) -> Organisation:
    return Organisation(
        key=f"kommun-{code}",
        name=name,
        kind="municipality",
        located_in=code,
        governs=code,
        county=code[:2],
    )


def _find_municipality_body(text: str, tokens: list[_Token]) -> tuple[int, int, str] | None:
    """(start, end, code) of the first `Gagnefs Kommun`-like phrase (or an alias) in the name."""
    folded = text.casefold()
    for alias, code in _rules()["municipality_body"]["aliases"].items():
        found = re.search(rf"(?<!\w){re.escape(alias.casefold())}(?!\w)", folded)
        if found:
            return found.start(), found.end(), code
    body_words = _word_set("municipality_body", "words")
    for i, token in enumerate(tokens):
        if token.text.casefold() not in body_words:
            continue
        for size in range(min(_LONGEST_PLACE, i), 0, -1):
            place = tokens[i - size : i]
            if not _same_segment([*place, token]):
                continue
            code = find_municipality_code(_phrase(place), ascii_fallback=False)
            if code:
                return place[0].start, token.end, code
    return None


def _is_place_word(tokens: list[_Token], *, after_preposition: bool) -> bool:
    """Whether these words may name a place: capitalised, and unambiguous or after `i`."""
    if not tokens[0].text[:1].isupper():
        return False
    return after_preposition or _phrase(tokens).casefold() not in _word_set("place", "ambiguous")


def _edge_place(tokens: list[_Token], find) -> str | None:
    """A place code from the trailing, then the leading words of a name (see module rules)."""
    prepositions = _word_set("place", "prepositions")
    for size in range(min(_LONGEST_PLACE, len(tokens)), 0, -1):
        tail = tokens[-size:]
        before = tokens[-size - 1].text.casefold() if len(tokens) > size else ""
        if _same_segment(tail) and _is_place_word(tail, after_preposition=before in prepositions):
            code = find(_phrase(tail))
            if code:
                return code
    for size in range(min(_LONGEST_PLACE, len(tokens) - 1), 0, -1):
        head = tokens[:size]
        if _same_segment(head) and _is_place_word(head, after_preposition=False):
            code = find(_phrase(head))
            if code:
                return code
    return None


@lru_cache(maxsize=65536)
def _find_municipality_strict(text: str) -> str | None:
    return find_municipality_code(text, ascii_fallback=False)


@lru_cache(maxsize=65536)
def _find_county(text: str) -> str | None:
    return find_county_code(text)


def _locate(tokens: list[_Token], *, county_level: bool) -> tuple[str | None, str | None]:
    """(municipality code, county code) a name's edge words give; a county-level body (Region,
    Landstinget ...) reads them as a county first."""
    county = _edge_place(tokens, _find_county)
    if county_level and county:
        return None, county
    code = _edge_place(tokens, _find_municipality_strict)
    if code:
        return code, code[:2]
    return None, county


def _is_county_level(tokens: list[_Token]) -> bool:
    """Whether a name is a county's body (Region ..., Länsstyrelsen ..., ... läns landsting)."""
    if tokens[0].text.casefold() in _word_set("place", "county_level"):
        return True
    return any(t.text.casefold() in _word_set("place", "county_words") for t in tokens)


def _agency_prefix(tokens: list[_Token]) -> tuple[int, str] | None:
    """(number of leading words, agency name) when the name begins with an agency."""
    words = [t.text.casefold() for t in tokens]
    for written, agency in _agency_prefixes():
        if tuple(words[: len(written)]) == written:
            return len(written), agency
    return None


def _agency_organisation(text: str, tokens: list[_Token], size: int, agency: str) -> Organisation:
    parent = Organisation(key=slugify(agency), name=agency, kind="agency")
    rest = _rest(text, tokens[0].start, tokens[size - 1].end)
    rest_tokens = _tokens(rest)
    if rest_tokens and rest_tokens[0].text.casefold() in _word_set("place", "prepositions"):
        rest = _rest(rest, rest_tokens[0].start, rest_tokens[0].end)
        rest_tokens = rest_tokens[1:]
    if not rest_tokens:
        return Organisation(key=parent.key, name=text, kind="agency")
    # Länsstyrelsen Stockholm is the county's board, not a unit placed in Stockholm municipality.
    county_level = _is_county_level(tokens)
    code = None if county_level and find_county_code(rest) else _find_municipality_strict(rest)
    if code:
        key = f"{parent.key}-{slugify(municipality_info(code).name)}"
        return Organisation(key, text, "unit", parent, located_in=code, county=code[:2])
    county = find_county_code(rest)
    if county:
        key = f"{parent.key}-{slugify(county_info(county).short_name)}"
        return Organisation(key, text, "unit", parent, county=county)
    located_in, county = _locate(rest_tokens, county_level=county_level)
    key = f"{parent.key}-{slugify(rest)}"
    return Organisation(key, text, "unit", parent, located_in=located_in, county=county)


@lru_cache(maxsize=1 << 16)  # names recur across pages (`Arbetsförmedlingen`, the owners)
def resolve_organisation(name: str) -> Organisation:
    """The organisation a written name stands for (see the module docstring for the rules).

    >>> resolve_organisation("Falu  Kommun").key
    'kommun-2080'
    >>> unit = resolve_organisation("Arbetsförmedlingen Lycksele")
    >>> (unit.key, unit.parent.key, unit.located_in)
    ('arbetsformedlingen-lycksele', 'arbetsformedlingen', '2481')
    """
    text = clean_name(name)
    tokens = _tokens(text)
    if not tokens:
        return Organisation(key=slugify(text), name=text, kind="organisation")

    agency = _agency_prefix(tokens)
    if agency:
        return _agency_organisation(text, tokens, *agency)

    body = _find_municipality_body(text, tokens)
    if body:
        start, end, code = body
        municipality = _municipality_organisation(text[start:end], code)
        rest = _rest(text, start, end)
        if any(ch.isalnum() for ch in rest):
            return Organisation(
                key=f"{municipality.key}-{slugify(rest)}",
                name=text,
                kind="unit",
                parent=municipality,
                located_in=code,
                county=code[:2],
            )
        return _municipality_organisation(text, code)

    located_in, county = _locate(tokens, county_level=_is_county_level(tokens))
    return Organisation(
        key=slugify(text), name=text, kind="organisation", located_in=located_in, county=county
    )


def record_memberships(rec: ProjectRecord) -> tuple[Membership, ...]:
    """The organisations a record names, resolved, each with its list's role: the owner, then
    the co-financiers, partners and participants in page order (duplicates kept, blank names
    left out).

    >>> rec = ProjectRecord("page.txt", owner="Falu kommun", partners=("Arbetsförmedlingen",))
    >>> [(m.role, m.organisation.key) for m in record_memberships(rec)]
    [('owner', 'kommun-2080'), ('partner', 'arbetsformedlingen')]
    """
    named = [("owner", rec.owner)] if rec.owner else []
    for role, names in (
        ("co-financier", rec.co_financiers),
        ("partner", rec.partners),
        ("participant", rec.participants),
    ):
        named += [(role, name) for name in names if name.strip()]
    return tuple(Membership(role, resolve_organisation(name)) for role, name in named)
