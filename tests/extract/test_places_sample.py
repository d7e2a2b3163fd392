"""The five sample pages: places F1 = 1.0 by the shared scorer's rules, roles matching."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import GOLD_DIR, SAMPLE_PAGES, shared_file

from tnkg.extract.esf_page import parse_page
from tnkg.extract.record import record_to_json

PAGES = SAMPLE_PAGES
GOLD = GOLD_DIR


@pytest.fixture(scope="session")
def records(finder):
    out = []
    for page in PAGES:
        rec = parse_page(page.read_text(encoding="utf-8"), page.name)
        out.append((rec, finder.find_in_record(rec)))
    return out


def test_scorer_gives_places_f1_one(records, tmp_path):
    scorer = shared_file("tools", "score_extract.py")
    pred = tmp_path / "pred.json"
    data = []
    for rec, places in records:
        item = record_to_json(rec)
        item["places"] = [
            {"name": p.name, "kind": p.kind, "country": p.country, "geonames_id": p.geonames_id,
             "iso3166_2": p.iso3166_2, "role": p.role, "evidence": p.evidence,
             "variants": list(p.variants)}
            for p in places
        ]
        data.append(item)
    pred.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(GOLD), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True,
    )
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["places_f1"] == 1.0, result.stdout


def test_gold_places_and_traps(records):
    by_source = {rec.source: places for rec, places in records}
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        places = by_source[gold["source"]]
        for want in gold["places"]:
            hits = [p for p in places if p.kind == want["kind"] and (
                (want.get("geonames_id") and p.geonames_id == want["geonames_id"])
                or (want.get("iso3166_2") and p.iso3166_2 == want["iso3166_2"])
                or (p.kind == "country" and p.country == want["country"]))]
            assert [p.role for p in hits] == [want["role"]], want["name"]
            assert hits[0].name == want["name"]
            assert set(want.get("variants", [])) <= set(hits[0].variants)
        for trap in gold["place_traps"]:
            roles = [p.role for p in places if p.kind == trap["kind"]
                     and p.country == trap["country"]]
            assert set(roles) <= {"mention"}, trap["name"]
