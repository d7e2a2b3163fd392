"""Places in Swedish and English (issue 17, item 8): the rows gave "Copenhagen" and "Warsaw",
and a Swedish researcher wants Köpenhamn and Warszawa available beside them: the graph labels
each place in both languages, and `tnkg query --lang sv` names the places in Swedish."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from support import run_tnkg

from tnkg.kg.store import open_store
from tnkg.queries.runner import list_queries, run_query

ID = "https://w3id.org/tnkg/id/"


@pytest.fixture(scope="module")
def graph(demo_workspace) -> Graph:
    return Graph().parse(demo_workspace / "tnkg-out" / "graph.ttl", format="turtle")


@pytest.mark.parametrize(("place", "english", "swedish"), [
    ("city/2618425", "Copenhagen", "Köpenhamn"),
    ("city/756135", "Warsaw", "Warszawa"),
    ("country/GB", "United Kingdom", "Storbritannien"),
    ("country/PL", "Poland", "Polen"),
    ("region/GB-SCT", None, "Skottland"),
])
def test_the_graph_labels_a_place_in_english_and_swedish(graph, place, english, swedish):
    labels = set(graph.objects(URIRef(ID + place), RDFS.label))
    expected = {Literal(swedish, lang="sv")} | ({Literal(english, lang="en")} if english else set())
    assert labels == expected


def test_a_place_without_a_swedish_name_has_no_swedish_label(graph):
    assert set(graph.objects(URIRef(ID + "city/3133880"), RDFS.label)) == {
        Literal("Trondheim", lang="en")
    }


def test_query_names_places_in_swedish_with_lang_sv(demo_workspace):
    english = run_tnkg(["query", "partner-cities-ranked", "--format", "csv"], demo_workspace)
    swedish = run_tnkg(["query", "partner-cities-ranked", "--format", "csv", "--lang", "sv"],
                       demo_workspace)
    assert english.code == swedish.code == 0
    assert "Copenhagen,DK,1,1,8696524" in english.output.splitlines()
    assert "Köpenhamn,DK,1,1,8696524" in swedish.output.splitlines()
    assert "Warszawa,PL,1,1,8696524" in swedish.output.splitlines()
    # only the names change: the same columns, rows and figures
    strip = [line.split(",", 1)[1] for line in english.output.splitlines()]
    assert [line.split(",", 1)[1] for line in swedish.output.splitlines()] == strip


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_bundled_query_gives_the_same_table_in_either_language(demo_workspace, query):
    sample = {"municipality": "Linköping", "project": "Transnet"}
    params = {p.name: sample[p.name] for p in query.params if p.required}
    store = open_store(demo_workspace / "tnkg-out")
    english = run_query(store, query, params)
    swedish = run_query(store, query, params, lang="sv")
    assert english.columns == swedish.columns == query.columns
    assert len(english.rows) == len(swedish.rows)


def test_an_unknown_language_is_refused(demo_workspace):
    done = run_tnkg(["query", "partner-cities-ranked", "--lang", "de"], demo_workspace)
    assert done.code == 2 and "invalid choice: 'de'" in done.output


def test_focus_finds_a_place_by_its_swedish_name(demo_workspace, tmp_path):
    done = run_tnkg(["viz", "--focus", "köpenhamn", "-o", str(tmp_path / "k.html")],
                    demo_workspace)
    assert done.code == 0 and "of Copenhagen (city)" in done.output
