"""Ad hoc SPARQL as a researcher types it: the project's prefixes need no declaring, and
ASK, CONSTRUCT and DESCRIBE answer from the command line and from Python."""

from __future__ import annotations

import doctest
import importlib
import json
import re
import shlex
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from tnkg.cli import main
from tnkg.queries.remote import bind_in_text
from tnkg.queries.runner import run_query

PROJECT = "https://w3id.org/tnkg/id/project/t1"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_issues_query_runs_without_prefix_declarations(capsys, small_dir):
    code, out, err = run_cli(capsys, "query", "--out", str(small_dir), "--sparql",
                             "SELECT ?p WHERE { ?p a schema:Project }", "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)["rows"]) == 4


def test_data_prefixes_name_the_graphs_own_iris(small_store):
    result = run_query(small_store, "SELECT ?name WHERE { country:NO schema:name ?name }")
    assert result.rows == (("Norway",),)


def test_a_query_may_still_declare_a_prefix_its_own_way(small_store):
    text = "PREFIX schema: <http://example.org/not-schema/> SELECT ?p { ?p a schema:Project }"
    assert run_query(small_store, text).rows == ()


@pytest.mark.parametrize(("text", "answer"), [
    ("ASK { ?p a schema:Project }", "true"),
    ("ASK { ?p a schema:Person }", "false"),
])
def test_ask_prints_true_or_false(capsys, small_dir, text, answer):
    code, out, _ = run_cli(capsys, "query", "--out", str(small_dir), "--sparql", text)
    assert (code, out) == (0, answer + "\n")


def test_ask_as_json_gives_the_boolean(capsys, small_dir):
    code, out, _ = run_cli(capsys, "query", "--out", str(small_dir), "--format", "json",
                           "--sparql", "ASK { ?p a schema:Project }")
    assert json.loads(out) == {"query": "ad hoc query", "boolean": True}


CONSTRUCT = "CONSTRUCT { ?c schema:name ?n } WHERE { ?c a schema:Country ; schema:name ?n }"


@pytest.mark.parametrize(("fmt", "rdflib_format"), [
    ("table", "turtle"), ("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml"),
])
def test_construct_prints_the_graph_in_the_format_asked_for(capsys, small_dir, small_store,
                                                            fmt, rdflib_format):
    code, out, err = run_cli(capsys, "query", "--out", str(small_dir), "--sparql", CONSTRUCT,
                             "--format", fmt)
    assert code == 0, err
    printed = Graph().parse(data=out, format=rdflib_format)
    triples = run_query(small_store, CONSTRUCT).triples
    expected = {(t.subject.value, t.object.value) for t in triples}
    assert {(str(s), str(o)) for s, _p, o in printed} == expected
    assert len(expected) >= 2


def test_turtle_of_a_graph_uses_the_projects_prefixes(capsys, small_dir):
    _code, out, _ = run_cli(capsys, "query", "--out", str(small_dir), "--sparql", CONSTRUCT)
    assert "@prefix schema: <https://schema.org/>" in out
    assert "country:NO schema:name" in out


def test_describe_gives_the_resources_description(capsys, small_dir):
    code, out, _ = run_cli(capsys, "query", "--out", str(small_dir), "--format", "nt",
                           "--sparql", f"DESCRIBE <{PROJECT}>")
    assert code == 0
    subjects = {str(s) for s, _p, _o in Graph().parse(data=out, format="nt")}
    assert PROJECT in subjects


def test_a_table_asked_for_as_turtle_is_a_one_line_error(capsys, small_dir):
    code, out, err = run_cli(capsys, "query", "--out", str(small_dir), "--format", "ttl",
                             "--sparql", "SELECT ?p WHERE { ?p a schema:Project }")
    assert code == 2 and out == ""
    assert "gives a table, not a graph" in err and err.count("\n") == 1


HOSTILE = ['say "hi"', "it's", "back\\slash \\u0022 \\n", "line\nbreak", "} } DROP ALL #",
           "Malmö 🎉", "<http://x/>", "?x"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bound_value_arrives_unchanged_through_the_query_text(value):
    text = bind_in_text("SELECT ?x WHERE { }", {ox.Variable("x"): ox.Literal(value)})
    (row,) = ox.Store().query(text)
    assert row["x"] == ox.Literal(value)


@pytest.mark.parametrize("module", ["tnkg.queries.remote", "tnkg.queries.sparql_text"])
def test_docstring_examples_hold(module):
    assert doctest.testmod(importlib.import_module(module)).failed == 0


DOCS = Path(__file__).resolve().parents[2] / "docs"


def doc_runs(page: str, command: str) -> list[tuple[list[str], str]]:
    """The `$ tnkg COMMAND ...` lines of a docs page's console blocks with the output shown
    under each."""
    runs = []
    for block in re.findall(r"```console\n(.*?)```", (DOCS / page).read_text("utf-8"), re.S):
        for run in re.split(r"^\$ ", block, flags=re.M)[1:]:
            line, _, output = run.partition("\n")
            if line.startswith(f"tnkg {command} --sparql"):
                runs.append((shlex.split(line)[1:], output))
    return runs


def test_the_ad_hoc_examples_of_the_query_page_print_what_it_shows(capsys, gold_sample_dir):
    runs = doc_runs("query.md", "query")
    assert len(runs) == 2
    for argv, shown in runs:
        code, out, err = run_cli(capsys, *argv, "--out", str(gold_sample_dir))
        assert (code, out) == (0, shown), err
