"""The queries that compare funds, on ESF page Tre-M and the four rows of two-funds.csv.

Worked out by hand from tests/data/csv/two-funds.csv and the gold record of Tre-M:

- Tre-M (ESF, 17,520,617 kr) lists Göteborg 1480, Kungälv 1482 and Lilla Edet 1462 among
  its municipalities and plans partners in Storbritannien and Polen (countries, no regions).
- 900001 Interreg: Göteborg, Kungälv; covers Østfold NO-01; 100,000 EUR.
- 900002 Interreg: Strömstad; covers Telemark NO-08 and Østfold; partners in Trondheim and
  Steinkjer; 50,000 EUR.
- 900003 ERDF: Göteborg; partners in Skottland GB-SCT; 1,000,000 kr.
- 900004 Interreg: Lilla Edet; no region abroad, no place in its text; 20,000 EUR.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from support import SAMPLE_DIR, TESTS, gold_record

from tnkg.build import build_graph
from tnkg.extract import pipeline
from tnkg.kg.store import open_store
from tnkg.queries.runner import load_query, run_query

EXPORT = TESTS / "data" / "csv" / "two-funds.csv"
ESF_PAGE = SAMPLE_DIR / "002_93c5704a82686837.txt"


def _extract(paths, jobs, spacy_model):
    """Export rows by the real reader; the ESF page from its gold record."""
    records = []
    for path in paths:
        if path.endswith(".csv"):
            records.extend(pipeline.extract_file(path))
        else:
            records.append(gold_record(path))
    return records, []


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("fund-queries")
    build_graph([str(EXPORT), str(ESF_PAGE)], out_dir=out, jobs=1, extract=_extract)
    return open_store(out)


def rows(store, name, **params):
    return list(run_query(store, load_query(name), params).rows)


def test_regions_abroad_by_fund(store):
    assert rows(store, "regions-abroad-by-fund") == [
        ("Østfold", "NO-01", "NO", "Interreg IVA", 2),
        ("Scotland", "GB-SCT", "GB", "ERDF", 1),
        ("Telemark", "NO-08", "NO", "Interreg IVA", 1),
    ]


def test_regions_abroad_in_most_interreg_projects(store):
    assert rows(store, "regions-abroad-by-fund", fund="Interreg IVA") == [
        ("Østfold", "NO-01", "NO", "Interreg IVA", 2),
        ("Telemark", "NO-08", "NO", "Interreg IVA", 1),
    ]


def test_municipalities_with_partners_abroad_under_both_funds(store):
    # Lilla Edet is named by an Interreg project too, but one with no partner abroad
    assert rows(store, "municipalities-abroad-both-funds") == [
        ("Göteborg", "1480", 1, 1),
        ("Kungälv", "1482", 1, 1),
    ]


def test_projects_and_money_per_fund(store):
    assert rows(store, "projects-by-fund") == [
        ("ERDF", 1, 1, Decimal(1000000), Decimal(0)),
        ("ESF", 1, 1, Decimal(17520617), Decimal(0)),
        ("Interreg IVA", 3, 2, Decimal(0), Decimal(170000)),
    ]
