"""One sample page's named graph and its part of the shared graph against expected Turtle.

Each golden file is named after a sample page: tests/data/graphs/*.ttl holds
what the page itself says (its named graph), tests/data/graphs/shared/*.ttl
the shared nodes it uses. The page's gold record goes through `page_triples`
and `page_shared_triples` with a fixed source (path, hash, extraction time,
version) so that the expected graphs do not depend on when the test runs.
Compared by isomorphism, not as text.
"""

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tnkg.kg.iri import Minter
from tnkg.kg.nodes import SharedNodes
from tnkg.kg.triples import (
    PageSource,
    collect_organisations,
    page_shared_triples,
    page_triples,
)

GRAPHS = Path(__file__).resolve().parents[1] / "data" / "graphs"
GOLDEN = sorted(GRAPHS.glob("*.ttl"))
GOLDEN_SHARED = sorted((GRAPHS / "shared").glob("*.ttl"))


def built_graph(page: str, gold_record, triples) -> Graph:
    rec = gold_record(page + ".txt")
    source = PageSource(None, "0" * 64, "2024-01-01T00:00:00Z", "0.1.0")
    graph = Graph()
    for triple in triples(rec, source, collect_organisations([rec]),
                          nodes=SharedNodes(Minter())):
        graph.add(triple)
    return graph


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    if not isomorphic(actual, expected):
        _both, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        lines = [f"- {t}" for t in sorted(missing)] + [f"+ {t}" for t in sorted(extra)]
        pytest.fail("graph differs from golden file:\n" + "\n".join(lines[:40]))


def test_there_are_golden_graphs_for_both_parts():
    assert GOLDEN
    assert [p.name for p in GOLDEN_SHARED] == [p.name for p in GOLDEN]


@pytest.mark.parametrize("expected_path", GOLDEN, ids=lambda p: p.stem)
def test_page_graph_matches_golden_turtle(expected_path: Path, gold):
    expected = Graph().parse(expected_path, format="turtle")
    assert_isomorphic(built_graph(expected_path.stem, gold, page_triples), expected)


@pytest.mark.parametrize("expected_path", GOLDEN_SHARED, ids=lambda p: p.stem)
def test_shared_nodes_of_a_page_match_golden_turtle(expected_path: Path, gold):
    expected = Graph().parse(expected_path, format="turtle")
    assert_isomorphic(built_graph(expected_path.stem, gold, page_shared_triples), expected)


@pytest.mark.parametrize("expected_path", GOLDEN, ids=lambda p: p.stem)
def test_a_page_graph_names_no_shared_node(expected_path: Path, gold):
    page = built_graph(expected_path.stem, gold, page_triples)
    shared = built_graph(expected_path.stem, gold, page_shared_triples)
    # a shared node is described in the shared graph only: no page graph repeats its triples
    assert not set(page) & set(shared)
    assert not set(page.subjects()) & set(shared.subjects())
