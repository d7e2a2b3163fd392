"""The benchmark at a few pages: the generator's promises and the JSON's keys (not the speed)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.export_rows import export_row, is_export_row
from benchmarks.figure import main as figure_main
from benchmarks.generate import write_corpus
from benchmarks.pages import generate_page, page_title
from benchmarks.queries import query_names
from benchmarks.report import BEGIN, END, render_table
from benchmarks.report import main as report_main
from benchmarks.run import main as bench_main
from benchmarks.run import profile_command
from benchmarks.vocabulary import load_vocabulary
from tnkg.extract.tillvaxtverket import read_export

pytestmark = pytest.mark.slow  # generates and runs a small benchmark

KEYS = (
    "pages",
    "triples",
    "extract_pages_per_s",
    "extract_pages_per_s_jobs",
    "tokenize_pages_per_s",
    "build_seconds",
    "build_peak_rss_mb",
    "incremental_seconds",
    "query_cases",
    "query_ms",
    "query_ms_rdflib",
    "query_rows",
    "analyze_seconds",
    "viz_seconds",
)
HEADER = re.compile(
    r"ProgramområdeProgramområde \d .+\nProjektfas.+\nProjektägare.+\nKontaktperson.+\n"
    r"E-post.+\nTelefonnummer.+\nBeviljat ESF-stöd[\d ]+ kr\nTotal projektbudget[\d ]+ kr\n"
    r"Projektperiod\d{4}-\d\d-\d\d till \d{4}-\d\d-\d\d\nRegion.+\nIn English\n"
)


@pytest.fixture(scope="session")
def bench_json(tmp_path_factory, gazetteer_cache):
    # The gazetteer is built before the run: the timed `tnkg` subprocesses read its pickle.
    work = tmp_path_factory.mktemp("bench")
    out = work / "bench-3.json"
    # One process, two new pages and no profile keep this under a minute; the profile has
    # its own test.
    argv = ["--pages", "3", "--jobs", "1", "--repeat", "1", "--add-pages", "2",
            "--skip", "profile", "--json", str(out)]
    assert bench_main([*argv, "--workdir", str(work / "work")]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_benchmark_json_has_every_key(bench_json):
    assert set(KEYS) <= set(bench_json)
    assert bench_json["pages"] == 3
    for key in ("query_ms", "query_ms_rdflib", "query_rows"):
        assert isinstance(bench_json[key], dict)


@pytest.mark.parametrize(
    ("key", "stage"),
    [
        ("extract_pages_per_s", "extract"),
        ("extract_pages_per_s_jobs", "extract"),
        ("build_seconds", "build"),
        ("analyze_seconds", "analyze"),
        ("viz_seconds", "viz"),
        ("incremental_seconds", "incremental"),
        ("triples", "queries"),
    ],
)
def test_every_figure_is_measured_or_explained_by_a_note(bench_json, key, stage):
    notes = [n for n in bench_json["notes"] if stage in n.split(":")[0]]
    assert (bench_json[key] is not None) != bool(notes), (key, bench_json["notes"])


def test_queries_are_measured_on_both_stores_when_the_graph_is_built(bench_json):
    assert bench_json["tokenize_pages_per_s"] > 0  # needs nothing from tnkg
    if bench_json["build_seconds"] is not None:
        names = set(query_names())
        cases = bench_json["query_cases"]  # every query, and the bounded alternatives
        assert set(bench_json["query_ms"]) == set(cases) == set(bench_json["query_ms_rdflib"])
        assert names <= set(cases)
        # a query with a required parameter gets a value from the graph
        assert cases["overlaps-of-project"]["params"].keys() == {"project"}
        assert cases["partners-abroad-of-municipality"]["params"].keys() == {"municipality"}
        assert all(bench_json["query_ms"][name] is not None for name in names)
        for name, rows in bench_json["query_rows_rdflib"].items():
            # both stores answer alike, unless rdflib was stopped at its time cap or failed
            # (a note says which)
            failed = f"rdflib: {name} failed: " in "\n".join(bench_json["notes"])
            assert rows == bench_json["query_rows"][name] or failed or name in bench_json.get(
                "query_timeout_s_rdflib", {}
            )
        assert bench_json["triples"] > 0


def test_profile_names_the_functions_that_took_the_time(tmp_path):
    top = profile_command(["query", "--list"], tmp_path / "profile-query")
    assert top and all(set(row) >= {"function", "calls", "tottime_s", "cumtime_s"} for row in top)
    own = [row["tottime_s"] for row in top]
    assert own == sorted(own, reverse=True)


def test_report_renders_the_table_into_a_doc_keeping_its_prose(bench_json, tmp_path, capsys):
    result = tmp_path / "bench-3.json"
    result.write_text(json.dumps(bench_json), encoding="utf-8")
    doc = tmp_path / "bench.md"
    doc.write_text("# Benchmarks\n\nProse stays.\n", encoding="utf-8")
    assert report_main([str(result), "--doc", str(doc)]) == 0
    assert report_main([str(result), "--doc", str(doc)]) == 0  # a rerun replaces the table
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nProse stays.")
    assert text.count("| | 3 pages |") == 1
    assert "| | 3 pages |" in capsys.readouterr().out


def test_make_bench_writes_its_table_into_the_benchmarks_page(bench_json, tmp_path):
    root = Path(__file__).resolve().parents[2]
    recipe = re.search(r"^bench:.*?(?=^\S)", (root / "Makefile").read_text("utf-8"), re.M | re.S)
    assert "benchmarks.report" in recipe[0] and "--doc docs/benchmarks.md" in recipe[0]
    assert "--pages 100000" in recipe[0] and "benchmarks.figure" in recipe[0]
    page = tmp_path / "benchmarks.md"
    page.write_text((root / "docs" / "benchmarks.md").read_text("utf-8"), encoding="utf-8")
    result = tmp_path / "bench-3.json"
    result.write_text(json.dumps(bench_json), encoding="utf-8")
    assert report_main([str(result), "--doc", str(page)]) == 0
    before = (root / "docs" / "benchmarks.md").read_text("utf-8").split(BEGIN)
    after = page.read_text("utf-8").split(BEGIN)
    assert len(before) == len(after) == 2 and after[0] == before[0]  # the prose above stays
    assert after[1].split(END)[1] == before[1].split(END)[1]  # and the prose below
    assert "| | 3 pages |" in after[1].split(END)[0]


def test_report_names_a_file_that_is_not_a_benchmark(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert report_main([str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and len(err.strip().splitlines()) == 1


def test_a_page_does_not_depend_on_the_corpus_size(tmp_path):
    small = write_corpus(tmp_path / "small", 2, seed=5)
    large = write_corpus(tmp_path / "large", 4, seed=5)
    assert small[1].read_text(encoding="utf-8") == large[1].read_text(encoding="utf-8")
    assert generate_page(1, seed=5) == large[1].read_text(encoding="utf-8")
    assert generate_page(1, seed=6) != generate_page(1, seed=5)


def test_every_fifth_item_is_a_row_of_an_export_that_tnkg_reads(tmp_path):
    files = write_corpus(tmp_path / "corpus", 100, seed=5)
    pages = [f for f in files if f.suffix == ".txt"]
    exports = [f for f in files if f.suffix == ".csv"]
    assert len(pages) == 80 and len(exports) == 1
    records = read_export(exports[0].read_bytes(), exports[0])
    assert [r.title for r in records] == [page_title(i, seed=5) for i in range(4, 100, 5)]
    assert {r.fund for r in records} == {"ERDF", "Interreg IVA"}
    assert all(r.municipalities or r.fund == "Interreg IVA" for r in records)
    assert not [w for r in records for w in r.warnings]  # every region and county is known
    # the larger corpus adds rows to a new export, and the smaller one's rows stay as they were
    more = write_corpus(tmp_path / "more", 10, seed=5, first=100)
    assert [f.name for f in more if f.suffix == ".csv"] == [exports[0].name]
    assert export_row(104, seed=5)["projektnamn"] in more[-1].read_text("utf-8")


def test_export_rows_follow_the_real_export():
    rows = [export_row(i) for i in range(2000) if is_export_row(i)]
    voc = load_vocabulary()
    interreg = [r for r in rows if r["malprogram"].startswith("Interreg")]
    assert 0.15 < len(interreg) / len(rows) < 0.35
    regions_abroad = {name for area in voc.export["interreg"]["areas"]
                      for name, _ in area["regions_abroad"]}
    assert all(set(r["lan_fordelning"].split(", ")) & regions_abroad for r in interreg)
    assert all(r["beviljat_belopp_sek"] == "0" for r in interreg)
    for language in ("da", "nb"):
        filler = voc.export["filler"][language]
        written = [r for r in interreg if any(s in r["projektbeskrivning"] for s in filler)]
        assert written, f"no Interreg row in {language}"
    assert any(r["projektledare"] == "Information saknas" for r in rows)


def test_no_two_items_share_a_title():
    titles = [page_title(i) for i in range(3000)]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("index", range(0, 40, 7))
def test_page_has_the_2007_layout(index):
    text = generate_page(index)
    assert text.startswith("Logotyp på utskrifter\n")
    assert HEADER.search(text)
    assert "\nSammanfattning\n" in text
    kommuner = text.split("\nKommun\n\n", 1)[1].splitlines()
    known = {m.name for m in load_vocabulary().municipalities}
    assert kommuner and all(line.strip(" •") in known for line in kommuner)


@pytest.fixture(scope="module")
def generated_pages() -> list[str]:
    """The first 3,000 pages of the default seed, generated once for the statistics below."""
    return [generate_page(i) for i in range(3000)]


def test_pages_are_about_3000_words(generated_pages):
    words = sorted(len(text.split()) for text in generated_pages[:200])
    assert 2400 <= words[100] <= 3600


def test_share_of_pages_with_partners_abroad_follows_the_start_year(generated_pages):
    voc = load_vocabulary()
    cues = [t.split("{")[0] for t in voc.partnerships["templates"]["partner"]]
    cues += [t.split("{")[0] for t in voc.partnerships["templates"]["planned"]]
    cues += [t.split("{")[0] for t in voc.partnerships["templates"]["related"]]
    pages, transnational = Counter(), Counter()
    for text in generated_pages:
        year = int(re.search(r"Projektperiod(\d{4})", text).group(1))
        pages[year] += 1
        section = text.split("\nTransnationellt samarbete\n", 1)[-1] if "\nTransnat" in text else ""
        transnational[year] += any(cue and cue in section for cue in cues)
    assert transnational[2010] / pages[2010] < 0.15
    assert 0.25 < transnational[2012] / pages[2012] < 0.5


def test_a_few_organisations_are_in_many_projects_and_most_in_one(generated_pages):
    lists = Counter()
    for text in generated_pages[:300]:
        names = set(re.findall(r"^ +• (.+)$", text.split("\nKommun\n")[0], flags=re.M))
        lists.update(names)
    top, _ = lists.most_common(1)[0]
    assert lists[top] >= 15
    assert sum(1 for n in lists.values() if n == 1) > len(lists) / 2


def test_report_shows_a_stopped_query_as_its_cap(bench_json):
    result = json.loads(json.dumps(bench_json))
    name = query_names()[0]
    result["query_ms"][name], result["query_timeout_s"] = None, {name: 120.0}
    lines = render_table([result]).splitlines()
    row = next(line for line in lines if line.startswith(f"| `{name}` |")).split("|")
    assert row[2].strip() == "> 120 000 (stopped)"  # the store's column at 3 pages


def test_figure_is_drawn_from_the_json(bench_json, tmp_path):
    result = tmp_path / "bench-3.json"
    result.write_text(json.dumps(bench_json), encoding="utf-8")
    png = tmp_path / "img" / "scaling.png"
    assert figure_main([str(result), "--png", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
