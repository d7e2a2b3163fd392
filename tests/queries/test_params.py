"""Names and parameter values matched the way extraction matches names (issue 17, item 5):
`--param municipality=linköping` or `=Linkoping` gives Linköping's rows, not "(0 rows)", and
a mistyped query name, parameter or `--focus` gets a "did you mean" from the real names."""

from __future__ import annotations

import pytest
from support import run_tnkg


def tnkg(workspace, *args: str):
    return run_tnkg(list(args), workspace)


@pytest.fixture(scope="module")
def linkoping_rows(demo_workspace) -> str:
    done = tnkg(demo_workspace, "query", "partners-abroad-of-municipality",
                "--param", "municipality=Linköping", "--format", "csv")
    assert done.code == 0 and "GROWING TOGETHER" in done.output
    return done.output


@pytest.mark.parametrize("written", ["linköping", "Linkoping", "LINKÖPING", "Linköpings kommun"])
def test_a_municipality_written_as_extraction_reads_it_gives_its_rows(
    demo_workspace, linkoping_rows, written
):
    done = tnkg(demo_workspace, "query", "partners-abroad-of-municipality",
                "--param", f"municipality={written}", "--format", "csv")
    assert (done.code, done.output) == (0, linkoping_rows)


@pytest.mark.parametrize("written", ["NO", "no", "Norway", "Norge", "NOR"])
def test_a_country_is_its_code_or_its_english_or_swedish_name(demo_workspace, written):
    done = tnkg(demo_workspace, "query", "partner-cities-ranked", "--param",
                f"country={written}", "--format", "csv")
    assert done.code == 0
    assert done.output.splitlines()[1:] == ["Trondheim,NO,1,1,8696524"]


@pytest.mark.parametrize(("query", "param", "written", "meant"), [
    ("organisations-by-role", "role", "Co-Financier", "co-financier"),
    ("organisations-by-role", "role", "medfinansiär", "co-financier"),
    ("regions-abroad-by-fund", "fund", "esf", "ESF"),
    ("regions-abroad-by-fund", "fund", "Europeiska socialfonden", "ESF"),
    ("partnership-evidence", "project", "transnet", "Transnet"),
])
def test_roles_funds_and_titles_match_without_case_accents_or_language(
    demo_workspace, query, param, written, meant
):
    as_written = tnkg(demo_workspace, "query", query, "--param", f"{param}={written}")
    exact = tnkg(demo_workspace, "query", query, "--param", f"{param}={meant}")
    assert as_written.code == exact.code == 0
    assert as_written.output == exact.output and "(0 rows)" not in exact.output


@pytest.mark.parametrize(("args", "message"), [
    (["query", "partner-citys-ranked"],
     "tnkg query: unknown query 'partner-citys-ranked' (did you mean partner-cities-ranked"),
    (["query", "partner-cities-ranked", "--param", "countr=NO"],
     "unknown parameter countr (did you mean country?)"),
    (["query", "partners-abroad-of-municipality", "--param", "municipality=Linkopping"],
     "no Swedish municipality is called 'Linkopping' (did you mean Linköping"),
    (["query", "partner-cities-ranked", "--param", "country=Norwey"],
     "no country is called 'Norwey' (did you mean Norway?)"),
    (["query", "partnership-evidence", "--param", "project=Transnot"],
     "no project of the graph is titled 'Transnot' (did you mean Transnet?)"),
    (["query", "regions-abroad-by-fund", "--param", "fund=ESFF"],
     "'ESFF' is no fund; use one of ESF, ERDF, Interreg IVA (did you mean ESF?)"),
    (["viz", "--focus", "Trondhiem", "-o", "focus.html"],
     "tnkg viz: --focus 'Trondhiem': no project, organisation or place has that name "
     "(did you mean Trondheim?)"),
])
def test_a_mistyped_name_is_one_line_naming_the_real_ones(demo_workspace, args, message):
    done = tnkg(demo_workspace, *args)
    assert done.code == 2
    assert message in done.output and len(done.output.strip().splitlines()) == 1


@pytest.mark.parametrize("written", ["Trondheim", "trondheim", "TRONDHEIM"])
def test_focus_finds_a_place_whatever_its_case(demo_workspace, tmp_path, written):
    done = tnkg(demo_workspace, "viz", "--focus", written, "-o", str(tmp_path / "f.html"))
    assert done.code == 0 and "of Trondheim (city)" in done.output
