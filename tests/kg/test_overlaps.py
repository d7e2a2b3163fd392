"""The overlap graph: the pairs the build keeps are the ones the all-pairs definition picks.

The all-pairs definition is written out here in plain Python (every pair of projects, the
hubs they share) and, for the stored graph, as the SPARQL join the bundled query
`shared-partner-countries` used to be (tests/queries/data/...-all-pairs.rq).
"""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SAMPLE_PAGES, gold_extract

from tnkg.build import build_graph
from tnkg.extract.record import Membership, Municipality, Organisation, Place, ProjectRecord
from tnkg.kg.iri import Minter
from tnkg.kg.overlaps import (
    COUNTRY,
    count_overlaps,
    make_overlap_index,
    record_overlap_index,
)
from tnkg.kg.store import open_store
from tnkg.queries.analysis import analyze_store
from tnkg.queries.runner import load_query, run_query

ALL_PAIRS = Path(__file__).resolve().parents[1] / "queries" / "data" / \
    "shared-partner-countries-all-pairs.rq"


def _definition(titles, ties):
    """Every sharing pair (i, j), i < j in title order, with its shared count and Jaccard."""
    projects = sorted(titles, key=lambda p: (titles[p], p))
    pairs = {}
    for (i, a), (j, b) in combinations(enumerate(projects), 2):
        shared = len(ties[a] & ties[b])
        if shared:
            pairs[i, j] = (shared, shared / len(ties[a] | ties[b]))
    return projects, pairs


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_top_pairs_and_each_projects_strongest_are_those_of_the_all_pairs_definition(data):
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    n, hubs = data.draw(st.integers(2, 40)), data.draw(st.integers(1, 15))
    titles = {f"p{k}": rng.choice("ABCDEFGH") for k in range(n)}  # titles repeat
    ties = {p: {f"h{rng.randrange(hubs)}" for _ in range(rng.randrange(6))} for p in titles}
    facts = {f"h{h}": (h % 3, f"hub {h}") for h in range(hubs)}
    limit, nearest = data.draw(st.integers(1, 30)), data.draw(st.integers(1, 6))
    index = make_overlap_index(titles, ties, facts)
    # blocks of a few rows, or of the rows whose pairs fit a budget of a few pairs
    counted = count_overlaps(index, limit=limit, nearest=nearest,
                             block=data.draw(st.integers(1, 9)),
                             block_pairs=data.draw(st.integers(1, 60)))

    projects, pairs = _definition(titles, ties)
    assert index.projects == projects
    assert counted.pairs == len(pairs)
    ranked = sorted(pairs, key=lambda ij: (-pairs[ij][0], -pairs[ij][1], ij))
    assert counted.strongest == sorted(ranked[:limit])
    assert counted.shared == [pairs[ij][0] for ij in counted.strongest]
    near = set()
    for i in range(n):
        mine = [ij for ij in pairs if i in ij]
        other = {ij: ij[1] if ij[0] == i else ij[0] for ij in mine}
        mine.sort(key=lambda ij: (-pairs[ij][0], -pairs[ij][1], other[ij]))
        near.update(mine[:nearest])
    assert counted.nearest == sorted(near)
    country_pairs = [
        (a, b) for a, b in combinations(projects, 2)
        if any(facts[h][0] == COUNTRY for h in ties[a] & ties[b])
    ]
    assert counted.country_pairs == len(country_pairs)


def _org(key: str, parent: Organisation | None = None) -> Organisation:
    return Organisation(key=key, name=key.title(), kind="organisation", parent=parent)


AGENCY = _org("agency")
UNITS = [_org(f"agency-office-{k}", AGENCY) for k in range(3)]
ORGS = [AGENCY, *UNITS, *(_org(f"org-{k}") for k in range(6))]
PLACES = [
    Place("Leeds", "city", "GB", "partner", "", geonames_id=2644688),
    Place("Krakow", "city", "PL", "planned", "", geonames_id=3094802),
    Place("Storbritannien", "country", "GB", "related", ""),
    Place("Polen", "country", "PL", "partner", ""),
    Place("Danmark", "country", "DK", "mention", ""),  # a mention ties nothing
    Place("Skottland", "region", "GB", "partner", "", iso3166_2="GB-SCT"),
]


def _random_records(rng: random.Random, n: int) -> list[ProjectRecord]:
    records = []
    for k in range(n):
        orgs = rng.sample(ORGS, rng.randrange(4))
        records.append(ProjectRecord(
            source=f"page-{k}.txt",
            title=f"Projekt {rng.choice('ABCDE')}{k}",
            owner=f"Ägare {k}",
            start_date="2010-01-01",
            memberships=tuple(Membership("partner", org) for org in orgs),
            places=tuple(rng.sample(PLACES, rng.randrange(4))),
            municipalities=tuple(rng.sample(MUNICIPALITIES, rng.randrange(3))),
            content_sha256=f"{k:064x}",
        ))
    return records


MUNICIPALITIES = [Municipality("Stockholm", "0180"), Municipality("Linköping", "0580"),
                  Municipality("Kramfors", "2282")]


