"""The real export (../shared/data, 2,123 rows): all projects build and the graph conforms.

Skipped when the file is absent; it is never copied into the repository. Build and validation
together took 75 s on the shared 2-core machine (`pytest tests/realdata -m realdata`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tnkg.build import build_graph
from tnkg.kg.store import open_store
from tnkg.kg.validate import validate_graph
from tnkg.queries.runner import load_query, run_query

REAL_CSV = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "tillvaxtverket-projektbanken-2007-2013.csv"
)

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not REAL_CSV.exists(), reason=f"{REAL_CSV} is absent"),
]


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("real-csv")
    report = build_graph([REAL_CSV], out_dir=out, jobs=1)
    return out, report


def test_all_rows_become_projects(real_build):
    _out, report = real_build
    assert report.errors == {}
    assert report.counts["projects"] == 2123


def test_real_graph_conforms_to_the_shapes(real_build):
    validation = validate_graph(real_build[0])
    assert validation.conforms, [str(v) for v in validation.violations[:10]]


def test_projects_per_fund_as_the_file_says(real_build):
    result = run_query(open_store(real_build[0]), load_query("projects-by-fund"), {})
    projects = {row[0]: row[1] for row in result.rows}
    assert projects == {"ERDF": 1585, "Interreg IVA": 538}


def test_every_region_abroad_of_the_file_is_known(real_build):
    _out, report = real_build
    unknown = [w for ws in report.warnings.values() for w in ws if "lan_fordelning" in w]
    assert unknown == []
    result = run_query(
        open_store(real_build[0]), load_query("regions-abroad-by-fund"), {"fund": "Interreg IVA"}
    )
    codes = {row[1] for row in result.rows}
    assert {"NO-08", "NO-17", "DK-84", "FI-12", "FI-07"} <= codes
