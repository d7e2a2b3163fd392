"""The bundled sample against its gold records: header=1.0 and lists=1.0.

Checked twice: with the shared scorer when ../shared is there, and directly against
tests/data/gold so the check never depends on anything outside the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import GOLD_DIR, SAMPLE_PAGES, shared_file

from tnkg.cli import main

HEADER_FIELDS = ("title", "phase", "owner", "region", "esf_grant_sek", "total_budget_sek",
                 "start_date", "end_date", "programme_area", "contact")
LIST_FIELDS = ("co_financiers", "partners", "participants")


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory) -> Path:
    """`tnkg extract extract/corpus/esf-sample/*.txt --json -o out.json`, run once."""
    out = tmp_path_factory.mktemp("score") / "out.json"
    assert main(["extract", *map(str, SAMPLE_PAGES), "--json", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def predicted(sample_json) -> dict[str, dict]:
    records = json.loads(sample_json.read_text(encoding="utf-8"))
    return {Path(rec["source"]).name: rec for rec in records}


def test_every_gold_page_has_a_record(predicted, gold_records):
    assert sorted(predicted) == sorted(gold_records)


@pytest.mark.parametrize("field", HEADER_FIELDS)
def test_header_field_matches_gold(predicted, gold_records, field: str):
    for name, gold in gold_records.items():
        assert predicted[name][field] == gold[field], name


def test_section_headings_match_gold_in_order(predicted, gold_records):
    for name, gold in gold_records.items():
        assert list(predicted[name]["sections"]) == gold["section_headings"], name


@pytest.mark.parametrize("field", LIST_FIELDS)
def test_list_matches_gold_with_duplicates(predicted, gold_records, field: str):
    for name, gold in gold_records.items():
        assert sorted(predicted[name][field]) == sorted(gold[field]), name


def test_municipalities_match_gold_names_and_codes(predicted, gold_records):
    for name, gold in gold_records.items():
        assert predicted[name]["municipalities"] == gold["municipalities"], name


def test_shared_scorer_gives_header_and_lists_1(sample_json):
    scorer = shared_file("tools", "score_extract.py")
    result = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(GOLD_DIR), "--pred", str(sample_json)],
        capture_output=True, text=True, check=True,
    )
    last = result.stdout.strip().splitlines()[-1]
    assert "header=1.0 " in last and "lists=1.0 " in last, result.stdout
