"""Fixtures shared by every test package: where things are, the sample gold records, and one
places-gazetteer cache for the whole run."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from support import (
    REAL_CSV_NAME,
    REAL_DATA_BUILD,
    REPO,
    SAMPLE_DIR,
    SAMPLE_PAGES,
    Outcome,
    gold_json,
    make_workspace,
    once_per_run,
    pinned_extraction_time,
    run_tnkg,
    shared_file,
)

CACHE_ENV = "TNKG_CACHE_DIR"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    """Point the gazetteer cache at a folder of this run, before any test module is imported.

    The gazetteer is pickled under $TNKG_CACHE_DIR after its first build (seconds of CPU).
    One folder for the run, in the environment, means the test process and every `tnkg`
    subprocess it starts (which inherit the environment) share one build, and the run
    neither reads a stale cache from the user's home nor writes into it. A caller that sets
    TNKG_CACHE_DIR itself (a CI cache kept between runs) keeps its folder.
    """
    if os.environ.get(CACHE_ENV):
        return
    folder = tempfile.mkdtemp(prefix="tnkg-test-cache-")
    os.environ[CACHE_ENV] = folder

    def remove() -> None:
        os.environ.pop(CACHE_ENV, None)
        shutil.rmtree(folder, ignore_errors=True)

    config.add_cleanup(remove)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Test files holding a `slow` test run first: under `make test` each of the two
    workers takes a whole file at a time, in this order (`--no-loadscope-reorder`; xdist
    would otherwise start with the files of most tests, which are quick), and a long file
    taken last would run alone at the end while the other worker idles."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)  # stable: order within a file kept


@pytest.fixture(scope="session")
def gazetteer_cache() -> Path:
    """The run's gazetteer cache folder, with the gazetteer built into it.

    Request it before starting subprocesses that load the places pipeline: they then read
    the pickle instead of each building it (parallel workers would all build at once).
    """
    from tnkg.extract.gazetteer_cache import load_gazetteer

    load_gazetteer()
    return Path(os.environ[CACHE_ENV])


@pytest.fixture(scope="session")
def pipeline_sample_dir(built_sample) -> Path:
    """The five sample pages built by the real extraction pipeline, as `make demo` does: the
    demo graph the query, viz and benchmark tests read (none writes into it)."""
    return built_sample


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's top folder."""
    return REPO


@pytest.fixture(scope="session")
def gold_records() -> dict[str, dict]:
    """The gold record of each bundled sample page, as its JSON, by the page's file name."""
    return gold_json()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by playwright (no browser download), one per run.

    Shared by every package: playwright's sync API allows one instance per thread, so a
    second fixture launching its own would fail while this one is open (and launching
    Chromium is the slow part).
    """
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (`make browser` installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()



@pytest.fixture(scope="session")
def real_data_build(tmp_path_factory, worker_id, gazetteer_cache) -> tuple[Path, Outcome]:
    """A workspace (see `make_workspace`) in which `REAL_DATA_BUILD` ran, and what it
    printed: built once for the run, shared by the test workers, so read it or copy it
    (`copy_workspace`); skipped when the shared folder lacks the real export."""
    shared_file("data", REAL_CSV_NAME)

    def build(folder: Path) -> tuple[Path, Outcome]:
        repo = make_workspace(folder)
        with pinned_extraction_time():  # its outputs are held to tests/golden/real-csv.json
            return repo, run_tnkg(REAL_DATA_BUILD.split()[1:], repo)

    return once_per_run(tmp_path_factory, worker_id, "real-data", build)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory, gazetteer_cache) -> Path:
    """The bundled sample built by the real pipeline as the golden outputs are (extraction
    time pinned, pages named relative to their folder), with its analysis and page: shared
    by the golden test and the query tests, which only read it."""
    from golden.outputs import build

    out = tmp_path_factory.mktemp("sample-pipeline")
    return build([page.name for page in SAMPLE_PAGES], out, folder=SAMPLE_DIR)


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory, gazetteer_cache) -> Path:
    """A workspace (`support.make_workspace`) holding `tnkg-out` as `make demo` builds it
    (`tnkg build --out tnkg-out`): where the docs' examples run, copied for each page."""
    repo = make_workspace(tmp_path_factory.mktemp("docs-demo"))
    outcome = run_tnkg(["build", "--out", "tnkg-out"], repo)
    assert outcome.code == 0, outcome.output
    return repo
