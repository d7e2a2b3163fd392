"""A build's whole output against the golden files: nothing changes unless on purpose.

The bundled sample is built as a user builds it (the real extraction pipeline, then the
analysis, the page and every bundled query) and each output compared with
tests/golden/sample/: RDF as canonical N-Quads, everything else whole. The real
Tillväxtverket CSV is compared with the digests of tests/golden/real-csv.json in
tests/realdata/test_real_csv.py. When a change alters the outputs on purpose, run
tests/golden/regenerate.py (see docs/architecture.md) and commit the new golden files.
"""

from __future__ import annotations

import difflib

import pytest
from golden.outputs import collect, read_sample_golden, union_triples

REGENERATE = "if the change is meant, run `python tests/golden/regenerate.py` and commit it"


@pytest.fixture(scope="module")
def sample_outputs(built_sample) -> dict[str, bytes]:
    """Every output of the sample's build (tests/conftest.py), collected."""
    return collect(built_sample)


def _first_difference(expected: bytes, actual: bytes) -> str:
    diff = difflib.unified_diff(
        expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines(),
        "golden", "built", n=1, lineterm="",
    )
    return "\n".join(line[:200] for line in list(diff)[:12])


GOLDEN = read_sample_golden()


def test_the_golden_files_hold_every_kind_of_output():
    names = set(GOLDEN)
    assert {"graph.nq", "records.json", "report.json", "overlaps.csv", "centrality.csv",
            "communities.json", "graph.graphml", "graph.gexf", "graph.html"} <= names
    assert {name for name in names if name.startswith("queries/")}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_output_is_the_golden_file(sample_outputs, name):
    assert name in sample_outputs, f"the build no longer writes {name}"
    expected, actual = GOLDEN[name], sample_outputs[name]
    assert actual == expected, f"{name} differs ({REGENERATE}):\n" + _first_difference(
        expected, actual)


def test_graph_ttl_holds_the_union_of_the_golden_graphs(sample_outputs):
    assert sample_outputs["graph.ttl.nt"] == union_triples(GOLDEN["graph.nq"])


def test_the_build_writes_no_output_the_golden_files_lack(sample_outputs):
    assert set(sample_outputs) - {"graph.ttl.nt"} == set(GOLDEN)

