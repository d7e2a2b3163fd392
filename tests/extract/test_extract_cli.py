"""`tnkg extract` as a user runs it: output forms, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tnkg.cli import main
from tnkg.extract.pipeline import default_corpus, extract_paths, iter_input_files

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_path_reads_the_bundled_corpus(capsys):
    code, out, err = run(capsys, "--json")
    records = json.loads(out)
    assert code == 0 and err == ""
    assert [Path(r["source"]).name for r in records] == [p.name for p in default_corpus()]
    assert len(records) == 5
    assert all(Path(r["source"]).is_file() for r in records)


def test_json_keeps_order_and_contract_keys(capsys):
    pages = [PAGES / "esf_flat.txt", PAGES / "esf2007_glued.txt"]
    code, out, _ = run(capsys, *map(str, pages), "--json")
    records = json.loads(out)
    assert code == 0
    assert [r["source"] for r in records] == [str(p) for p in pages]
    assert isinstance(records[1]["places"], list)  # a key even before any place is found
    for key in ("title", "programme_area", "contact", "sections", "co_financiers", "partners",
                "participants", "municipalities", "places", "content_sha256", "layout"):
        assert key in records[0]
    assert "Småland och Öarna" in out  # ensure_ascii=False: written as is


def test_content_sha256_is_the_hash_of_the_file_bytes(capsys):
    import hashlib

    page = PAGES / "esf2007_cp1252_crlf.txt"
    _, out, _ = run(capsys, str(page), "--json")
    assert json.loads(out)[0]["content_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()


def test_output_file_is_written_and_stdout_stays_empty(capsys, tmp_path):
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, str(PAGES / "esf2014_colon.txt"), "--json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))[0]["owner"] == "Stadskansliet"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left behind


def test_summary_names_title_owner_period_and_counts(capsys):
    page = PAGES / "esf2007_glued.txt"
    code, out, _ = run(capsys, str(page))
    rec = extract_paths([page]).records[0]
    assert code == 0
    assert "Brobygget Norr" in out and "Region Västerbotten" in out
    assert "2012-02-01 – 2013-12-31" in out
    assert "2 co-financiers, 2 partners, 1 participants, 3 municipalities" in out
    assert f"places: {len(rec.places)}" in out


def test_folder_is_searched_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for name in ("b/2.txt", "a/1.html", "a/0.htm", "a/notes.md", "a/.hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert found == ["a/0.htm", "a/1.html", "b/2.txt"]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "pages" / "loop")
    assert [p.name for p in iter_input_files([tmp_path])] == ["p.txt"]


def test_bad_files_give_one_error_line_each_and_exit_2(capsys, tmp_path):
    good = tmp_path / "good.txt"
    shutil.copy(PAGES / "esf2007_glued.txt", good)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "nul.html").write_bytes(b"<html>\x00</html>")
    (tmp_path / "nopages").mkdir()
    missing = tmp_path / "missing.txt"
    argv = [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "nul.html", "nopages")]
    code, out, err = run(capsys, *argv, str(good), str(missing), "--json")
    assert code == 2
    assert [r["source"] for r in json.loads(out)] == [str(good)]
    lines = err.strip().split("\n")
    assert len(lines) == 5, err
    for line, name in zip(
        lines, ("empty.txt", "binary.txt", "nul.html", "nopages", "missing.txt"), strict=True
    ):
        assert line.startswith("tnkg extract: ") and name in line
    assert "no pages" in lines[3]
    assert "Traceback" not in err


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_file_is_reported(capsys, tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("Hej", encoding="utf-8")
    locked.chmod(0)
    try:
        code, _, err = run(capsys, str(locked))
    finally:
        locked.chmod(0o644)
    assert code == 2 and "locked.txt" in err and "Traceback" not in err


def test_all_good_exits_0(capsys):
    code, _, err = run(capsys, str(PAGES))
    assert code == 0 and err == ""


def test_bad_jobs_value_is_a_usage_error(capsys):
    code, _, err = run(capsys, "--jobs", "0")
    assert code == 2 and "--jobs" in err and err.count("\n") == 1


def test_unwritable_output_is_a_one_line_error(capsys, tmp_path):
    code, _, err = run(capsys, str(PAGES / "esf_flat.txt"), "-o", str(tmp_path / "no" / "o.json"))
    assert code == 2 and "o.json" in err and "Traceback" not in err


def test_parallel_jobs_give_the_same_records_in_the_same_order():
    paths = sorted(PAGES.glob("*.txt")) + [PAGES / "missing.txt"]
    one = extract_paths(paths, jobs=1)
    two = extract_paths(paths, jobs=2)
    assert one.records == two.records
    assert one.errors == two.errors and len(one.errors) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_missing_spacy_model_is_a_one_line_error(capsys, jobs: str):
    code, _, err = run(capsys, "--spacy-model", "no_such_model_here", "--jobs", jobs)
    assert code == 2 and "no_such_model_here" in err
    assert err.count("\n") == 1 and "Traceback" not in err