def _extractor(records):
    by_source = {rec.source: rec for rec in records}

    def extract(paths, jobs, spacy_model):
        return [replace(by_source[Path(p).name], source=str(p)) for p in paths], []

    return extract


def _rows(store: ox.Store, query) -> set[tuple]:
    return {tuple(row) for row in run_query(store, query).rows}


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), n=st.integers(2, 11))
def test_shared_partner_countries_gives_the_rows_of_the_all_pairs_query(
    tmp_path_factory, seed, n
):
    # at most eleven projects: each overlaps at most ten others, so the build keeps every pair
    folder = tmp_path_factory.mktemp("random")
    records = _random_records(random.Random(seed), n)
    for rec in records:
        (folder / rec.source).write_text(rec.title)
    out = folder / "out"
    build_graph([folder / rec.source for rec in records], out_dir=out,
                extract=_extractor(records), jobs=1)
    store = open_store(out)
    assert _rows(store, load_query("shared-partner-countries")) == \
        _rows(store, load_query(ALL_PAIRS))


def test_the_build_keeps_the_pairs_analyze_counts(tmp_path):
    # 40 random projects: more than the ten strongest per project, so the kept pairs are a
    # choice, and the build (from records) must choose as analyze (from the store) counts
    folder = tmp_path / "pages"
    folder.mkdir()
    records = _random_records(random.Random(7), 40)
    for rec in records:
        (folder / rec.source).write_text(rec.title)
    out = tmp_path / "out"
    build_graph(sorted(folder.iterdir()), out_dir=out, extract=_extractor(records), jobs=1)
    analyze_store(open_store(out), out, max_pairs=None)
    with open(out / "overlaps.csv", encoding="utf-8") as handle:
        analyzed = {frozenset((row["project_a_iri"], row["project_b_iri"])):
                    int(row["n_organisations"])
                    + int(row["n_cities"]) + int(row["n_countries"])
                    for row in csv.DictReader(handle)}
    index = record_overlap_index(records, minter=Minter())
    counted = count_overlaps(index, limit=None)
    from_records = {frozenset((str(index.projects[i]), str(index.projects[j]))): shared
                    for (i, j), shared in zip(counted.strongest, counted.shared, strict=True)}
    assert from_records == analyzed
    stored = {
        (row[0], row[1]): row[2] for row in run_query(open_store(out), """
            PREFIX tnkg: <https://w3id.org/tnkg/ontology#>
            SELECT ?a ?b ?n WHERE { ?o tnkg:overlapOf ?a, ?b ; tnkg:sharedCount ?n
                                    FILTER(STR(?a) < STR(?b)) }""").rows
    }
    assert stored and all(analyzed[frozenset(pair)] == n for pair, n in stored.items())
    top = run_query(open_store(out), load_query("overlaps-top-pairs")).rows
    assert [row[0] for row in top] == list(range(1, len(top) + 1))
    assert top[0][3] == max(analyzed.values())
    # a municipality's overlaps: the kept pairs whose two projects both list it
    lists = {rec.title: {m.name for m in rec.municipalities} for rec in records}
    kept = {frozenset((row[0], row[1])) for row in run_query(open_store(out), """
            PREFIX tnkg: <https://w3id.org/tnkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?ta ?tb WHERE { ?o tnkg:overlapOf ?a, ?b FILTER(STR(?a) < STR(?b))
                                   ?a dcterms:title ?ta . ?b dcterms:title ?tb }""").rows}
    for municipality in MUNICIPALITIES:
        rows = run_query(open_store(out), load_query("overlaps-in-municipality"),
                         {"municipality": municipality.name}).as_dicts()
        found = {frozenset((row["project_a"], row["project_b"])) for row in rows}
        assert found == {pair for pair in kept
                         if all(municipality.name in lists[title] for title in pair)}
        assert found  # 40 projects, a third of them in each municipality: some overlap


def test_the_sample_keeps_every_pair_and_validates(tmp_path):
    out = tmp_path / "out"
    report = build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, jobs=1)
    assert report.counts["overlaps"] == 6  # the six sharing pairs of overlaps.csv
    rows = run_query(open_store(out), load_query("overlaps-of-project"),
                     {"project": "Transnet"}).as_dicts()
    assert [(r["other"], r["shared"], sorted(r["countries"].split())) for r in rows] == [
        ("Tre-M - matchning, motor, mäklare", 2, ["GB", "PL"]),
        ("GROWING TOGETHER", 1, ["GB"]),
    ]


def test_country_pairs_csv_holds_the_rows_of_the_all_pairs_query(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    records = _random_records(random.Random(11), 30)
    for rec in records:
        (folder / rec.source).write_text(rec.title)
    out = tmp_path / "out"
    build_graph(sorted(folder.iterdir()), out_dir=out, extract=_extractor(records), jobs=1)
    analyze_store(open_store(out), out, country_pairs=True)
    with open(out / "country-pairs.csv", encoding="utf-8") as handle:
        written = {(r["project_a"], r["project_b"], r["countries"], int(r["n"]))
                   for r in csv.DictReader(handle)}
    expected = _rows(open_store(out), load_query(ALL_PAIRS))
    assert written == expected and len(expected) > 20
