"""Each bundled query on the hand-written small graph, whose answers are worked out by hand.

The small graph is laid out as the build writes it: each page's own facts in
its named graph, the shared nodes once in the shared graph, so the queries read
the plain union.
"""

from __future__ import annotations

import pytest

from tnkg.queries.runner import list_queries, load_query, run_query

T1, T2, T3, T4 = "Transnet", "Tre-M - matchning, motor, mäklare", "GROWING TOGETHER", "FRAMSYN ESF"

CASES = [
    ("shared-partner-countries", {}, [
        (T3, T1, "GB", 1), (T3, T2, "GB", 1), (T1, T2, "GB PL", 2),
    ]),
    ("municipalities-linked-abroad", {"country": "PL"}, [
        ("Stockholm", "0180", "Warsaw", "PL", T1),
    ]),
    ("organisations-in-several-projects", {}, [
        ("Arbetsförmedlingen", 3, "co-financier participant partner"),
        ("Försäkringskassan", 2, "co-financier participant"),
    ]),
    ("partner-cities-ranked", {"country": "GB"}, [
        ("Birmingham", "GB", 1, 1, 8696524),
        ("Glasgow", "GB", 1, 0, 1896300),
        ("Nottingham", "GB", 1, 0, 1896300),
    ]),
    ("partner-countries-ranked", {}, [
        ("GB", "United Kingdom", 3, 1, 8696524 + 17520617 + 1896300),
        ("PL", "Poland", 2, 1, 8696524 + 17520617),
        ("NO", "Norway", 1, 1, 8696524),
        ("FR", "France", 1, 0, 1896300),
        ("IT", "Italy", 1, 0, 1896300),
    ]),
    ("esf-grant-by-partner-country", {}, [
        ("GB", "United Kingdom", 28113441, 3, 9371147),
        ("PL", "Poland", 26217141, 2, 13108571),
        ("NO", "Norway", 8696524, 1, 8696524),
        ("FR", "France", 1896300, 1, 1896300),
        ("IT", "Italy", 1896300, 1, 1896300),
    ]),
    ("projects-per-region-abroad", {}, [
        ("Småland och Öarna", 1, 1, 0), ("Stockholm", 1, 1, 0),
        ("Östra Mellansverige", 1, 1, 0), ("Övre Norrland", 1, 0, 1),
    ]),
    ("abroad-share-by-start-year", {}, [(2011, 2, 1, 0.5), (2012, 1, 1, 1), (2014, 1, 1, 1)]),
    ("partners-abroad-of-municipality", {"municipality": "Linköping"}, [
        ("Linköping", "0580", T3, "Glasgow", "city", "GB", "planned"),
        ("Linköping", "0580", T3, "Nottingham", "city", "GB", "planned"),
        ("Linköping", "0580", T3, "Paris", "city", "FR", "related"),
        ("Linköping", "0580", T3, "Emilia-Romagna", "region", "IT", "related"),
    ]),
    ("planned-without-partner", {}, [
        (T3, "Glasgow, Nottingham", "GB"),
        (T2, "United Kingdom, Poland", "GB PL"),
    ]),
    ("organisations-by-role", {"role": "participant"}, [
        ("participant", "Arbetsförmedlingen", 2), ("participant", "Försäkringskassan", 1),
    ]),
    ("municipalities-outside-esf-region", {}, [
        (T2, "Småland och Öarna", "Falun", "2080", "Norra Mellansverige"),
    ]),
    ("partnership-evidence", {"project": T2}, [
        (T2, "Poland", "Polen", "planned",
         "Vi avser att söka samarbetspartner i Storbritannien och Polen."),
        (T2, "United Kingdom", "Storbritannien", "planned",
         "Vi avser att söka samarbetspartner i Storbritannien och Polen."),
    ]),
    ("project-overview", {}, [
        (T4, "Regionförbundet Västerbottens län", "2011-01-17", "2011-12-31", "Övre Norrland",
         652091, 0),
        (T1, "Arbetsmarknadsförvaltningen - Stockholms stad", "2011-06-14", "2014-04-30",
         "Stockholm", 8696524, 3),
        (T2, "Hedemora Lärcentrum", "2012-01-01", "2014-06-30", "Småland och Öarna", 17520617, 2),
        (T3, "Coompanion Östergötland, ek. förening", "2014-01-15", "2014-12-31",
         "Östra Mellansverige", 1896300, 2),
    ]),
]


def test_the_research_queries_are_bundled():
    # other bundled queries (comparing funds) are tested with the second source's export
    assert len(CASES) >= 12
    assert {name for name, _, _ in CASES} <= {q.name for q in list_queries()}


@pytest.mark.parametrize(("name", "params", "rows"), CASES, ids=[c[0] for c in CASES])
def test_query_gives_the_rows_worked_out_by_hand(small_store, name, params, rows):
    assert list(run_query(small_store, load_query(name), params).rows) == rows


def test_a_mentioned_place_is_no_partnership(small_store):
    # GROWING TOGETHER mentions Oslo; counted, it would share NO with Transnet
    result = run_query(small_store, load_query("shared-partner-countries"), {})
    assert all("NO" not in row[2] for row in result.rows)


def test_municipalities_linked_abroad_without_parameter_has_every_country(small_store):
    query = load_query("municipalities-linked-abroad")
    assert len(run_query(small_store, query, {}).rows) == 7
    assert len(run_query(small_store, query, {"country": "GB"}).rows) == 5
