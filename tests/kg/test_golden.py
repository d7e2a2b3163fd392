"""One sample page's named graph against its expected Turtle (tests/data/graphs/*.ttl).

Each golden file is named after a sample page; the page's gold record goes
through `page_triples` with a fixed source (path, hash, extraction time,
version) so that the expected graph does not depend on when the test runs.
Compared by isomorphism, not as text.
"""

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from tnkg.kg.iri import Minter
from tnkg.kg.triples import PageSource, collect_organisations, page_triples

GOLDEN = sorted((Path(__file__).resolve().parents[1] / "data" / "graphs").glob("*.ttl"))


def page_graph(page: str, gold_record) -> Graph:
    rec = gold_record(page + ".txt")
    source = PageSource(page + ".txt", "0" * 64, "2024-01-01T00:00:00Z", "0.1.0")
    graph = Graph()
    for triple in page_triples(rec, source, collect_organisations([rec]), minter=Minter()):
        graph.add(triple)
    return graph


def test_there_is_a_golden_graph():
    assert GOLDEN


@pytest.mark.parametrize("expected_path", GOLDEN, ids=lambda p: p.stem)
def test_page_graph_matches_golden_turtle(expected_path: Path, gold):
    expected = Graph().parse(expected_path, format="turtle")
    actual = page_graph(expected_path.stem, gold)
    if not isomorphic(actual, expected):
        _both, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        lines = [f"- {t}" for t in sorted(missing)] + [f"+ {t}" for t in sorted(extra)]
        pytest.fail("graph differs from golden file:\n" + "\n".join(lines[:40]))
