"""find_places is a pure function of the page: same page, same places, whatever came before
it, in whichever process and under whichever string-hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tnkg.extract.pipeline import extract_file, extract_paths

ROOT = Path(__file__).parents[2]
SAMPLE = sorted((ROOT / "extract" / "corpus" / "esf-sample").glob("*.txt"))

# A page in the generated corpus's style: an organisation named like a town's near miss,
# a partner list, and sentences that need the page's own context (countries it names).
PAGE = """Projektnamn: Nya vägar
Projektägare: Exempelkommun

Sammanfattning
Under mobiliseringsfasen kartläggs behoven hos Bemanning Partner AB och deltagande kommuner.
Våra transnationella partners är Trondheim, Warzawa, Köpenhamn och Birmingham.

Bakgrund
Richard Florida uttalade 2006 att Sverige har goda förutsättningar. Paris, Frankrike och
Berlin har liknande projekt. Vi avser att söka samarbetspartner i Polen.
"""


def _places(records):
    return [
        [(p.name, p.kind, p.country, p.geonames_id, p.iso3166_2, p.role, p.evidence)
         for p in rec.places]
        for rec in records
    ]


@pytest.fixture(scope="session")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("pure") / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def _alone_in_new_process(path: Path, hash_seed: str):
    code = (
        "import json, sys\n"
        "from tnkg.extract.pipeline import extract_file\n"
        "from tnkg.extract.places import PlaceFinder\n"
        "recs = extract_file(sys.argv[1], finder=PlaceFinder())\n"
        "print(json.dumps([[[p.name, p.kind, p.country, p.geonames_id, p.iso3166_2, p.role,"
        " p.evidence] for p in r.places] for r in recs], ensure_ascii=False))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, check=True, env=env)
    return [[tuple(p) for p in rec] for rec in json.loads(result.stdout)]


def test_page_alone_after_others_and_in_a_pool_gives_the_same_places(page, finder):
    first = _places(extract_file(page, finder=finder))
    for other in SAMPLE:  # other pages before it, in the same process
        extract_file(other, finder=finder)
    assert _places(extract_file(page, finder=finder)) == first
    # alone in fresh processes, under other string-hash seeds (set and dict order)
    assert _alone_in_new_process(page, "1") == first
    assert _alone_in_new_process(page, "12345") == first
    # in a process pool, among other pages
    pooled = extract_paths([*SAMPLE, page], jobs=2)
    assert not pooled.errors
    assert _places(pooled.records[-1:]) == first


def test_the_page_gives_the_expected_places(page, finder):
    (rec,) = extract_file(page, finder=finder)
    got = {p.name: p.role for p in rec.places}
    # no Bemanning (an organisation), no Florida (a person)
    assert got == {"Trondheim": "partner", "Warzawa": "partner", "Köpenhamn": "partner",
                   "Birmingham": "partner", "Paris": "mention", "Frankrike": "mention",
                   "Berlin": "mention", "Polen": "planned"}
