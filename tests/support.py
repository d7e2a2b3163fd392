"""What the tests share: where things are, the sample's gold records, the shared folder.

Test modules import it by name (`from support import ...`): pytest puts tests/ on the
import path for tests/conftest.py, and no other module of the suite is called `support`.

The gold records (tests/data/gold/*.json, copies of ../shared/gold) are what extraction
should give for the five bundled sample pages, in the JSON form of `tnkg extract --json`
without `sections`. `gold_json` reads them as they are; `gold_record` makes of one the
record the pipeline would hand to the graph (organisations resolved, as extraction does).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pickle
import shutil
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TypeVar

import pytest

from tnkg.extract.organisations import record_memberships
from tnkg.extract.record import ProjectRecord, record_from_json

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
GOLD_DIR = TESTS / "data" / "gold"
SAMPLE_DIR = REPO / "extract" / "corpus" / "esf-sample"
SAMPLE_PAGES = sorted(SAMPLE_DIR.glob("*.txt"))
REAL_CSV_NAME = "tillvaxtverket-projektbanken-2007-2013.csv"
# the real export built together with the ESF sample, as docs/tillvaxtverket.md does it
REAL_DATA_BUILD = (
    f"tnkg build ../shared/data/{REAL_CSV_NAME} extract/corpus/esf-sample --out tvv-out"
)

# where ../shared is when the repository is not checked out beside it (CI, another machine)
SHARED_ENV = "TNKG_SHARED_DIR"
# the extraction time of the builds whose outputs the golden files hold (2023-11-14T22:13:20Z)
GOLDEN_EPOCH = "1700000000"


@contextlib.contextmanager
def pinned_extraction_time(epoch: str = GOLDEN_EPOCH) -> Iterator[None]:
    """Builds inside record `epoch` as their extraction time ($SOURCE_DATE_EPOCH), so that
    two builds of the same pages give the same bytes."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@cache
def gold_json() -> dict[str, dict]:
    """The gold record of each bundled sample page, as its JSON, by the page's file name."""
    return {
        path.stem + ".txt": json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(GOLD_DIR.glob("*.json"))
    }


def gold_record(path: str | Path) -> ProjectRecord:
    """The gold record of a sample page as extraction hands it on: `source` is the path as
    given, the organisations are resolved, and places carry an empty evidence sentence (the
    gold records hold none)."""
    data = json.loads(json.dumps(gold_json()[Path(path).stem + ".txt"]))  # a copy to change
    data["source"] = str(path)
    for place in data.get("places", []):
        place.setdefault("evidence", "")
    rec = record_from_json(data)
    return replace(rec, memberships=record_memberships(rec))


def gold_extract(paths: Sequence[str], jobs: int, spacy_model: str | None):
    """An extractor for `build_graph` that reads the gold records of sample pages instead of
    parsing them: builds in the test process without loading the places pipeline."""
    return [gold_record(path) for path in paths], []


def shared_candidates() -> list[Path]:
    """Where the shared folder may be, in the order looked at: $TNKG_SHARED_DIR, ../shared
    beside this checkout, and ../shared beside the main checkout when this is a git worktree
    of it (`.git` is then a file naming the main repository's git folder)."""
    found = [Path(os.environ[SHARED_ENV])] if os.environ.get(SHARED_ENV) else []
    found.append(REPO.parent / "shared")
    git = REPO / ".git"
    if git.is_file():
        gitdir = Path(git.read_text("utf-8").split(":", 1)[1].strip())
        if gitdir.parent.name == "worktrees":  # <main>/.git/worktrees/<name>
            found.append(gitdir.parent.parent.parent.parent / "shared")
    return found


def shared_file(*parts: str) -> Path:
    """A file of the shared folder (`shared_file("tools", "score_extract.py")`); the test is
    skipped, saying where it looked, when no shared folder holds it."""
    looked = [folder.joinpath(*parts) for folder in shared_candidates()]
    for path in looked:
        if path.is_file():
            return path
    pytest.skip(f"{'/'.join(parts)} of the shared folder is absent (looked in: "
                f"{', '.join(str(p) for p in looked)}; set {SHARED_ENV} to point elsewhere)")


@dataclass(frozen=True)
class Outcome:
    """What a command printed (standard output and error, interleaved) and its exit code."""

    output: str
    code: int


def run_tnkg(argv: Sequence[str], cwd: Path, *, columns: int = 100) -> Outcome:
    """`tnkg ARGV` run in this process as the command line runs it, in folder `cwd`, with a
    terminal `columns` wide: what a subprocess would print, without loading spaCy and the
    gazetteer anew for each command. Signal handlers a command installs are put back."""
    from tnkg.cli import main

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    before, width = Path.cwd(), os.environ.get("COLUMNS")
    os.chdir(cwd)
    os.environ["COLUMNS"] = str(columns)
    try:
        with redirect_stdout(stream), redirect_stderr(stream):
            try:
                code = main(list(argv))
            except SystemExit as stop:  # argparse's usage errors
                code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    finally:
        os.chdir(before)
        if width is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = width
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    return Outcome(raw.getvalue().decode("utf-8"), code)


T = TypeVar("T")


def once_per_run(tmp_path_factory, worker_id: str, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` done once for the whole run: with pytest-xdist the first worker makes it
    in the run's folder while the others wait, then all read its (pickled) result; a plain run
    makes it in a temporary folder of its own. What it makes is read, never changed: a test
    that changes it works on a copy (`copy_workspace`)."""
    if worker_id == "master":
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's
    result = root / f"{name}.pickle"
    with (root / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            folder = root / name
            folder.mkdir()
            result.write_bytes(pickle.dumps(make(folder)))
        return pickle.loads(result.read_bytes())


def copy_workspace(repo: Path, target: Path) -> Path:
    """A copy under `target` of the workspace `repo` (`make_workspace`), links kept as links:
    the same repository and shared folder, its own outputs."""
    shutil.copytree(repo.parent, target / "workspace", symlinks=True)
    return target / "workspace" / repo.name


def make_workspace(folder: Path) -> Path:
    """`folder/repo`, laid out as the repository is for a user (its top-level files and
    folders linked in, `../shared` beside it when there is one), for commands to run in as
    the docs write them, without touching the checkout."""
    repo = folder / "repo"
    repo.mkdir(parents=True)
    for entry in REPO.iterdir():
        if not entry.name.startswith(".") and entry.name not in {"tnkg-out", "bench-out"}:
            (repo / entry.name).symlink_to(entry)
    shared = next((path for path in shared_candidates() if path.is_dir()), None)
    if shared is not None:
        (folder / "shared").symlink_to(shared)
    return repo
