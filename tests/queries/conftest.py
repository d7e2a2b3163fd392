"""Fixtures: the hand-written small graph, and the sample corpus built once per session.

The sample is built twice: from the gold records (what the queries give when
extraction is right) and by the real pipeline (what a user gets today; the
`pipeline_sample_dir` fixture of tests/conftest.py, which the viz tests share).
The issue's Done-when numbers are asserted on both.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from support import SAMPLE_PAGES, gold_extract

from tnkg.build import build_graph
from tnkg.kg.iri import Minter
from tnkg.kg.overlaps import NEAREST, TOP_PAIRS, count_overlaps, overlap_triples
from tnkg.kg.store import open_store
from tnkg.kg.triples import overlap_graph
from tnkg.queries.analysis import overlap_index
from tnkg.queries.networks import (
    build_partnership_network,
    project_organisation_graph,
    project_place_graph,
)
from tnkg.queries.runner import open_memory_store

HERE = Path(__file__).resolve().parent
SMALL_GRAPH = HERE / "data" / "small.trig"


def add_overlap_graph(store: ox.Store) -> None:
    """The overlap graph the build would make of the store's graph (kg/overlaps.py), counted
    by the code from the hand-written projects, not written by hand."""
    G = build_partnership_network(store)
    index = overlap_index(project_organisation_graph(G), project_place_graph(G))
    counted = count_overlaps(index, limit=TOP_PAIRS, nearest=NEAREST)
    graph = ox.NamedNode(str(overlap_graph(Minter())))
    store.extend(
        ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), _term(o), graph)
        for s, p, o in overlap_triples(index, counted, minter=Minter())
    )


def _term(node):
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))


@pytest.fixture(scope="session")
def small_store() -> ox.Store:
    """The hand-written four-project graph of tests/queries/data/small.trig, in memory, with
    the overlap graph the build would add."""
    store = open_memory_store(SMALL_GRAPH)
    add_overlap_graph(store)
    return store


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory) -> Path:
    """A folder laid out as `tnkg build` leaves it, holding the small graph's store."""
    out = tmp_path_factory.mktemp("small-graph")
    store = ox.Store(str(out / "store"))
    store.load(path=str(SMALL_GRAPH), format=ox.RdfFormat.TRIG)
    add_overlap_graph(store)
    store.flush()
    del store  # close it: the tests open it read-only
    return out


@pytest.fixture(scope="session")
def gold_sample_dir(tmp_path_factory) -> Path:
    """The five sample pages built from their gold records."""
    out = tmp_path_factory.mktemp("sample-gold")
    build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, jobs=1)
    return out


@pytest.fixture(scope="session", params=["gold", "pipeline"])
def sample_store(request) -> ox.Store:
    """The built sample's store: from gold records, and from the real pipeline."""
    return open_store(request.getfixturevalue(f"{request.param}_sample_dir"))
