"""Whole pages, places and roles: Danish and Norwegian Interreg pages (written for these tests),
each beside its expected places (`tests/data/places/pages/*.expected.json`, found by glob).

Every place of the page, mentions included, must be found with its kind, country and role,
in page order, and no other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tnkg.extract.pipeline import extract_file

PAGES = Path(__file__).parents[1] / "data" / "places" / "pages"
CASES = sorted(PAGES.glob("*.txt"))


@pytest.mark.parametrize("page", CASES, ids=lambda p: p.name)
def test_page_gives_its_places(finder, page):
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    (rec,) = extract_file(page, finder=finder)
    got = [{"name": p.name, "kind": p.kind, "country": p.country, "role": p.role}
           for p in rec.places]
    assert got == expected["places"]
    assert rec.fund == expected["fund"]
