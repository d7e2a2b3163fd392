"""The graph on a real SPARQL server: `tnkg push` into Virtuoso, then every bundled query
through `--endpoint` gives the embedded store's rows; pushing again or after removing a
page leaves exactly the build's graphs; parameters arrive as the same RDF terms."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from support import SAMPLE_PAGES, gold_extract

from tnkg.build import build_graph
from tnkg.errors import QueryError
from tnkg.kg.remote import RemoteError, credentials, push_graphs
from tnkg.kg.store import open_store
from tnkg.queries.remote import run_remote
from tnkg.queries.runner import list_queries, run_query

BASE = "https://w3id.org/tnkg/id/"
OURS = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), '{BASE}')) }}")
REQUIRED = {"municipality": "Stockholm", "project": "Transnet"}
HOSTILE = ['say "hi"', "it's", "back\\slash \\u0022", "line\nbreak", "} } DROP ALL #", "Malmö"]


def auth(virtuoso):
    return credentials(virtuoso.user, virtuoso.password)


def graphs_there(virtuoso) -> set[str]:
    return {row[0] for row in run_remote(virtuoso.sparql, OURS).rows}


def graphs_of_build(out) -> set[str]:
    names = {g.value for g in open_store(out).named_graphs()}
    return names | {BASE + "graph/void", BASE + "graph/pushed"}


def normalised(rows) -> list[tuple]:
    """Rows in a stable order; a concatenated list of values compared as a set of values
    (GROUP_CONCAT has no order in SPARQL, and engines differ); a concatenation of no values
    is unbound on Oxigraph and "" on Virtuoso, both "none"."""
    def cell(value):
        if value == "":
            return None
        return tuple(sorted(value.split(", "))) if isinstance(value, str) and ", " in value \
            else value
    return sorted((tuple(cell(v) for v in row) for row in rows), key=repr)


@pytest.fixture(scope="module")
def pushed(virtuoso, sample_out):
    report = push_graphs(sample_out, virtuoso.graph_store, auth=auth(virtuoso))
    return report


def test_push_writes_one_graph_per_page_the_shared_graph_and_the_description(
    pushed, virtuoso, sample_out
):
    assert graphs_there(virtuoso) == graphs_of_build(sample_out)
    assert pushed.removed == ()


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_bundled_query_gives_the_embedded_stores_rows(pushed, virtuoso, sample_out,
                                                            query):
    local = run_query(open_store(sample_out), query, _required(query, sample_out))
    remote = run_remote(virtuoso.sparql, query, _required(query, sample_out))
    assert remote.columns == local.columns
    assert normalised(remote.rows) == normalised(local.rows)


def _required(query, out) -> dict[str, str]:
    """A value for each required parameter (a municipality or a project of the sample)."""
    return {p.name: REQUIRED[p.name] for p in query.params if p.required}


@pytest.mark.parametrize("query", [q for q in list_queries() if q.params], ids=lambda q: q.name)
def test_parameters_bind_the_same_on_both_engines(pushed, virtuoso, sample_out, query):
    store = open_store(sample_out)
    base = {**_required(query, sample_out)}
    rows = run_query(store, query, base).rows
    for param in query.params:
        column = query.columns.index(param.name)
        values = sorted({row[column] for row in rows if row[column] is not None}, key=str)[:2]
        written = [str(v).lower() for v in values]  # as a user types a name: matched alike
        for value in [*map(str, values), *written, *HOSTILE]:
            params = {**base, param.name: value}
            local = _outcome(run_query, store, query, params)
            remote = _outcome(run_remote, virtuoso.sparql, query, params)
            assert remote == local, (param.name, value)


def _outcome(run, *args) -> list[tuple] | str:
    """The normalised rows of a query, or the error it gives: a parameter naming a kind of
    thing (a country, a municipality) is refused alike on both engines when it names none."""
    try:
        return normalised(run(*args).rows)
    except QueryError as error:
        return str(error)


def test_hostile_strings_arrive_unchanged(pushed, virtuoso):
    for value in HOSTILE:
        remote = run_remote(virtuoso.sparql, "SELECT ?x WHERE { }", {"x": value})
        assert remote.rows == ((value,),), value


def test_ask_and_construct_answer_on_the_server_as_at_home(pushed, virtuoso, sample_out):
    store = open_store(sample_out)
    for text in ("ASK { ?p a schema:Project }", "ASK { ?p a schema:Person }"):
        assert run_remote(virtuoso.sparql, text).boolean == run_query(store, text).boolean
    construct = "CONSTRUCT { ?c schema:name ?n } WHERE { ?c a schema:Country ; schema:name ?n }"
    assert set(run_remote(virtuoso.sparql, construct).triples) == set(
        run_query(store, construct).triples)


def test_pushing_again_changes_nothing(pushed, virtuoso, sample_out):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), '" \
        + BASE + "')) }"
    before = run_remote(virtuoso.sparql, count).rows
    again = push_graphs(sample_out, virtuoso.graph_store, auth=auth(virtuoso))
    assert again.removed == ()
    assert run_remote(virtuoso.sparql, count).rows == before
    assert graphs_there(virtuoso) == graphs_of_build(sample_out)


def test_a_page_removed_from_the_build_is_removed_from_the_server(virtuoso, tmp_path, pushed):
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in SAMPLE_PAGES:
        shutil.copy(page, pages / page.name)
    out = tmp_path / "out"
    build_graph([pages], out_dir=out, extract=gold_extract, jobs=1)
    push_graphs(out, virtuoso.graph_store, auth=auth(virtuoso))
    (pages / SAMPLE_PAGES[0].name).unlink()
    build_graph([pages], out_dir=out, extract=gold_extract, jobs=1)
    report = push_graphs(out, virtuoso.graph_store, auth=auth(virtuoso))
    assert len(report.removed) == 1
    assert graphs_there(virtuoso) == graphs_of_build(out)
    # four pages, the shared graph, the overlaps, the description, the manifest
    assert len(graphs_of_build(out)) == 4 + 4


def test_wrong_credentials_get_a_clear_error(virtuoso, sample_out):
    with pytest.raises(RemoteError, match="credentials"):
        push_graphs(sample_out, virtuoso.graph_store, auth=credentials("dba", "wrong"))


def test_push_and_query_from_the_command_line(virtuoso, sample_out, pushed):
    env = {**os.environ, "TNKG_PASSWORD": virtuoso.password}

    def tnkg(*args):
        return subprocess.run([sys.executable, "-m", "tnkg.cli", *args], env=env,
                              capture_output=True, text=True, timeout=300)

    pushing = tnkg("push", "--out", str(sample_out), "--graph-store", virtuoso.graph_store,
                   "--user", virtuoso.user)
    assert pushing.returncode == 0, pushing.stderr
    assert "pushed" in pushing.stderr
    local = tnkg("query", "partner-countries-ranked", "--out", str(sample_out), "--format", "json")
    remote = tnkg("query", "partner-countries-ranked", "--endpoint", virtuoso.sparql,
                  "--format", "json")
    assert remote.returncode == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
