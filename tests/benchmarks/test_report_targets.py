"""The report's verdict on each target of issue 19, from figures a run could give."""

from __future__ import annotations

from benchmarks.report import render_targets


def _run(pages: int, **figures) -> dict:
    return {"pages": pages, "query_ms": {}, "query_ms_rdflib": {}, "query_rows": {}, **figures}


def _verdicts(results: list[dict]) -> dict[str, tuple[str, str]]:
    rows = render_targets(results)[2:]
    cells = [row.strip("| ").split(" | ") for row in rows]
    return {target: (measured, verdict) for target, measured, verdict in cells}


def test_a_heavy_query_counts_by_its_bounded_alternative_and_a_plain_one_by_itself(monkeypatch):
    # which queries are heavy is the queries' headers' business: fixed here
    monkeypatch.setattr("benchmarks.report._heavy", lambda: {"shared-partner-countries"})
    ten = _run(10_000, query_ms={
        "overlaps-of-project": 400.0,
        "overlaps-top-pairs": 999.0,
        "overlaps-in-municipality": 1500.0,
        "shared-partner-countries": 7000.0,  # heavy
        "shared-partner-countries → overlaps-of-project": 400.0,
        "project-overview": 1200.0,
    })
    verdicts = _verdicts([ten])
    every = verdicts["every bundled query under 1 s at 10 000 pages, or declared heavy with a "
                     "bounded alternative under 1 s"]
    assert every == ("3 of 5; not: overlaps-in-municipality, project-overview", "missed")
    # the overlaps of one municipality are a target of their own, heavy or not
    assert verdicts["overlaps in one municipality under 1 s at 10 000 pages"][1] == "missed"
    assert verdicts["the 1,000 pairs sharing most under 1 s at 10 000 pages"] == ("999 ms", "met")


def test_build_analyze_and_the_incremental_build_against_their_limits():
    ten = _run(10_000, build_seconds=59.0, analyze_seconds=21.0, incremental_seconds=6.0,
               incremental_pages=100)
    hundred = _run(100_000, build_seconds=960.0, build_peak_rss_mb=3000.0)
    verdicts = _verdicts([ten, hundred])
    assert verdicts["`tnkg build --jobs 2` under 60 s at 10 000 pages"] == ("59.0 s", "met")
    assert verdicts["`tnkg analyze` under 20 s at 10 000 pages"] == ("21.0 s", "missed")
    assert verdicts["100 new pages on a 10 000-page build under 10 % of the full build"] == (
        "10 %", "missed")
    assert verdicts["`tnkg build` at 100 000 pages under 15 min"] == ("16.0 min", "missed")
    assert verdicts["its peak memory under 4 GB"] == ("3 000 MB", "met")


def test_sizes_without_targets_give_no_table():
    assert render_targets([_run(1_000, build_seconds=10.0)]) == []
