"""Swedish municipalities, counties and ESF regions: the administrative register.

The data are package files in `tnkg.extract/data/`:

- `municipalities.csv`: the 290 municipalities (SCB codes, county, seat and its coordinates),
- `counties.csv`: the 21 counties (SCB code, ISO 3166-2 code, ESF region),
- `esf_regions.csv`: the eight ESF regions of 2007-2013,
- `municipality_variants.csv`: written forms the general rules below cannot derive,
- `landskap.csv`: the 25 provinces (place names, not administrative units).

Reading a written municipality name (`resolve_municipality`), in order:

1. the name compared without case, spaces and hyphens (`Lilla-Edet` = `Lilla Edet`,
   `Upplands-Väsby` = `Upplands Väsby`), official names and the variants file alike;
2. the same after dropping a trailing `kommun`/`stad`/`municipality` and then a genitive
   `-s` (`Bjurholms kommun`, `Stockholms stad`, `Falu kommun` via the variant `Falu`);
3. the same with å/ä/ö read as a/a/o, only when that spelling names exactly one municipality.

Anything else is unknown: the code is None and `unknown_municipality_warning(name)` gives the
warning text for `ProjectRecord.warnings`. There is no fuzzy matching, so a misspelling is never
read as a different municipality.

>>> resolve_municipality("Malung")
Municipality(name='Malung', code='2023')
>>> municipality_info("2080").esf_region
'Norra Mellansverige'
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tnkg.errors import ExtractError
from tnkg.extract.record import Municipality

# Words after a municipality name that make it the municipality as a body, lower-case.
MUNICIPALITY_SUFFIXES = ("kommuns", "kommun", "stads", "stad", "municipality")
_ASCII_FOLD = str.maketrans("åäö", "aao")


@dataclass(frozen=True, slots=True)
class EsfRegion:
    """One of the eight ESF regions of 2007-2013, as the project bank names it."""

    name: str
    slug: str
    county_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CountyInfo:
    code: str  # 2-digit SCB county code
    name: str  # "Dalarnas län"
    short_name: str  # "Dalarna"
    iso3166_2: str  # "SE-W"
    esf_region: str  # region name, "Norra Mellansverige"
    nuts3: str  # "SE312"


@dataclass(frozen=True, slots=True)
class MunicipalityInfo:
    code: str  # 4-digit SCB municipality code
    name: str
    county_code: str
    county_name: str
    county_iso: str
    esf_region: str  # region name
    seat: str
    latitude: float | None  # of the seat, from GeoNames; None without a certain match
    longitude: float | None
    geonames_id: int | None  # of the seat


def _read_csv(filename: str) -> Iterator[dict[str, str]]:
    """Rows of a package data CSV, skipping the `#` comment lines that name its source."""
    path = resources.files("tnkg.extract").joinpath("data", filename)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExtractError(f"{filename}: cannot read package data ({exc})") from exc
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    yield from csv.DictReader(lines)


def _fold(name: str) -> str:
    """The comparison form of a name: NFC, case-folded, without spaces and hyphens."""
    text = unicodedata.normalize("NFC", name).casefold()
    return re.sub(r"[\s\-\u2010-\u2015]+", "", text)


@cache
def _esf_regions_by_slug() -> dict[str, EsfRegion]:
    counties = list(_read_csv("counties.csv"))
    return {
        row["slug"]: EsfRegion(
            name=row["name"],
            slug=row["slug"],
            county_codes=tuple(c["code"] for c in counties if c["esf_region"] == row["slug"]),
        )
        for row in _read_csv("esf_regions.csv")
    }


@cache
def _counties() -> dict[str, CountyInfo]:
    regions = _esf_regions_by_slug()
    return {
        row["code"]: CountyInfo(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            iso3166_2=row["iso3166_2"],
            esf_region=regions[row["esf_region"]].name,
            nuts3=row["nuts3"],
        )
        for row in _read_csv("counties.csv")
    }


@cache
def _municipalities() -> dict[str, MunicipalityInfo]:
    counties = _counties()
    result = {}
    for row in _read_csv("municipalities.csv"):
        county = counties[row["county_code"]]
        result[row["code"]] = MunicipalityInfo(
            code=row["code"],
            name=row["name"],
            county_code=county.code,
            county_name=county.name,
            county_iso=county.iso3166_2,
            esf_region=county.esf_region,
            seat=row["seat"],
            latitude=float(row["latitude"]) if row["latitude"] else None,
            longitude=float(row["longitude"]) if row["longitude"] else None,
            geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
        )
    return result


@cache
def _written_forms() -> dict[str, str]:
    """Folded name or variant -> SCB code."""
    forms = {_fold(m.name): m.code for m in _municipalities().values()}
    for row in _read_csv("municipality_variants.csv"):
        forms[_fold(row["variant"])] = row["code"]
    return forms


@cache
def _ascii_forms() -> dict[str, str]:
    """Folded name with å/ä/ö as a/a/o -> code, only for spellings that name one municipality."""
    codes: dict[str, set[str]] = {}
    for form, code in _written_forms().items():
        codes.setdefault(form.translate(_ASCII_FOLD), set()).add(code)
    return {form: next(iter(found)) for form, found in codes.items() if len(found) == 1}


def _candidates(folded: str) -> Iterator[str]:
    """The name and its genitive-less form, then the same without a body suffix (`Karlstads`
    is Karlstad before it is `Karl` + `stads`)."""
    bases = [folded]
    for suffix in MUNICIPALITY_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            bases.append(folded[: -len(suffix)])
            break
    for base in bases:
        yield base
        if base.endswith("s") and len(base) > 1:
            yield base[:-1]


def find_municipality_code(name: str, *, ascii_fallback: bool = True) -> str | None:
    """The SCB code of a written municipality name, or None (see the module rules).

    `ascii_fallback=False` skips rule 3, for words inside organisation names where `Are` or
    `Ange` are English or names more often than Åre or Ånge written without diacritics."""
    folded = _fold(name).strip(".,;:")
    if not folded:
        return None
    forms = _written_forms()
    for candidate in _candidates(folded):
        if candidate in forms:
            return forms[candidate]
    if not ascii_fallback:
        return None
    ascii_forms = _ascii_forms()
    for candidate in _candidates(folded.translate(_ASCII_FOLD)):
        if candidate in ascii_forms:
            return ascii_forms[candidate]
    return None


def resolve_municipality(name: str) -> Municipality:
    """A `Kommun` entry as written, with its SCB code or None when the name is unknown.

    >>> resolve_municipality("Bjurholms kommun").code
    '2403'
    >>> resolve_municipality("Atlantis").code is None
    True
    """
    return Municipality(name=name, code=find_municipality_code(name))


def unknown_municipality_warning(name: str) -> str:
    """The warning a parser records when `resolve_municipality(name).code` is None."""
    return f"unknown municipality {name!r}: not in the SCB register, code left empty"


def resolve_municipalities(
    names: tuple[str, ...] | list[str],
) -> tuple[tuple[Municipality, ...], tuple[str, ...]]:
    """Each name resolved, and one warning per unknown name (for `ProjectRecord.warnings`)."""
    found = tuple(resolve_municipality(name) for name in names)
    warnings = tuple(unknown_municipality_warning(m.name) for m in found if m.code is None)
    return found, warnings


def municipality_info(code: str) -> MunicipalityInfo:
    """Everything the register knows about a municipality; ExtractError for an unknown code."""
    try:
        return _municipalities()[code]
    except KeyError:
        raise ExtractError(f"unknown SCB municipality code {code!r}") from None


def all_municipalities() -> tuple[MunicipalityInfo, ...]:
    """The 290 municipalities in code order."""
    return tuple(sorted(_municipalities().values(), key=lambda m: m.code))


def county_info(code: str) -> CountyInfo:
    """A county by its 2-digit SCB code; ExtractError for an unknown code."""
    try:
        return _counties()[code]
    except KeyError:
        raise ExtractError(f"unknown SCB county code {code!r}") from None


def all_counties() -> tuple[CountyInfo, ...]:
    return tuple(sorted(_counties().values(), key=lambda c: c.code))


@cache
def _county_forms() -> dict[str, str]:
    """Folded county name, with and without `län` and its genitive -> county code."""
    forms = {}
    for county in _counties().values():
        forms[_fold(county.name)] = county.code
        forms[_fold(county.short_name)] = county.code
        forms[_fold(county.name.removesuffix(" län"))] = county.code
        forms[_fold(county.name + "s")] = county.code  # "Örebro läns landsting"
    return forms


def find_county_code(name: str) -> str | None:
    """The county code of `Dalarnas län`, `Dalarna`, `Västra Götalands län` ...; else None."""
    return _county_forms().get(_fold(name))


def esf_regions() -> tuple[EsfRegion, ...]:
    """The eight ESF regions of 2007-2013, north to south as the programme lists them."""
    return tuple(_esf_regions_by_slug().values())


def find_esf_region(name: str) -> EsfRegion | None:
    """The region as a page writes it (`Övre Norrland`, `småland och öarna`), or None."""
    folded = _fold(name)
    for region in esf_regions():
        if _fold(region.name) == folded or _fold(region.slug) == folded:
            return region
    return None


@cache
def swedish_place_names() -> frozenset[str]:
    """Lower-cased Swedish place names: municipalities and their written variants, counties with
    and without `län`, the 25 landskap and the ESF regions. The places pipeline uses it so that a
    Swedish place is never taken for a foreign one."""
    names = {m.name for m in _municipalities().values()}
    names.update(row["variant"] for row in _read_csv("municipality_variants.csv"))
    for county in _counties().values():
        names.update({county.name, county.short_name, county.name.removesuffix(" län")})
    names.update(row["name"] for row in _read_csv("landskap.csv"))
    names.update(region.name for region in esf_regions())
    return frozenset(unicodedata.normalize("NFC", n).lower() for n in names)
