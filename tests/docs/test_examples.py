"""Every example of the README and docs/ runs and prints what the page shows, so the docs
cannot drift from the program (the rules of an example: tests/docs/doc_examples.py)."""

from __future__ import annotations

import os
import re
import shutil
import warnings
from pathlib import Path

import pytest
from doc_examples import DIRECTIVE, PageRun, pages, read_blocks
from support import REAL_DATA_BUILD, copy_workspace, make_workspace, shared_candidates

pytestmark = pytest.mark.slow  # runs every command the docs show

REAL_DATA = re.compile(r"^<!-- examples: on the real export -->$", re.M)
UPDATE = "TNKG_UPDATE_DOCS"


def _workspace(tmp_path: Path, demo_workspace: Path) -> Path:
    repo = make_workspace(tmp_path)
    shutil.copytree(demo_workspace / "tnkg-out", repo / "tnkg-out", symlinks=True)
    return repo


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_example_of_the_page_runs_as_shown(page, tmp_path, demo_workspace, request):
    recorded = {}
    if REAL_DATA.search(page.read_text("utf-8")):
        shared_repo, outcome = request.getfixturevalue("real_data_build")
        repo = copy_workspace(shared_repo, tmp_path)  # the examples write into their folder
        shutil.copytree(demo_workspace / "tnkg-out", repo / "tnkg-out", dirs_exist_ok=True)
        recorded = {REAL_DATA_BUILD: outcome}
    else:
        repo = _workspace(tmp_path, demo_workspace)
    shared = any(p.is_dir() for p in shared_candidates())
    run = PageRun(repo, recorded, shared=shared, update=os.environ.get(UPDATE) == "1")
    run.run_page(page)
    for skipped in run.skipped:
        warnings.warn(f"example not run: {skipped}", stacklevel=1)


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_nothing_that_looks_like_an_example_escapes_the_runner(page):
    text = page.read_text("utf-8")
    for block in read_blocks(page):
        if block.kind == "text":
            shown = [line for line in block.text.split("\n") if line.startswith(("$ ", ">>> "))]
            assert not shown, f"{block.where}: a command in a block the runner skips: {shown}"
    outside = re.sub(r"^(`{3,}).*?^\1\s*$", "", text, flags=re.M | re.S)
    indented = re.findall(r"^ {4,}(?:\$|>>>) .*$", outside, flags=re.M)
    assert not indented, f"{page.name}: indented examples are not run; fence them: {indented}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_an_example_not_run_says_why(page):
    for directive in DIRECTIVE.findall(page.read_text("utf-8")):
        assert directive.startswith(("not run, ", "needs the shared folder", "setup")), directive
        if directive.startswith("not run"):
            assert len(directive) > len("not run, ") + 10, f"{page.name}: {directive}"
