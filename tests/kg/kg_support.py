"""Helpers for the graph tests: the sample pages, and gold records standing in for parsing.

Gold records lack `sections` and the places' `evidence`; `gold_record` fills those
defaults. Test modules import these from here (not from conftest, whose module name
pytest shares between folders).
"""

from __future__ import annotations

import json
from pathlib import Path

from tnkg.extract.record import ProjectRecord, record_from_json

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
