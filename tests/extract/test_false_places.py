"""Words, companies and Swedish villages that must never be found as places abroad.

The hand-checked list of false places (tests/data/places/false_places.tsv) holds written
forms that the real export's text uses as ordinary words, in organisation or brand names or
for Swedish villages, each with why it is no place abroad. Two checks: sentences written in
the manner of the export yield none of them, and (when the real export is beside the
repository) the whole export yields none of them and finds far away only hand-checked true
places.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import REAL_CSV_NAME, shared_file

from tnkg.extract.pipeline import extract_paths
from tnkg.extract.record import Section

TABLE = Path(__file__).parents[1] / "data" / "places" / "false_places.tsv"
# Places outside Europe that the export really names (read in their sentences by hand).
TRUE_FAR_PLACES = {
    ("Kina", "CN"), ("China", "CN"), ("Japan", "JP"), ("Indien", "IN"), ("Canada", "CA"),
    ("Bangladesh", "BD"), ("Zhongshan", "CN"), ("Ryssland", "RU"), ("Shanghai", "CN"),
}
EUROPE = {
    "NO", "DK", "FI", "IS", "FO", "DE", "PL", "GB", "EE", "LV", "LT", "NL", "BE", "FR", "ES",
    "IT", "AT", "CH", "CZ", "SK", "HU", "IE", "PT", "GR", "SI", "HR", "RO", "BG", "LU", "MT",
    "CY",
}


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, sentence, why = line.split("\t")
            rows.append((written, sentence, why))
    return rows


@pytest.mark.parametrize(("written", "sentence", "why"), _rows(), ids=[r[0] for r in _rows()])
def test_false_place_is_not_found_abroad(finder, written, sentence, why):
    found = finder.find([Section("Projektbeskrivning", sentence)])
    names = {n for p in found for n in (p.name, *p.variants)}
    assert written not in names, why


def test_a_spanish_city_is_spanish_where_the_text_is_about_spain(finder):
    text = "Företagen ska exportera till Spanien, i första hand till kunder i Valencia."
    found = {p.name: p.country for p in finder.find([Section("Bakgrund", text)])}
    assert found.get("Valencia") == "ES"


@pytest.fixture(scope="module")
def real_records():
    return extract_paths([shared_file("data", REAL_CSV_NAME)]).records


@pytest.mark.realdata
def test_the_real_export_finds_no_false_place(real_records):
    false = {written for written, _sentence, _why in _rows()}
    found = sorted({(n, r.source.rsplit("#", 1)[-1]) for r in real_records for p in r.places
                    for n in (p.name, *p.variants) if n in false})
    assert found == []


@pytest.mark.realdata
def test_the_real_export_finds_far_away_only_true_places(real_records):
    far = {(p.name, p.country) for r in real_records for p in r.places
           if p.country not in EUROPE}
    assert far <= TRUE_FAR_PLACES, far - TRUE_FAR_PLACES


@pytest.mark.realdata
def test_most_interreg_projects_get_a_nordic_partner_place(real_records):
    nordic = sum(
        1 for r in real_records
        if any(p.country in ("NO", "DK", "FI") and p.role != "mention" for p in r.places)
    )
    assert nordic >= 375
