"""Bad input files through the real `tnkg build` and `tnkg extract`.

Every bad file gives one stderr line naming it and its problem, the good pages are still in
the output, the exit status is 2 (partial), and no traceback is printed. Files in other
encodings and line ends are no problem at all: they read as the same page.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from robustness_support import gold, run_tnkg
from support import SAMPLE_PAGES

pytestmark = pytest.mark.slow  # builds a corpus of bad files in worker processes

HUGE_BYTES = 50 * 1024 * 1024

# A page whose only non-ASCII letters are å, ä and ö: its UTF-8 bytes are all valid
# Windows-1252 too, so a truncated copy would silently read as mojibake ("VÃ¤sterÃ¥s").
SWEDISH_PAGE = (
    "Kompetenslyft i Västerås\n\n"
    "ProjektägareMälardalens högskola\n"
    "Projektperiod2012-01-01 till 2013-12-31\n\n"
    "Sammanfattning\nProjektet ger yrkesutbildning åt unga i Västerås och Örebro.\n"
)

# file name -> a word of the problem its error line must give
BAD_FILES = {
    "empty.txt": "empty",
    "binary.txt": "binary",
    "nul.txt": "NUL bytes",
    "truncated.txt": "cut short",
    "huge.txt": "too big",
    "only-scripts.html": "no text",
    "fifo.txt": "not a regular file",
    "loop.txt": "symbolic links",
}
MISSING = "missing.txt"
# a page cut off after its title: a record with what it has and a warning, not an error
TITLE_ONLY = "title-only.txt"

# file name -> the sample page it holds, re-encoded or wrapped
GOOD_FILES = {
    "good.txt": SAMPLE_PAGES[0],
    "cp1252.txt": SAMPLE_PAGES[1],
    "utf16.txt": SAMPLE_PAGES[2],
    "crlf.txt": SAMPLE_PAGES[3],
    "scripts-around-text.html": SAMPLE_PAGES[4],
}
SCRIPT_TEXT = "Samarbetspartners injected-by-script"


def _html_with_scripts(text: str) -> str:
    script = f"<script>document.write('{SCRIPT_TEXT}');</script>"
    body = "".join(f"<p>{html.escape(line)}</p>{script}\n" for line in text.split("\n"))
    return (f"<!DOCTYPE html><html><head><title>t</title>{script * 50}</head>"
            f"<body>{script * 50}{body}<noscript>{SCRIPT_TEXT}</noscript></body></html>")


def make_bad_corpus(folder: Path) -> Path:
    """A folder of good pages in odd encodings and every kind of bad file, sub-folder loop."""
    pages = folder / "pages"
    pages.mkdir()
    texts = {name: page.read_text("utf-8") for name, page in GOOD_FILES.items()}
    (pages / "good.txt").write_text(texts["good.txt"], "utf-8")
    (pages / "cp1252.txt").write_bytes(texts["cp1252.txt"].encode("cp1252"))
    (pages / "utf16.txt").write_bytes(texts["utf16.txt"].encode("utf-16"))
    (pages / "crlf.txt").write_bytes(texts["crlf.txt"].replace("\n", "\r\n").encode())
    (pages / "scripts-around-text.html").write_text(
        _html_with_scripts(texts["scripts-around-text.html"]), "utf-8"
    )

    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(bytes(range(1, 256)) * 40)
    page = texts["good.txt"].encode()
    (pages / "nul.txt").write_bytes(page[:400] + b"\x00\x00\x00" + page[400:])
    swedish = SWEDISH_PAGE.encode()
    (pages / "truncated.txt").write_bytes(swedish[: swedish.rindex("ö".encode()) + 1])
    with open(pages / "huge.txt", "wb") as huge:
        line = b"Projektet arbetar med kompetensutveckling i hela regionen. " * 16 + b"\n"
        for _ in range(HUGE_BYTES // len(line) + 1):
            huge.write(line)
    (pages / "only-scripts.html").write_text(
        "<html><head><script>var t = 'ProjektägareX';</script></head><body>"
        + "<script>alert(1)</script>" * 500 + "</body></html>", "utf-8"
    )
    (pages / TITLE_ONLY).write_text("Kompetenslyft i Västerås\n", "utf-8")
    os.mkfifo(pages / "fifo.txt")
    (pages / "loop.txt").symlink_to("loop.txt")
    (pages / "sub").mkdir()
    (pages / "sub" / "up").symlink_to("..")  # a folder loop: pages must be read once
    return pages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_bad_corpus(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory) -> dict:
    """Each command run once over the bad corpus: command -> (process, records); seconds."""
    out = tmp_path_factory.mktemp("bad-out")
    missing = corpus.parent / MISSING
    results = {}
    started = time.monotonic()
    build = run_tnkg("build", corpus, missing, "--out", out, "--jobs", "2", timeout=240)
    results["build"] = (build, _records_or_empty(out / "records.json"))
    extract = run_tnkg("extract", corpus, missing, "--json", "--jobs", "2", timeout=240)
    results["extract"] = (extract, json.loads(extract.stdout or "[]"))
    results["seconds"] = time.monotonic() - started
    return results


def _records_or_empty(path: Path) -> list:
    return json.loads(path.read_text("utf-8")) if path.exists() else []


def _lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if f"/{name}:" in line or f"/{name} " in line]


COMMANDS = ["build", "extract"]


@pytest.mark.parametrize("command", COMMANDS)
def test_partial_input_exits_2_without_a_traceback(runs, command):
    process, _records = runs[command]
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("name", "problem"), [*BAD_FILES.items(), (MISSING, "no such file")])
def test_bad_file_gives_one_line_naming_it_and_the_problem(runs, command, name, problem):
    process, _records = runs[command]
    lines = _lines_naming(process.stderr, name)
    assert len(lines) == 1, process.stderr
    (line,) = lines
    assert line.startswith(f"tnkg {command}: ") and problem.lower() in line.lower()
    # the path is said once: "tnkg build: /x/empty.txt: /x/empty.txt: ..." reads as a glitch
    assert line.count(name) == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_only_bad_files_are_on_stderr(runs, command):
    process, _records = runs[command]
    assert len(process.stderr.splitlines()) == len(BAD_FILES) + 1, process.stderr


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", GOOD_FILES)
def test_good_pages_in_any_encoding_read_as_the_page_they_hold(runs, command, name):
    _process, records = runs[command]
    by_file = {Path(rec["source"]).name: rec for rec in records}
    expected = gold(GOOD_FILES[name])
    assert by_file[name]["title"] == expected["title"]
    assert by_file[name]["owner"] == expected["owner"]
    assert by_file[name]["partners"] == expected["partners"]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_good_page_gives_one_record_and_scripts_give_none(runs, command):
    _process, records = runs[command]
    assert sorted(Path(rec["source"]).name for rec in records) == sorted([*GOOD_FILES, TITLE_ONLY])
    assert SCRIPT_TEXT not in json.dumps(records, ensure_ascii=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_page_cut_after_its_title_is_a_record_with_a_warning(runs, command):
    _process, records = runs[command]
    (rec,) = [r for r in records if Path(r["source"]).name == TITLE_ONLY]
    assert rec["sections"] == {"text": "Kompetenslyft i Västerås"}
    assert any("only a title" in warning for warning in rec["warnings"])


def test_build_summary_counts_the_good_and_all_pages(runs):
    process, _records = runs["build"]
    total = len(GOOD_FILES) + len(BAD_FILES) + 2
    good = len(GOOD_FILES) + 1
    assert f"built {good} projects from {good} pages; {good} of {total} input files read" in (
        process.stdout
    )


def test_a_50_mb_file_is_refused_in_bounded_time(runs):
    # both runs together, 50 MB file included; reading it would take minutes and gigabytes
    assert runs["seconds"] < 150


def test_a_folder_of_thousands_of_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"p{i:04d}.txt").write_text(
            f"Projekt nummer {i}\nProjektägareFörening {i}\n"
            "Projektperiod2011-01-01 till 2012-01-01\n\nSammanfattning\nEtt kort projekt.\n",
            "utf-8",
        )
    started = time.monotonic()
    process = run_tnkg("extract", folder, "--jobs", "2", timeout=180)
    assert process.returncode == 0, process.stderr
    assert process.stdout.endswith("2000 records, 0 files failed\n")
    assert "  title:  Projekt nummer 1999\n" in process.stdout
    assert time.monotonic() - started < 120


@pytest.mark.skipif(not shutil.which("setpriv"), reason="setpriv (util-linux) is not installed")
def test_unreadable_file_is_reported_and_the_rest_read(tmp_path):
    folder = tmp_path / "locked-corpus"
    folder.mkdir()
    shutil.copy(SAMPLE_PAGES[0], folder / "good.txt")
    shutil.copy(SAMPLE_PAGES[1], folder / "locked.txt")
    (folder / "locked.txt").chmod(0)
    # root reads a mode-000 file through CAP_DAC_OVERRIDE; without those capabilities it
    # meets the permissions an ordinary user meets (and an ordinary user meets them anyway)
    drop = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
    prefix = drop if os.geteuid() == 0 else ()
    process = run_tnkg("extract", folder, "--json", prefix=prefix, timeout=120)
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert process.stderr == f"tnkg extract: {folder / 'locked.txt'}: permission denied, " \
        "cannot read the file\n"
    (record,) = json.loads(process.stdout)
    assert record["title"] == gold(SAMPLE_PAGES[0])["title"]
