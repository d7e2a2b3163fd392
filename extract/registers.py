"""What the graph needs to know beyond a record, in one place.

The build asks four questions: who is this organisation, where is this
municipality, what is this city, what is this country or region. The answers
come from the extraction side (extract/organisations.py, extract/municipalities.py,
extract/gazetteer.py, with pycountry for codes the gazetteer lacks); this module is the
only place in kg/ that knows where each answer comes from, so switching a
source touches one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from tnkg.errors import ExtractError
from tnkg.extract import gazetteer, municipalities, organisations


@dataclass(frozen=True, slots=True)
class CityInfo:
    geonames_id: int
    name: str
    swedish_name: str | None
    country: str
    latitude: float
    longitude: float


@cache
def resolve_organisation(name: str) -> organisations.Organisation:
    """The organisation a name on a page stands for (one key per organisation)."""
    return organisations.resolve_organisation(name)


@cache
def municipality_info(code: str) -> municipalities.MunicipalityInfo | None:
    """Name, county, ESF region and coordinates of a municipality by SCB code.

    None for a code the register does not know, so the page's spelling stands.
    """
    try:
        return municipalities.municipality_info(code)
    except ExtractError:
        return None


@cache
def county_info(code: str) -> municipalities.CountyInfo | None:
    """Name, ISO 3166-2 code and ESF region of a Swedish county by SCB code; None if unknown."""
    try:
        return municipalities.county_info(code)
    except ExtractError:
        return None


@cache
def esf_region_name(name: str) -> str | None:
    """The ESF region as the project bank writes it, for a name as written; None if none."""
    region = municipalities.find_esf_region(name)
    return region.name if region else None


@cache
def city_info(geonames_id: int) -> CityInfo | None:
    """GeoNames name, Swedish name, country and coordinates of a city; None when unknown."""
    try:
        name, swedish_name, country, latitude, longitude = gazetteer.city(geonames_id)
    except ExtractError:
        return None
    return CityInfo(int(geonames_id), name, swedish_name, country, latitude, longitude)


@cache
def country_names(alpha2: str) -> tuple[str, str | None]:
    """(English name, Swedish name or None) of a country; the code itself when unknown."""
    try:
        return gazetteer.country_names(alpha2)
    except ExtractError:
        country = pycountry.countries.get(alpha_2=alpha2.upper())
        return (getattr(country, "common_name", None) or getattr(country, "name", alpha2)), None


@cache
def region_name(iso3166_2: str) -> str | None:
    """The name of a region by ISO 3166-2 code (`IT-45` -> Emilia-Romagna), None when unknown."""
    try:
        return gazetteer.region(iso3166_2)[0]
    except ExtractError:
        subdivision = pycountry.subdivisions.get(code=iso3166_2.upper())
        return getattr(subdivision, "name", None)
