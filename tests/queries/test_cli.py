"""`tnkg query` and `tnkg analyze` as a user runs them."""

from __future__ import annotations

import csv
import json

import pytest

from tnkg.cli import main
from tnkg.queries.runner import list_queries


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_every_query_with_title_params_and_columns(capsys):
    code, out, _ = run_cli(capsys, "query", "--list")
    assert code == 0
    for query in list_queries():
        assert f"{query.name}: {query.title}" in out
        assert f"columns: {', '.join(query.columns)}" in out
    assert "param country (xsd:string, optional)" in out
    assert "param municipality (xsd:string, required)" in out


def test_query_prints_a_table(capsys, small_dir):
    code, out, _ = run_cli(capsys, "query", "shared-partner-countries", "--out", str(small_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["project_a", "project_b", "countries", "n"]
    assert lines[-1] == "(3 rows)"


def test_query_binds_a_parameter_and_writes_json(capsys, small_dir):
    code, out, _ = run_cli(
        capsys, "query", "municipalities-linked-abroad", "--param", "country=PL",
        "--format", "json", "--out", str(small_dir),
    )
    assert code == 0
    assert json.loads(out) == {
        "query": "municipalities-linked-abroad",
        "columns": ["municipality", "code", "city", "country", "project"],
        "rows": [["Stockholm", "0180", "Warsaw", "PL", "Transnet"]],
    }


def test_query_runs_a_query_file(capsys, small_dir, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text(
        "# title: Projects\n# description: How many.\n# params: none\n# columns: n\n"
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://schema.org/Project> }",
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, "query", str(path), "--format", "csv", "--out", str(small_dir))
    assert (code, out) == (0, "n\n4\n")


def test_ad_hoc_sparql_with_tsv(capsys, small_dir):
    code, out, _ = run_cli(
        capsys, "query", "--format", "tsv", "--out", str(small_dir), "--sparql",
        "SELECT DISTINCT ?code WHERE { ?c <https://w3id.org/tnkg/ontology#iso3166Code> ?code ."
        " ?c a <https://schema.org/Country> } ORDER BY ?code",
    )
    assert (code, out) == (0, "code\nFR\nGB\nIT\nNO\nPL\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "no-such-query"], "unknown query 'no-such-query'"),
        (["query", "municipalities-linked-abroad", "--param", "land=GB"], "unknown parameter land"),
        (["query", "partners-abroad-of-municipality"], "missing required parameter municipality"),
        (["query", "municipalities-linked-abroad", "--param", "country"], "write it as NAME=VALUE"),
        (["query", "--sparql", "SELECT ?x WHERE { ?x ?y }"], "malformed query"),
        (["query"], "give a query NAME or FILE.rq"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(capsys, small_dir, argv, message):
    code, out, err = run_cli(capsys, *argv, "--out", str(small_dir))
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("tnkg query: ")


def test_query_without_a_built_graph_says_to_build(capsys, tmp_path):
    code, _, err = run_cli(capsys, "query", "shared-partner-countries", "--out", str(tmp_path))
    assert code == 2
    assert "tnkg build" in err and err.count("\n") == 1


def test_analyze_prints_the_number_of_pairs_and_writes_its_files(capsys, small_dir, tmp_path):
    out_dir = tmp_path / "graph"
    out_dir.mkdir()
    (out_dir / "store").symlink_to(small_dir / "store")
    code, out, _ = run_cli(capsys, "analyze", "--out", str(out_dir))
    assert code == 0
    assert "5 project pairs share an organisation, city or country (3 share a country)" in out
    assert "betweenness exact" in out
    for name in ("overlaps.csv", "centrality.csv", "communities.json", "graph.graphml",
                 "graph.gexf"):
        assert (out_dir / name).is_file()


def test_analyze_max_pairs_lists_the_pairs_sharing_most_and_counts_all(capsys, small_dir, tmp_path):
    out_dir = tmp_path / "graph"
    out_dir.mkdir()
    (out_dir / "store").symlink_to(small_dir / "store")
    code, out, _ = run_cli(capsys, "analyze", "--out", str(out_dir), "--max-pairs", "1")
    assert code == 0
    assert "5 project pairs share" in out and "overlaps.csv lists the 1 that share most" in out
    with open(out_dir / "overlaps.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # Transnet and Tre-M share three things (Arbetsförmedlingen, GB, PL): more than any other
    assert [(r["project_a"], r["project_b"]) for r in rows] == [
        ("Transnet", "Tre-M - matchning, motor, mäklare")
    ]


def test_analyze_refuses_a_negative_max_pairs_in_one_line(capsys, small_dir, tmp_path):
    code, _, err = run_cli(capsys, "analyze", "--out", str(small_dir), "--max-pairs", "-1")
    assert code == 2
    assert "--max-pairs" in err and err.count("\n") == 1
