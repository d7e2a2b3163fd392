"""`tnkg build`, `validate` and `export` as a user runs them: exit codes and messages."""

import pytest
from support import SAMPLE_PAGES, gold_extract

from tnkg import build as build_module
from tnkg.cli import main


@pytest.fixture
def gold_pipeline(monkeypatch):
    monkeypatch.setattr(build_module, "extract_with_pipeline", gold_extract)


def test_build_exits_2_naming_the_bad_file_and_builds_the_rest(tmp_path, capsys, gold_pipeline):
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    code = main(["build", *map(str, SAMPLE_PAGES[:2]), str(missing), "--out", str(out),
                 "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 2
    assert f"tnkg build: {missing}: cannot read" in captured.err
    assert "built 2 projects from 2 pages; 2 of 3 input files read" in captured.out
    assert main(["validate", "--out", str(out)]) == 0


def test_export_writes_the_requested_format(tmp_path, capsys, gold_pipeline):
    out = tmp_path / "out"
    assert main(["build", str(SAMPLE_PAGES[1]), "--out", str(out), "--jobs", "1"]) == 0
    target = tmp_path / "g.nt"
    assert main(["export", "--out", str(out), "--format", "nt", "-o", str(target)]) == 0
    assert "<https://sws.geonames.org/3133880/>" in target.read_text("utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "--out", "{tmp}"], "no graph in {tmp}: run `tnkg build` first"),
        (["export", "--out", "{tmp}", "--format", "ttl"], "no graph in {tmp}"),
        (["build", "--out", "{tmp}", "--base-iri", "nope"], "--base-iri 'nope' is not"),
        (["build", "--out", "{tmp}", "--jobs", "0"], "--jobs must be at least 1"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(tmp_path, capsys, argv, message):
    code = main([a.format(tmp=tmp_path) for a in argv])
    err = capsys.readouterr().err
    assert code == 2
    assert message.format(tmp=tmp_path) in err and err.count("\n") == 1
