"""Shared fixtures: records from the gold files, and the sample built once per session.

Until the page parser lands, builds in these tests read the gold records
(tests/data/gold/*.json) through `build_graph(..., extract=gold_extract)`.
Gold records lack `sections` and the places' `evidence`; `gold_record`
fills those defaults.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tnkg.extract.record import ProjectRecord, record_from_json
from tnkg.kg.build import build_graph

TESTS = Path(__file__).resolve().parents[1]
GOLD = TESTS / "data" / "gold"
SAMPLE = TESTS.parent / "extract" / "corpus" / "esf-sample"
SAMPLE_PAGES = sorted(SAMPLE.glob("*.txt"))


def gold_record(path: str | Path) -> ProjectRecord:
    """The gold record of a sample page, with `source` set to the path as given."""
    data = json.loads((GOLD / (Path(path).stem + ".json")).read_text("utf-8"))
    data["source"] = str(path)
    for place in data.get("places", []):
        place.setdefault("evidence", "")
    return record_from_json(data)


def gold_extract(paths, jobs, spacy_model):
    """An extractor for build_graph that reads gold records instead of parsing pages."""
    return [gold_record(p) for p in paths], []


@pytest.fixture(scope="session")
def gold():
    """`gold_record` as a fixture, for test modules (they cannot import conftest)."""
    return gold_record


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The five sample pages built once: (out_dir, report)."""
    out = tmp_path_factory.mktemp("sample-build")
    report = build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, jobs=1)
    return out, report
