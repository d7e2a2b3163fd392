"""tnkg in a notebook, as a researcher uses it (issue 17, item 9): open the built graph, run a
bundled query with a parameter, take it to pandas, get the network for networkx, draw a view.

The graph is the sample's build shared by the golden test (tests/conftest.py `built_sample`),
so every answer is held to the golden outputs the command line gives.
"""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest
from golden.outputs import read_sample_golden

import tnkg
from tnkg.errors import QueryError, StoreError, TnkgError

GOLDEN = read_sample_golden()


def golden_rows(query: str) -> tuple[tuple[str, ...], list[tuple]]:
    """The columns and rows `tnkg query NAME --format json` gave on the sample."""
    result = json.loads(GOLDEN[f"queries/{query}.json"])
    return tuple(result["columns"]), [tuple(row) for row in result["rows"]]


@pytest.fixture(scope="module")
def g(built_sample):
    return tnkg.open(built_sample)


def test_a_bundled_query_takes_a_parameter_as_a_person_writes_it(g):
    columns, rows = golden_rows("partner-cities-ranked")
    norwegian = [row for row in rows if row[columns.index("country")] == "NO"]
    assert norwegian  # the sample has a Norwegian partner city
    for written in ("NO", "no", "Norway", "Norge"):
        result = g.query("partner-cities-ranked", country=written)
        assert (result.columns, list(result.rows)) == (columns, norwegian), written


def test_query_results_become_a_dataframe_with_the_same_columns_and_rows(g):
    pytest.importorskip("pandas")
    result = g.query("partner-countries-ranked", lang="sv")
    frame = result.to_pandas()
    assert list(frame.columns) == list(result.columns)
    assert [tuple(row) for row in frame.itertuples(index=False)] == list(result.rows)
    names = dict(zip(frame["country"], frame["name"], strict=True))
    assert names["GB"] == "Storbritannien"  # Swedish names, as `tnkg query --lang sv`


def test_without_pandas_to_pandas_says_how_to_install_it_in_one_line(g, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(TnkgError) as error:
        g.query("partner-countries-ranked").to_pandas()
    assert str(error.value) == "pandas is not installed: pip install 'tnkg[pandas]'"


def test_importing_tnkg_and_its_notebook_api_loads_no_pandas():
    code = "import sys, tnkg, tnkg.notebook; print(sorted({'pandas'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert loaded.strip() == "[]"


def test_ad_hoc_queries_use_the_predeclared_prefixes_and_answer_ask(g):
    assert g.query("ASK { ?city rdfs:label 'Köpenhamn'@sv }").boolean is True
    (count,), = g.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Project }").rows
    assert count == json.loads(GOLDEN["report.json"])["counts"]["projects"]


def test_the_network_is_the_one_analyze_writes_as_graphml(g, tmp_path):
    G = g.network()
    graphml = tmp_path / "graph.graphml"
    graphml.write_bytes(GOLDEN["graph.graphml"])
    written = nx.read_graphml(graphml)
    assert set(G.nodes) == set(written.nodes)
    assert {frozenset(edge) for edge in G.edges} == {frozenset(e) for e in written.edges}
    assert {G.nodes[n]["kind"] for n in G} == {"project", "organisation", "municipality",
                                                 "city", "region", "country"}


def test_viz_writes_the_page_tnkg_viz_writes_and_shows_it_inline(g, tmp_path):
    drawing = g.viz(tmp_path / "transnet.html", focus="transnet", depth=1)
    assert drawing.path == tmp_path / "transnet.html"
    assert drawing.view == "ego view" and drawing.nodes > 1
    page = drawing.path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Transnet" in page
    assert drawing._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')


def test_mistakes_are_one_error_naming_the_problem(g, tmp_path):
    with pytest.raises(StoreError, match="no graph in .*: run `tnkg build` first"):
        tnkg.open(tmp_path / "typo")
    with pytest.raises(QueryError, match=r"did you mean partner-cities-ranked"):
        g.query("partner-citys-ranked")
    with pytest.raises(QueryError, match=r"no country is called 'Norvège'"):
        g.query("partner-cities-ranked", country="Norvège")
