"""The real export (../shared/data, 2,123 rows) built with the five ESF sample pages, as
docs/tillvaxtverket.md shows it: all projects build, the graph conforms, and every output is
what tests/golden/real-csv.json holds the digests of.

Skipped when the file is absent; it is never copied into the repository. The build is the
session fixture `real_data_build` (tests/conftest.py), which the docs' examples share.
"""

from __future__ import annotations

import json

import pytest
from golden.outputs import REAL_MANIFEST, collect, copy_real_data_build, digests

from tnkg.kg.store import open_store
from tnkg.kg.validate import validate_graph
from tnkg.queries.runner import load_query, run_query

pytestmark = [pytest.mark.realdata, pytest.mark.slow]


@pytest.fixture(scope="module")
def real_build(real_data_build):
    """The built folder and its report.json."""
    repo, outcome = real_data_build
    assert outcome.code == 0, outcome.output
    out = repo / "tvv-out"
    return out, json.loads((out / "report.json").read_text("utf-8"))


def test_all_rows_become_projects(real_build):
    _out, report = real_build
    assert report["errors"] == {}
    assert report["counts"]["projects"] == 2123 + 5


def test_real_graph_conforms_to_the_shapes(real_build):
    validation = validate_graph(real_build[0])
    assert validation.conforms, [str(v) for v in validation.violations[:10]]


def test_projects_per_fund_as_the_file_says(real_build):
    result = run_query(open_store(real_build[0]), load_query("projects-by-fund"), {})
    projects = {row[0]: row[1] for row in result.rows}
    assert projects == {"ERDF": 1585, "Interreg IVA": 538, "ESF": 5}


def test_every_region_abroad_of_the_file_is_known(real_build):
    _out, report = real_build
    unknown = [w for ws in report["warnings"].values() for w in ws if "lan_fordelning" in w]
    assert unknown == []
    result = run_query(
        open_store(real_build[0]), load_query("regions-abroad-by-fund"), {"fund": "Interreg IVA"}
    )
    codes = {row[1] for row in result.rows}
    assert {"NO-08", "NO-17", "DK-84", "FI-12", "FI-07"} <= codes


@pytest.mark.slow
def test_real_csv_outputs_match_the_golden_manifest(real_data_build, tmp_path):
    """Every output of the build (graph, records, report, analysis, page, each query's rows)
    is what tests/golden/real-csv.json holds the digests of."""
    repo, outcome = real_data_build
    assert outcome.code == 0, outcome.output
    actual = digests(collect(copy_real_data_build(repo, tmp_path / "tvv-out")))
    expected = json.loads(REAL_MANIFEST.read_text("utf-8"))
    differing = sorted(name for name in expected.keys() | actual.keys()
                       if expected.get(name) != actual.get(name))
    assert not differing, (
        f"outputs of the real CSV differ: {differing}; if the change is meant, run "
        "`python tests/golden/regenerate.py --real` and commit it"
    )
