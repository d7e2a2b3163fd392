"""What a user did to a built folder, and what must happen (issue 17, items 1, 2 and 6).

Each test runs the real `tnkg` command as a user does: a typo in the input folder, a page
folder that is half readable, a build killed with SIGKILL (its workers must not live on
holding the folder's lock), a lock left by such orphans, analysis files of an older graph,
the summary line with a project-bank export among the inputs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import psutil
import pytest
from robustness_support import TNKG, copy_out, out_state, run_tnkg
from support import REPO, SAMPLE_PAGES

from tnkg.outputs import JOURNAL, STAGING_PREFIX, recover
from tnkg.queries.network_file import read_network_file

pytestmark = pytest.mark.slow  # starts and kills real builds

EXPORT = REPO / "tests" / "data" / "csv" / "two-funds.csv"


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pages") / "pages"
    folder.mkdir()
    for page in SAMPLE_PAGES:
        shutil.copy(page, folder / page.name)
    return folder


@pytest.fixture(scope="module")
def built(sample_folder, tmp_path_factory) -> Path:
    """The five sample pages built once, with the real extractor; tests work on copies."""
    out = tmp_path_factory.mktemp("built") / "out"
    process = run_tnkg("build", sample_folder, "--out", out, "--jobs", "1")
    assert process.returncode == 0, process.stderr
    return out


def test_a_typo_in_the_input_folder_leaves_the_graph_as_it_was(built, tmp_path):
    out = copy_out(built, tmp_path / "out")
    before = out_state(out)
    process = run_tnkg("build", tmp_path / "typo-dir", "--out", out)
    assert process.returncode == 2
    assert process.stderr.splitlines() == [
        f"tnkg build: {tmp_path / 'typo-dir'}: cannot read: No such file or directory",
        f"tnkg build: no input could be read: {out}/ keeps the graph it had",
    ]
    assert out_state(out) == before
    assert before.store_projects == 5


def test_an_unreadable_input_removes_no_page_until_every_input_is_read(
    built, sample_folder, tmp_path
):
    out = copy_out(built, tmp_path / "out")
    pages = tmp_path / "pages"
    shutil.copytree(sample_folder, pages)
    assert run_tnkg("build", pages, "--out", out).returncode == 0
    for page in SAMPLE_PAGES[3:]:  # two pages moved away, and a path mistyped
        (pages / page.name).unlink()
    process = run_tnkg("build", pages, tmp_path / "missing.txt", "--out", out)
    assert process.returncode == 2, process.stderr
    assert "missing.txt: cannot read: No such file or directory" in process.stderr
    assert "kept 2 page(s) of the previous graph" in process.stderr
    assert "2 kept from the previous graph" in process.stdout
    assert out_state(out).store_projects == 5
    # every input read: the two pages no longer among them go
    process = run_tnkg("build", pages, "--out", out)
    assert process.returncode == 0, process.stderr
    assert "2 removed" in process.stdout
    assert out_state(out).store_projects == 3


def test_prune_removes_the_missing_pages_even_with_an_unreadable_input(built, sample_folder,
                                                                       tmp_path):
    out = copy_out(built, tmp_path / "out")
    pages = tmp_path / "pages"
    shutil.copytree(sample_folder, pages)
    assert run_tnkg("build", pages, "--out", out).returncode == 0
    for page in SAMPLE_PAGES[1:]:
        (pages / page.name).unlink()
    process = run_tnkg("build", pages, tmp_path / "missing.txt", "--out", out, "--prune")
    assert process.returncode == 2
    assert out_state(out).store_projects == 1


def test_analysis_files_of_an_older_graph_do_not_outlive_it(built, sample_folder, tmp_path):
    out = copy_out(built, tmp_path / "out")
    assert run_tnkg("analyze", "--out", out).returncode == 0
    analysis = ("overlaps.csv", "centrality.csv", "communities.json", "graph.graphml",
                "graph.gexf")
    assert all((out / name).exists() for name in analysis)
    # the same pages again: the graph is the same, so is its analysis
    process = run_tnkg("build", sample_folder, "--out", out)
    assert process.returncode == 0, process.stderr
    assert all((out / name).exists() for name in analysis)
    # other pages into the same folder: what analyze wrote no longer fits, and goes
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLE_PAGES[1], other / SAMPLE_PAGES[1].name)
    process = run_tnkg("build", other, "--out", out)
    assert process.returncode == 0, process.stderr
    assert not any((out / name).exists() for name in analysis)
    assert "removed overlaps.csv, centrality.csv" in process.stderr
    assert (out / "graph.html").exists()  # written anew with the new graph, in the same step
    assert read_network_file(out) is not None  # and the network analyze reads: of this graph
    assert out_state(out).store_projects == 1


def test_the_summary_counts_pages_and_exports_apart(sample_folder, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(sample_folder, inputs)
    shutil.copy(EXPORT, inputs / EXPORT.name)
    process = run_tnkg("build", inputs, "--out", tmp_path / "out", "--jobs", "1")
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith(
        "built 9 projects from 5 pages and 1 project-bank export (4 rows); 6 of 6 input "
        "files read ("
    )


def test_analyze_reports_the_nodes_of_the_files_it_writes(built, tmp_path):
    out = copy_out(built, tmp_path / "out")
    process = run_tnkg("analyze", "--out", out)
    assert process.returncode == 0, process.stderr
    G = nx.read_graphml(out / "graph.graphml")
    expected = (f"graph.graphml, graph.gexf: {G.number_of_nodes()} nodes, "
                f"{G.number_of_edges()} edges")
    assert any(line.startswith(expected) for line in process.stdout.splitlines()), process.stdout
    assert nx.read_gexf(out / "graph.gexf").number_of_nodes() == G.number_of_nodes()


def _write_generated_pages(folder: Path, count: int) -> None:
    sys.path.insert(0, str(REPO))
    try:
        from benchmarks.generate import write_corpus
    finally:
        sys.path.remove(str(REPO))
    write_corpus(folder, count, seed=7)


def test_a_build_killed_with_sigkill_leaves_no_worker_and_no_lock(tmp_path):
    pages = tmp_path / "pages"
    _write_generated_pages(pages, 60)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [str(TNKG), "build", str(pages), "--out", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        parent = psutil.Process(build.pid)
        deadline = time.monotonic() + 120
        while len(workers := parent.children()) < 2:
            assert build.poll() is None, "the build ended before its workers started"
            assert time.monotonic() < deadline, "no extraction workers in two minutes"
            time.sleep(0.05)
        os.kill(build.pid, signal.SIGKILL)  # the parent only, as the out-of-memory killer does
        build.wait()
        gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive, f"workers live on: {[p.pid for p in alive]}"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    process = run_tnkg("build", SAMPLE_PAGES[0], "--out", out, "--jobs", "1")
    assert process.returncode == 0, process.stderr
    assert "another `tnkg build`" not in process.stderr


HOLD_LOCK = """
import fcntl, sys, time
lock = open(sys.argv[1], "a+b")
fcntl.flock(lock, fcntl.LOCK_EX)
lock.truncate(0)
lock.write(sys.argv[2].encode())
lock.flush()
print("held", flush=True)
time.sleep(600)
"""


def test_a_lock_whose_holder_has_ended_is_taken_over(built, tmp_path):
    out = copy_out(built, tmp_path / "out")
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    # an orphan (say a worker of an older tnkg) keeps the flock; the build it belonged to,
    # the process named in the lock file, has ended
    orphan = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out / ".lock"), f"{ended.pid} -\n"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert orphan.stdout.readline() == "held\n"
        process = run_tnkg("build", SAMPLE_PAGES[0], "--out", out, "--jobs", "1")
        assert process.returncode == 0, process.stderr
        assert process.stderr.splitlines()[0] == (
            f"tnkg build: took over {out / '.lock'}: the build that held it "
            f"(process {ended.pid}) has ended"
        )
    finally:
        orphan.kill()
        orphan.wait()


def test_a_lock_held_by_a_running_build_is_not_taken_over(built, tmp_path):
    out = copy_out(built, tmp_path / "out")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out / ".lock"), "0 -\n"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        (out / ".lock").write_text(f"{holder.pid} -\n")
        process = run_tnkg("build", SAMPLE_PAGES[0], "--out", out, "--jobs", "1")
        assert process.returncode == 2
        assert process.stderr == (
            f"tnkg build: another `tnkg build` is writing {out} (lock {out / '.lock'} is held "
            f"by process {holder.pid}): wait for it to finish\n"
        )
    finally:
        holder.kill()
        holder.wait()


def test_a_swap_cut_short_is_finished_by_the_next_build(built, tmp_path):
    # SIGKILL between two moves of the swap: the store is new, the files are old. The plan
    # in the staging folder lets the next build (holding the lock) finish the swap first.
    out = copy_out(built, tmp_path / "out")
    new = copy_out(built, tmp_path / "new")  # stands for what the killed build had staged
    (new / "graph.ttl").write_text("# the new graph\n")
    staging = out / f"{STAGING_PREFIX}killed"
    staging.mkdir()
    generation = "store-of-the-killed-build"
    shutil.move(new / os.readlink(new / "store"), staging / generation)
    shutil.move(new / "graph.ttl", staging / "graph.ttl")
    (out / "overlaps.csv").write_text("stale\n")
    (staging / JOURNAL).write_text(
        f'{{"generation": "{generation}", "moves": ["graph.ttl"], "removals": ["overlaps.csv"]}}'
    )
    assert recover(out) == ["graph.ttl"]
    assert os.readlink(out / "store") == generation
    assert (out / "graph.ttl").read_text() == "# the new graph\n"
    assert not (out / "overlaps.csv").exists()
    assert not list(out.glob(f"{STAGING_PREFIX}*"))
