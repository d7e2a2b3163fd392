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
class OrganisationInfo:
    key: str
    name: str
    parent: OrganisationInfo | None = None
    located_in: str | None = None  # SCB code of the municipality the name places it in
    governs: str | None = None  # SCB code, for a municipality acting as an organisation
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class MunicipalityInfo:
    code: str
    name: str
    county_code: str | None = None
    county_name: str | None = None
    county_iso: str | None = None
    esf_region: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class CountyInfo:
    code: str
    name: str
    iso3166_2: str | None = None
    esf_region: str | None = None


@dataclass(frozen=True, slots=True)
class CityInfo:
    geonames_id: int
    name: str
    swedish_name: str | None
    country: str
    latitude: float
    longitude: float


@cache
def resolve_organisation(name: str) -> OrganisationInfo:
    """The organisation a name on a page stands for (one key per organisation)."""
    return _convert_organisation(organisations.resolve_organisation(name))


def _convert_organisation(org: organisations.Organisation) -> OrganisationInfo:
    return OrganisationInfo(
        key=org.key,
        name=org.name,
        parent=_convert_organisation(org.parent) if org.parent is not None else None,
        located_in=org.located_in,
        governs=org.governs,
        kind=org.kind,
    )


@cache
def municipality_info(code: str) -> MunicipalityInfo | None:
    """Name, county, ESF region and coordinates of a municipality by SCB code.

    None for a code the register does not know, so the page's spelling stands.
    """
    try:
        info = municipalities.municipality_info(code)
    except ExtractError:
        return None
    return MunicipalityInfo(
        code=code,
        name=info.name,
        county_code=info.county_code,
        county_name=info.county_name,
        county_iso=info.county_iso,
        esf_region=info.esf_region,
        latitude=info.latitude,
        longitude=info.longitude,
    )


@cache
def county_info(code: str) -> CountyInfo | None:
    """Name, ISO 3166-2 code and ESF region of a Swedish county by SCB code; None if unknown."""
    try:
        info = municipalities.county_info(code)
    except ExtractError:
        return None
    return CountyInfo(info.code, info.name, info.iso3166_2, info.esf_region)


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
