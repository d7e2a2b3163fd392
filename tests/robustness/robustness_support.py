"""Helpers of the robustness tests: the real `tnkg` command in subprocesses, build states.

Robustness is about what a user sees: the exit status, the lines on stderr, the files left
in --out. So these tests run the installed `tnkg` script, never `main()` in-process.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from support import REPO, gold_json

from tnkg.kg.namespace import SCHEMA

TNKG = Path(sys.executable).with_name("tnkg")

COUNT_PROJECTS = f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{SCHEMA.Project}> }}"


def run_tnkg(*args: str | os.PathLike, timeout: float = 180, prefix: tuple[str, ...] = ()
             ) -> subprocess.CompletedProcess:
    """`tnkg ARGS` to completion, text output captured (`prefix` wraps it, e.g. setpriv)."""
    return subprocess.run(
        [*prefix, str(TNKG), *map(str, args)], capture_output=True, text=True, timeout=timeout,
        cwd=REPO,
    )


def gold(page: Path) -> dict:
    """The gold record of a bundled sample page, as its JSON."""
    return gold_json()[page.name]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class OutState:
    """What a reader of --out sees: the bytes of the main files and the store's answer."""

    graph_ttl: str
    records_json: str
    records: int
    store_projects: int


def out_state(out: Path) -> OutState:
    """The state of a build folder; raises if a file or the store cannot be read."""
    store = ox.Store.read_only(str(out / "store"))
    (solution,) = store.query(COUNT_PROJECTS, use_default_graph_as_union=True)
    projects = int(solution["n"].value)
    del store
    records = json.loads((out / "records.json").read_text("utf-8"))
    return OutState(sha256(out / "graph.ttl"), sha256(out / "records.json"), len(records),
                    projects)


def copy_out(source: Path, target: Path) -> Path:
    """A copy of a build folder, store symlink and cache included."""
    shutil.copytree(source, target, symlinks=True)
    return target

